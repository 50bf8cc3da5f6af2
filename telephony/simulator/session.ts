import type { Socket } from 'node:net';
import type { EventClass } from './pbx';
import type { Fields } from './wire';
import { ActionReader, formatMessage } from './wire';

export interface SimUser {
  secret: string;
  /** manager.conf read= classes. */
  read: string[];
  /** manager.conf write= classes. */
  write: string[];
}

/** Parses `on`, `off` or a class list, as Login's `Events` and the Events action take them. */
export function parseMask(value: string, allowed: string[]): Set<string> {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'on' || v === 'all') return new Set(allowed);
  if (v === 'off') return new Set();
  return new Set(v.split(',').map((c) => c.trim()).filter((c) => allowed.includes(c) || allowed.includes('all')));
}

/** One AMI client connection. */
export class AmiSession {
  readonly reader = new ActionReader();
  user: SimUser | null = null;
  username = '';
  mask = new Set<string>();

  constructor(readonly socket: Socket) {}

  get authenticated(): boolean {
    return this.user !== null;
  }

  send(fields: Fields): void {
    if (!this.socket.destroyed) this.socket.write(formatMessage(fields));
  }

  wants(eventClass: EventClass): boolean {
    return this.authenticated && (this.mask.has(eventClass) || this.mask.has('all'));
  }

  mayWrite(classes: string[]): boolean {
    if (classes.length === 0) return true;
    const write = this.user?.write ?? [];
    return write.includes('all') || classes.some((c) => write.includes(c));
  }
}
