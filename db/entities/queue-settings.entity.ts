import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A queue's live-page settings (our service level threshold, wallboard colours), set by a supervisor. */
@Entity('queue_settings')
export class QueueSettings {
  @PrimaryColumn({ type: 'varchar' }) queue!: string;
  @Column({ name: 'service_level_seconds', type: 'integer', default: 20 }) serviceLevelSeconds!: number;
  @Column({ type: 'jsonb' }) thresholds!: Record<string, number>;
  @Column({ name: 'display_name', type: 'varchar', length: 80, nullable: true }) displayName!: string | null;
  @Column({ name: 'updated_by', type: 'integer', nullable: true }) updatedBy!: number | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
