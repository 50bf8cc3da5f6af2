import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { deviceKey, memberInterface, sameDevice } from '../../telephony';
import { readTelephonySettings } from '../config';
import { conflict } from '../http/errors';

/**
 * The one place a user's queue member interface is normalised before it is stored. Every write (the API,
 * the CLI, the demo seed) goes through here: the device, whatever form the queue names it in
 * (`Local/1001@from-queue/n` and `Local/1001@agents/n` are the phone behind them, of technology
 * `LOCAL_MEMBER_TECH`, so they are stored as `PJSIP/1001`).
 */
export function normaliseInterface(raw: string, localTech: string = readTelephonySettings().localTech): string {
  return memberInterface(raw.trim(), localTech);
}

/** The shape check at the edge: a technology, a slash, and a device. */
export const interfaceSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]+\/[^\s]+$/, 'a queue member interface such as PJSIP/1001')
  .transform((raw) => normaliseInterface(raw));

/** One device, one user: `SIP/1001`, `PJSIP/1001` and `Local/1001@from-queue/n` are the same agent's phone. */
export async function assertDeviceFree(db: DataSource | EntityManager, iface: string | null, exceptUserId: number | null = null): Promise<void> {
  if (!iface) return;
  const rows: { interface: string }[] = await db.query(
    'SELECT interface FROM users WHERE active AND interface IS NOT NULL AND id IS DISTINCT FROM $1', [exceptUserId]);
  if (rows.some((r) => sameDevice(r.interface, iface))) {
    throw conflict('interface_taken', `Another user already has device ${deviceKey(iface)} (${iface}).`);
  }
}
