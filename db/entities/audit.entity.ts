import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Who read or changed what, and when: personal data access is accountable. */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @CreateDateColumn({ type: 'timestamptz' }) at!: Date;
  @Column({ name: 'user_id', type: 'integer', nullable: true }) userId!: number | null;
  @Column({ type: 'varchar' }) action!: string;
  @Column({ type: 'varchar' }) entity!: string;
  @Column({ name: 'entity_id', type: 'varchar', nullable: true }) entityId!: string | null;
  @Column({ type: 'jsonb', nullable: true }) detail!: Record<string, unknown> | null;
  @Column({ type: 'varchar', nullable: true }) ip!: string | null;
}
