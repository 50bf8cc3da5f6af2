import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A partner's key to the Open311 API: only its SHA-256 is kept; the key itself is shown once, when made. */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar' }) name!: string;
  @Column({ name: 'key_hash', type: 'char' }) keyHash!: string;
  /** The key's first characters, so an admin can tell keys apart without the key. */
  @Column({ name: 'key_prefix', type: 'varchar' }) keyPrefix!: string;
  @Column({ name: 'rate_per_minute', type: 'integer' }) ratePerMinute!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'created_by', type: 'integer', nullable: true }) createdBy!: number | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true }) lastUsedAt!: Date | null;
}

/** Hits of one bucket (a key, or an address without one) in one minute: the limit holds across nodes. */
@Entity('api_rate_windows')
export class ApiRateWindow {
  @PrimaryColumn({ type: 'varchar' }) bucket!: string;
  @PrimaryColumn({ name: 'window_start', type: 'timestamptz' }) windowStart!: Date;
  @Column({ type: 'integer' }) hits!: number;
}

/** A topic the city offers through Open311 (a row makes it public), with the attributes it asks for. */
@Entity('open311_services')
export class Open311Service {
  @PrimaryColumn({ name: 'topic_code', type: 'varchar' }) topicCode!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'text', nullable: true }) keywords!: string | null;
  @Column({ type: 'jsonb' }) attributes!: unknown[];
}

/** The token of a request posted through Open311 (`tokens/{token}`), the key that posted it and its attributes. */
@Entity('open311_tokens')
export class Open311Token {
  @PrimaryColumn({ type: 'varchar' }) token!: string;
  @Column({ name: 'request_id', type: 'integer' }) requestId!: number;
  @Column({ name: 'api_key_id', type: 'integer' }) apiKeyId!: number;
  @Column({ type: 'jsonb' }) attributes!: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A citizen's e-mail address: an applicant who writes from an app is found by it as a caller is by phone. */
@Entity('citizen_emails')
export class CitizenEmail {
  @PrimaryColumn({ name: 'citizen_id', type: 'integer' }) citizenId!: number;
  @PrimaryColumn({ type: 'varchar' }) email!: string;
}
