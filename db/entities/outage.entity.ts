import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An outage or planned works: what, where (a district, streets, buildings), since when, and what agents read out. */
@Entity('outages')
export class Outage {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar', length: 16 }) kind!: string;
  @Column({ type: 'boolean', default: false }) planned!: boolean;
  @Column({ name: 'district_code', type: 'varchar', length: 8, nullable: true }) districtCode!: string | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) addresses!: { street: string; buildings: string | null }[];
  @Column({ name: 'executor_id', type: 'integer', nullable: true }) executorId!: number | null;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ name: 'expected_end_at', type: 'timestamptz', nullable: true }) expectedEndAt!: Date | null;
  @Column({ type: 'text' }) text!: string;
  @Column({ name: 'incident_id', type: 'integer', nullable: true }) incidentId!: number | null;
  @Column({ name: 'suspicion_id', type: 'integer', nullable: true }) suspicionId!: number | null;
  @Column({ name: 'created_by', type: 'integer', nullable: true }) createdBy!: number | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'closed_by', type: 'integer', nullable: true }) closedBy!: number | null;
}

/** A street's old name and its new one: the normaliser matches either (reference data admins edit). */
@Entity('street_renames')
export class StreetRenameRow {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ name: 'old_name', type: 'text' }) oldName!: string;
  @Column({ name: 'new_name', type: 'text' }) newName!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A burst of calls about one thing from one street that looks like an outage nobody declared. */
@Entity('outage_suspicions')
export class OutageSuspicion {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ name: 'street_key', type: 'text' }) streetKey!: string;
  @Column({ type: 'text' }) street!: string;
  @Column({ type: 'text', nullable: true }) buildings!: string | null;
  @Column({ name: 'topic_group', type: 'varchar', length: 32 }) topicGroup!: string;
  @Column({ name: 'district_code', type: 'varchar', length: 8, nullable: true }) districtCode!: string | null;
  @Column({ type: 'integer' }) calls!: number;
  @Column({ name: 'call_ids', type: 'text', array: true }) callIds!: string[];
  @Column({ type: 'timestamptz' }) since!: Date;
  @Column({ name: 'last_at', type: 'timestamptz' }) lastAt!: Date;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ name: 'outage_id', type: 'integer', nullable: true }) outageId!: number | null;
  @Column({ name: 'decided_by', type: 'integer', nullable: true }) decidedBy!: number | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** How many calls in how many minutes make a spike, per topic group (defaults 5 in 15 when no row). */
@Entity('spike_settings')
export class SpikeSettingsRow {
  @PrimaryColumn({ name: 'topic_group', type: 'varchar', length: 32 }) topicGroup!: string;
  @Column({ type: 'integer' }) calls!: number;
  @Column({ type: 'integer' }) minutes!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
