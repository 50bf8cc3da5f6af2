import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('citizens')
export class Citizen {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ name: 'full_name', type: 'text', nullable: true }) fullName!: string | null;
  @Column({ type: 'text', nullable: true }) address!: string | null;
  @Column({ name: 'district_code', type: 'varchar', nullable: true }) districtCode!: string | null;
  /** Applicant category of classifier 858 section 7 (e.g. war veteran); privileged ones are served first. */
  @Column({ type: 'varchar', nullable: true }) category!: string | null;
  @Column({ name: 'social_status', type: 'varchar', nullable: true }) socialStatus!: string | null;
  @Column({ type: 'boolean' }) privileged!: boolean;
  /** Do not disclose the name (Art. 5 of the Law on citizens' appeals). */
  @Column({ type: 'boolean' }) confidential!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity('citizen_phones')
export class CitizenPhone {
  @PrimaryColumn({ name: 'citizen_id', type: 'integer' }) citizenId!: number;
  /** E.164, e.g. +380671234567. */
  @PrimaryColumn({ type: 'varchar' }) phone!: string;
}
