import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const CONSULTATION_STATUSES = ['scheduled', 'running', 'ended', 'cancelled', 'missed'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];
export const DIAL_MODES = ['sequential', 'parallel'] as const;
export type DialMode = (typeof DIAL_MODES)[number];
export type LegState = 'dialing' | 'joined' | 'left' | 'failed';

@Entity('consultations')
export class Consultation {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ name: 'official_id', type: 'integer' }) officialId!: number;
  @Column({ type: 'text' }) topic!: string;
  @Column({ name: 'topic_code', type: 'varchar', nullable: true }) topicCode!: string | null;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ name: 'duration_minutes', type: 'integer' }) durationMinutes!: number;
  @Column({ type: 'integer' }) capacity!: number;
  /** The ConfBridge room (an 8XXX extension of the `consult` context). */
  @Column({ type: 'varchar' }) room!: string;
  /** What a citizen dialling in keys in; the server hands it to Asterisk as a global variable. */
  @Column({ type: 'varchar' }) pin!: string;
  @Column({ name: 'dial_mode', type: 'varchar' }) dialMode!: DialMode;
  @Column({ name: 'auto_start', type: 'boolean' }) autoStart!: boolean;
  @Column({ type: 'varchar' }) status!: ConsultationStatus;
  @Column({ type: 'varchar', nullable: true }) alert!: string | null;
  /** Where the official's .ics invitation is mailed (users have no e-mail of their own yet). */
  @Column({ name: 'invite_email', type: 'varchar', nullable: true }) inviteEmail!: string | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason!: string | null;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
  @Column({ name: 'created_by', type: 'integer' }) createdBy!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity('consultation_participants')
export class ConsultationParticipant {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ name: 'consultation_id', type: 'integer' }) consultationId!: number;
  @Column({ name: 'citizen_id', type: 'integer' }) citizenId!: number;
  @Column({ type: 'varchar' }) phone!: string;
  @Column({ type: 'text' }) question!: string;
  @Column({ name: 'topic_code', type: 'varchar', nullable: true }) topicCode!: string | null;
  @Column({ type: 'integer' }) position!: number;
  @Column({ name: 'call_id', type: 'varchar', nullable: true }) callId!: string | null;
  @Column({ name: 'registered_by', type: 'integer' }) registeredBy!: number;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt!: Date;
  @Column({ type: 'varchar', nullable: true }) outcome!: 'answered' | 'request' | null;
  @Column({ name: 'request_id', type: 'integer', nullable: true }) requestId!: number | null;
  @Column({ name: 'outcome_at', type: 'timestamptz', nullable: true }) outcomeAt!: Date | null;
}

@Entity('consultation_legs')
export class ConsultationLeg {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ name: 'consultation_id', type: 'integer' }) consultationId!: number;
  @Column({ name: 'participant_id', type: 'integer', nullable: true }) participantId!: number | null;
  @Column({ type: 'varchar' }) who!: 'official' | 'citizen' | 'guest';
  @Column({ type: 'varchar' }) number!: string;
  @Column({ type: 'varchar' }) direction!: 'out' | 'in';
  /** The Uniqueid we gave the channel (Originate ChannelId), or Asterisk's for a dial-in. */
  @Column({ name: 'channel_id', type: 'varchar' }) channelId!: string;
  @Column({ type: 'varchar', nullable: true }) channel!: string | null;
  @Column({ type: 'varchar' }) state!: LegState;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ name: 'last_outcome', type: 'varchar', nullable: true }) lastOutcome!: string | null;
  @Column({ name: 'dialed_at', type: 'timestamptz' }) dialedAt!: Date;
  @Column({ name: 'joined_at', type: 'timestamptz', nullable: true }) joinedAt!: Date | null;
  @Column({ name: 'left_at', type: 'timestamptz', nullable: true }) leftAt!: Date | null;
  /** A failed attempt is dialled again then; null when no retry is pending. */
  @Column({ name: 'retry_at', type: 'timestamptz', nullable: true }) retryAt!: Date | null;
}

/** What the yearly report reads: one row per consultation, rewritten when it ends or an outcome is recorded. */
@Entity('consultation_summaries')
export class ConsultationSummary {
  @PrimaryColumn({ name: 'consultation_id', type: 'integer' }) consultationId!: number;
  @Column({ name: 'official_id', type: 'integer' }) officialId!: number;
  @Column({ name: 'topic_code', type: 'varchar', nullable: true }) topicCode!: string | null;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ type: 'boolean' }) held!: boolean;
  @Column({ type: 'integer' }) questions!: number;
  @Column({ type: 'integer' }) answered!: number;
  @Column({ name: 'requests_made', type: 'integer' }) requestsMade!: number;
  @Column({ name: 'legs_dialled', type: 'integer' }) legsDialled!: number;
  @Column({ name: 'legs_joined', type: 'integer' }) legsJoined!: number;
  @Column({ name: 'duration_seconds', type: 'integer' }) durationSeconds!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
