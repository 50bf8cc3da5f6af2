import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const ROLES = ['agent', 'supervisor', 'official', 'executor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
export class User {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar' }) username!: string;
  @Column({ name: 'full_name', type: 'text' }) fullName!: string;
  @Column({ type: 'varchar' }) role!: Role;
  /** The queue member interface that rings this agent, e.g. `PJSIP/1001`. */
  @Column({ type: 'varchar', nullable: true }) interface!: string | null;
  @Column({ type: 'varchar', nullable: true }) phone!: string | null;
  /** The organisation an executor works for; null for every other role. */
  @Column({ name: 'executor_id', type: 'integer', nullable: true }) executorId!: number | null;
  @Column({ name: 'password_hash', type: 'text', select: false }) passwordHash!: string;
  /** The softphone's SIP password, encrypted (server/softphone/sip-secret.ts); null = no softphone in the console. */
  @Column({ name: 'sip_password_enc', type: 'text', nullable: true, select: false }) sipPasswordEnc!: string | null;
  @Column({ type: 'boolean' }) active!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('sessions')
export class Session {
  /** SHA-256 of the token in the cookie: a stolen table does not give live sessions. */
  @PrimaryColumn({ type: 'char', length: 64 }) id!: string;
  @Column({ name: 'user_id', type: 'integer' }) userId!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'varchar', nullable: true }) ip!: string | null;
  @Column({ name: 'user_agent', type: 'text', nullable: true }) userAgent!: string | null;
}

/** Failed logins of one (typed) username from one source address; the login limiter's memory. */
@Entity('login_failures')
export class LoginFailure {
  @PrimaryColumn({ type: 'text' }) username!: string;
  @PrimaryColumn({ type: 'text' }) source!: string;
  @Column({ type: 'integer' }) failures!: number;
  @Column({ name: 'last_failed_at', type: 'timestamptz' }) lastFailedAt!: Date;
}
