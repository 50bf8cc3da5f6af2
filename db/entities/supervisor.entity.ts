import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ABANDONED_OUTCOMES = ['reached', 'no_answer', 'wrong_number', 'not_needed'] as const;
export type AbandonedOutcomeKind = (typeof ABANDONED_OUTCOMES)[number];

/** A callback to a caller on the abandoned-caller worklist: who tried, when, and how it went. */
@Entity('abandoned_outcomes')
export class AbandonedOutcome {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar' }) phone!: string;
  @Column({ type: 'varchar' }) outcome!: AbandonedOutcomeKind;
  @Column({ name: 'user_id', type: 'integer' }) userId!: number;
  @Column({ name: 'call_id', type: 'varchar', nullable: true }) callId!: string | null;
  @Column({ type: 'timestamptz' }) at!: Date;
}

/** One weekly digest sent, or tried and failed (then pg-boss tries again and another row follows). */
@Entity('digest_runs')
export class DigestRun {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar' }) kind!: 'executor' | 'ranking';
  @Column({ type: 'date' }) week!: string;
  @Column({ name: 'executor_id', type: 'integer', nullable: true }) executorId!: number | null;
  @Column({ type: 'text', array: true }) recipients!: string[];
  @Column({ type: 'integer' }) items!: number;
  @Column({ type: 'varchar' }) status!: 'sent' | 'failed';
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ type: 'integer' }) attempt!: number;
  @Column({ type: 'timestamptz' }) at!: Date;
}
