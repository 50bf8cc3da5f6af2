import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A day left out of the forecast's averages (an air-raid day, an outage), marked by an admin or supervisor. */
@Entity('staffing_exception_days')
export class StaffingExceptionDay {
  @PrimaryColumn({ type: 'date' }) day!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'created_by', type: 'integer', nullable: true }) createdBy!: number | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** Agents scheduled on a queue for the half hour starting at `startsAt`. */
@Entity('staffing_rota')
export class StaffingRota {
  @PrimaryColumn({ type: 'varchar' }) queue!: string;
  @PrimaryColumn({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ type: 'integer' }) agents!: number;
  @Column({ name: 'updated_by', type: 'integer', nullable: true }) updatedBy!: number | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
