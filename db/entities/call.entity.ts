import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `busy` and `no_answer` are click-to-call outcomes, read from the citizen's leg. */
export type CallOutcome = 'in_progress' | 'answered' | 'abandoned' | 'unanswered' | 'busy' | 'no_answer' | 'failed';
/** `callback`: the outcome recorded for an abandoned caller called back is that call's wrap-up. */
export type WrapUpKind = 'request' | 'attached' | 'consultation' | 'callback';

/** A call through the queues (or an agent's click-to-call), keyed by Asterisk's Linkedid. */
@Entity('calls')
export class Call {
  @PrimaryColumn({ type: 'varchar' }) id!: string;
  @Column({ name: 'caller_number', type: 'varchar', nullable: true }) callerNumber!: string | null;
  @Column({ name: 'caller_name', type: 'text', nullable: true }) callerName!: string | null;
  @Column({ name: 'citizen_id', type: 'integer', nullable: true }) citizenId!: number | null;
  @Column({ type: 'varchar', nullable: true }) queue!: string | null;
  @Column({ name: 'agent_user_id', type: 'integer', nullable: true }) agentUserId!: number | null;
  @Column({ type: 'varchar', nullable: true }) interface!: string | null;
  @Column({ type: 'varchar' }) direction!: 'in' | 'out';
  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true }) queuedAt!: Date | null;
  @Column({ name: 'offered_at', type: 'timestamptz', nullable: true }) offeredAt!: Date | null;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt!: Date | null;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
  /** The end was not seen (the PBX or the link went away): `endedAt` is when the call was last known alive. */
  @Column({ name: 'ended_estimated', type: 'boolean', default: false }) endedEstimated!: boolean;
  @Column({ name: 'hold_seconds', type: 'integer', nullable: true }) holdSeconds!: number | null;
  @Column({ name: 'talk_seconds', type: 'integer', nullable: true }) talkSeconds!: number | null;
  @Column({ type: 'varchar' }) outcome!: CallOutcome;
  @Column({ name: 'hangup_by', type: 'varchar', nullable: true }) hangupBy!: string | null;
  @Column({ name: 'wrap_up_kind', type: 'varchar', nullable: true }) wrapUpKind!: WrapUpKind | null;
  @Column({ name: 'wrap_up_topic_code', type: 'varchar', nullable: true }) wrapUpTopicCode!: string | null;
  @Column({ name: 'wrapped_up_at', type: 'timestamptz', nullable: true }) wrappedUpAt!: Date | null;
}

@Entity('call_requests')
export class CallRequest {
  @PrimaryColumn({ name: 'call_id', type: 'varchar' }) callId!: string;
  @PrimaryColumn({ name: 'request_id', type: 'integer' }) requestId!: number;
}
