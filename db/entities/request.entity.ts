import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const SOURCES = ['call', 'web', 'ukc1545', 'regional_hotline', 'written', 'personal', 'e_petition', 'consultation'] as const;
export type Source = (typeof SOURCES)[number];
export const KINDS = ['proposal', 'application', 'complaint'] as const;
export type RequestKind = (typeof KINDS)[number];
export const SUBJECTS = ['individual', 'collective', 'anonymous'] as const;
export type Subject = (typeof SUBJECTS)[number];
/** An appeal under the Law on citizens' appeals, or a contact-center service request (the yearly report counts them apart). */
export const CATEGORIES = ['appeal', 'service'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The registration card of an appeal (Instruction 348) together with its work state. */
@Entity('requests')
export class Request {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar' }) number!: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ type: 'varchar' }) source!: Source;
  @Column({ name: 'external_number', type: 'varchar', nullable: true }) externalNumber!: string | null;
  @Column({ type: 'varchar' }) kind!: RequestKind;
  @Column({ type: 'varchar' }) subject!: Subject;
  @Column({ type: 'integer', nullable: true }) signatories!: number | null;
  @Column({ type: 'varchar' }) category!: Category;
  /** A code of the addressees list (city_leadership, department, …). */
  @Column({ type: 'varchar' }) addressee!: string;
  @Column({ name: 'topic_code', type: 'varchar' }) topicCode!: string;
  @Column({ name: 'citizen_id', type: 'integer', nullable: true }) citizenId!: number | null;
  @Column({ type: 'text', nullable: true }) address!: string | null;
  /** The address is the applicant's home (copied from their card at registration); set by a trigger. */
  @Column({ name: 'address_is_home', type: 'boolean' }) addressIsHome!: boolean;
  /** The home's building (the address without its flat) when the address is the home: what executors may search. */
  @Column({ name: 'home_building', type: 'text', nullable: true }) homeBuilding!: string | null;
  /** For a confidential applicant: the description without their name and flat, as executors read and search it. */
  @Column({ name: 'executor_description', type: 'text', nullable: true }) executorDescription!: string | null;
  @Column({ name: 'district_code', type: 'varchar', nullable: true }) districtCode!: string | null;
  @Column({ type: 'text' }) description!: string;
  /** The description may be shown to the public (Open311), redacted; posted through Open311 = public. */
  @Column({ name: 'public_text', type: 'boolean', default: false }) publicText!: boolean;
  /** Where it is (WGS-84), when the applicant's app said so. */
  @Column({ type: 'double precision', nullable: true }) lat!: number | null;
  @Column({ type: 'double precision', nullable: true }) long!: number | null;
  @Column({ name: 'executor_id', type: 'integer', nullable: true }) executorId!: number | null;
  @Column({ type: 'varchar' }) status!: string;
  @Column({ type: 'varchar', nullable: true }) result!: string | null;
  @Column({ type: 'text', nullable: true }) answer!: string | null;
  @Column({ name: 'needs_study', type: 'boolean' }) needsStudy!: boolean;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Column({ name: 'extended_days', type: 'integer' }) extendedDays!: number;
  @Column({ type: 'text', array: true }) flags!: string[];
  @Column({ name: 'rework_count', type: 'integer' }) reworkCount!: number;
  @Column({ type: 'smallint', nullable: true }) satisfaction!: number | null;
  @Column({ name: 'incident_id', type: 'integer', nullable: true }) incidentId!: number | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ name: 'callback_attempts', type: 'integer' }) callbackAttempts!: number;
  @Column({ name: 'last_callback_at', type: 'timestamptz', nullable: true }) lastCallbackAt!: Date | null;
  /** An executor's ask for more time, waiting for a supervisor (approve_extension / reject_extension). */
  @Column({ name: 'pending_extension', type: 'jsonb', nullable: true }) pendingExtension!: Record<string, unknown> | null;
  @Column({ name: 'created_by', type: 'integer', nullable: true }) createdBy!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  /** Optimistic locking: two users changing the same request at once — one wins, the other gets 409. */
  @VersionColumn({ type: 'integer' }) version!: number;
}

/** One line of a request's timeline: who did what, when, with which comment. */
@Entity('request_events')
export class RequestEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'request_id', type: 'integer' }) requestId!: number;
  @CreateDateColumn({ type: 'timestamptz' }) at!: Date;
  @Column({ name: 'actor_id', type: 'integer', nullable: true }) actorId!: number | null;
  @Column({ type: 'varchar' }) action!: string;
  @Column({ name: 'from_status', type: 'varchar', nullable: true }) fromStatus!: string | null;
  @Column({ name: 'to_status', type: 'varchar', nullable: true }) toStatus!: string | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column({ type: 'jsonb', nullable: true }) data!: Record<string, unknown> | null;
}
