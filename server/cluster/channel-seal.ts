import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Why a message on the cluster channel was not believed. */
export type DropReason = 'unsigned' | 'forged' | 'stale' | 'replayed';

export type Opened<T> = { ok: true; value: T } | { ok: false; reason: DropReason };

export interface ChannelSealOptions {
  /** SESSION_SECRET: every node of a cluster has the same one, nobody else has it. */
  secret: string;
  /** How far a message's time may be from this node's clock, either way (ms). */
  windowMs?: number;
  now?: () => number;
}

const TEXT_PREFIX = 'hc1.';
const VERSION = 1;
const TIME = 8;
const NONCE = 12;
const TAG = 16;
const HEADER = 1 + TIME + NONCE + TAG;

/**
 * Seals what the nodes tell each other through PostgreSQL, where any role that can connect may LISTEN and
 * NOTIFY on any channel: AES-256-GCM (a key derived from SESSION_SECRET, never the secret itself) so that a
 * listener learns nothing (callers' numbers travel here) and a message not sealed by a node is refused; the
 * sender's time and a random nonce are authenticated with it, so an overheard message replayed later is
 * refused too (too old, or its nonce already seen within the window).
 */
export function createChannelSeal(o: ChannelSealOptions) {
  const key = Buffer.from(hkdfSync('sha256', o.secret, 'hromada-contact', 'cluster channel v1', 32));
  const windowMs = o.windowMs ?? 30_000;
  const now = o.now ?? Date.now;
  const seen = createNonceMemory(windowMs);

  function sealBytes(plain: Buffer, context: string): Buffer {
    const head = Buffer.alloc(1 + TIME + NONCE);
    head.writeUInt8(VERSION, 0);
    head.writeBigInt64BE(BigInt(now()), 1);
    randomBytes(NONCE).copy(head, 1 + TIME);
    const cipher = createCipheriv('aes-256-gcm', key, head.subarray(1 + TIME));
    cipher.setAAD(Buffer.concat([head.subarray(0, 1 + TIME), Buffer.from(context)]));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([head, cipher.getAuthTag(), body]);
  }

  function openBytes(sealed: Buffer, context: string): Opened<Buffer> {
    if (sealed.length < HEADER || sealed.readUInt8(0) !== VERSION) return { ok: false, reason: 'unsigned' };
    const nonce = sealed.subarray(1 + TIME, 1 + TIME + NONCE);
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce);
      decipher.setAAD(Buffer.concat([sealed.subarray(0, 1 + TIME), Buffer.from(context)]));
      decipher.setAuthTag(sealed.subarray(1 + TIME + NONCE, HEADER));
      plain = Buffer.concat([decipher.update(sealed.subarray(HEADER)), decipher.final()]);
    } catch {
      return { ok: false, reason: 'forged' };
    }
    // Only an authentic message's time and nonce mean anything; they are checked after the tag.
    const sentAt = Number(sealed.readBigInt64BE(1));
    if (Math.abs(now() - sentAt) > windowMs) return { ok: false, reason: 'stale' };
    if (!seen.remember(nonce.toString('base64'), sentAt, now())) return { ok: false, reason: 'replayed' };
    return { ok: true, value: plain };
  }

  return {
    sealBytes,
    openBytes,
    /** A NOTIFY payload (text, under PostgreSQL's 8,000 bytes when the plain text is under `maxPlainBytes`). */
    seal: (plain: string, channel: string): string => TEXT_PREFIX + sealBytes(Buffer.from(plain), channel).toString('base64url'),
    open(sealed: string, channel: string): Opened<string> {
      if (!sealed.startsWith(TEXT_PREFIX)) return { ok: false, reason: 'unsigned' };
      const opened = openBytes(Buffer.from(sealed.slice(TEXT_PREFIX.length), 'base64url'), channel);
      return opened.ok ? { ok: true, value: opened.value.toString() } : opened;
    },
  };
}
export type ChannelSeal = ReturnType<typeof createChannelSeal>;

/** The longest plain text whose sealed form still fits a NOTIFY (8,000 bytes): base64 of it and the header. */
export const maxPlainBytes = Math.floor(((8000 - 1 - TEXT_PREFIX.length) * 3) / 4) - HEADER - 64;

/**
 * Nonces seen, kept by the sender's time in buckets one window wide: a message is believed only within the
 * window of its time, so a bucket can be forgotten once every time in it is out of the window.
 */
function createNonceMemory(windowMs: number) {
  const buckets = new Map<number, Set<string>>();
  return {
    remember(nonce: string, sentAt: number, now: number): boolean {
      for (const b of buckets.keys()) if ((b + 1) * windowMs + windowMs < now) buckets.delete(b);
      const index = Math.floor(sentAt / windowMs);
      const bucket = buckets.get(index) ?? new Set<string>();
      buckets.set(index, bucket);
      if (bucket.has(nonce)) return false;
      bucket.add(nonce);
      return true;
    },
  };
}
