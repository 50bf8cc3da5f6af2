import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('districts')
export class District {
  @PrimaryColumn({ type: 'varchar' }) code!: string;
  @Column({ name: 'name_uk', type: 'text' }) nameUk!: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn!: string;
}

export type DeadlineKind = 'emergency_24h' | 'days_15' | 'days_30';

@Entity('topics')
export class Topic {
  @PrimaryColumn({ type: 'varchar' }) code!: string;
  @Column({ name: 'parent_code', type: 'varchar', nullable: true }) parentCode!: string | null;
  @Column({ name: 'name_uk', type: 'text' }) nameUk!: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn!: string;
  @Column({ name: 'report_group', type: 'varchar' }) reportGroup!: string;
  @Column({ type: 'varchar', nullable: true }) deadline!: DeadlineKind | null;
  @Column({ name: 'emergency_hours', type: 'integer', nullable: true }) emergencyHours!: number | null;
  @Column({ name: 'executor_kind', type: 'varchar', nullable: true }) executorKind!: string | null;
  @Column({ type: 'varchar', nullable: true }) klas858!: string | null;
  @Column({ type: 'boolean' }) active!: boolean;
}

export type ExecutorKind = 'utility' | 'department' | 'district';

@Entity('executors')
export class Executor {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar' }) code!: string;
  @Column({ name: 'name_uk', type: 'text' }) nameUk!: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn!: string;
  @Column({ type: 'varchar' }) kind!: ExecutorKind;
  @Column({ type: 'text', array: true }) handles!: string[];
  @Column({ name: 'district_code', type: 'varchar', nullable: true }) districtCode!: string | null;
  @Column({ type: 'boolean' }) active!: boolean;
  /** Where the weekly digest of its overdue requests goes; null = nobody to send it to. */
  @Column({ type: 'varchar', nullable: true }) email!: string | null;
}

@Entity('routing_rules')
export class RoutingRule {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ name: 'topic_code', type: 'varchar' }) topicCode!: string;
  @Column({ name: 'district_code', type: 'varchar', nullable: true }) districtCode!: string | null;
  @Column({ name: 'executor_id', type: 'integer' }) executorId!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** To whom an appeal was addressed (the city's leadership, a department, …); admins may add more. */
@Entity('addressees')
export class Addressee {
  @PrimaryColumn({ type: 'varchar' }) code!: string;
  @Column({ name: 'name_uk', type: 'text' }) nameUk!: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn!: string;
  @Column({ type: 'integer' }) position!: number;
}
