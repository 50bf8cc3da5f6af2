import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AmiActionError, deviceKey, sameDevice, type Telephony, type TransferTarget } from '../../../telephony';
import type { AgentDirectory } from '../../agents/agent-directory';
import type { AuthUser } from '../../auth/auth.types';
import type { TelephonySettings } from '../../config';
import { assertDialAllowed, DEFAULT_DIAL_PREFIXES } from '../../dial-allowlist';
import { AppError, badRequest, conflict, unavailable } from '../../http/errors';
import { dialledNumber, normalisePhone } from '../../phones';
import type { LiveCalls } from '../live-calls';
import type { TransferInput } from './transfer.schemas';
import { insertTransfer, openTransfer, setTransfer, type TransferRow } from './transfer.repository';
import type { TransferNotes } from './transfer-notes';

export interface TransferOptions {
  /** The dialplan context a transfer to an agent's extension or a number goes to (`TRANSFER_CONTEXT`). */
  context: string;
  /** The context whose extension is a queue's name (`TRANSFER_QUEUE_CONTEXT`): `Queue(${EXTEN})`. */
  queueContext: string;
  numberFormat: TelephonySettings['originateNumberFormat'];
  allowedPrefixes: readonly string[];
}

export const defaultTransfer: TransferOptions = { context: 'transfers', queueContext: 'transfer-queue', numberFormat: 'national', allowedPrefixes: DEFAULT_DIAL_PREFIXES };

export interface TransferDeps {
  dataSource: DataSource;
  telephony?: Telephony;
  live: LiveCalls;
  directory: AgentDirectory;
  notes: TransferNotes;
  options: TransferOptions;
}

const notYours = () => conflict('not_your_call', 'Only the agent talking on this call can transfer it.');

/** The agent's own answered call, or 409 `not_your_call`; and a PBX to ask, or 503. */
function ownCall(deps: TransferDeps, user: AuthUser, callId: string): Telephony {
  const desk = deps.live.desks.holding(user.id, callId);
  if (!desk || desk.call.state !== 'answered' || desk.call.direction === 'out') throw notYours();
  if (!deps.telephony || deps.telephony.status().state !== 'connected') throw unavailable('telephony_unavailable', 'The phone system is not reachable right now.');
  return deps.telephony;
}

type Resolved = { target: TransferTarget; toKind: TransferRow['toKind']; toValue: string };

async function resolveTarget(deps: TransferDeps, telephony: Telephony, user: AuthUser, to: TransferInput['to']): Promise<Resolved> {
  const o = deps.options;
  if ('queue' in to) {
    if (!telephony.snapshot().queues.some((q) => q.name === to.queue)) throw badRequest('No such queue.', { 'to.queue': 'not a queue of the phone system' });
    return { target: { context: o.queueContext, exten: to.queue }, toKind: 'queue', toValue: to.queue };
  }
  if ('userId' in to) {
    const [target] = await deps.dataSource.query(`SELECT id, interface FROM users WHERE id = $1 AND active AND role IN ('agent', 'supervisor', 'official')`, [to.userId]);
    if (!target) throw new AppError(404, 'user_not_found', 'No such colleague to transfer to.', { 'to.userId': 'not found' });
    if (!target.interface) throw conflict('no_interface', 'That colleague has no phone to transfer to.');
    if (target.id === user.id || sameDevice(target.interface, user.interface)) throw badRequest('You cannot transfer a call to yourself.', { 'to.userId': 'yourself' });
    return { target: { context: o.context, exten: deviceKey(target.interface) }, toKind: 'user', toValue: String(target.id) };
  }
  const number = normalisePhone(to.number);
  if (!number) throw badRequest('The phone number is not valid.', { 'to.number': 'not a valid phone number' });
  assertDialAllowed(number, o.allowedPrefixes);
  return { target: { context: o.context, exten: dialledNumber(number, o.numberFormat) }, toKind: 'number', toValue: number };
}

/** Blind: the PBX hands the caller on at once. Attended: the agent's phone dials the target first (complete / cancel). */
export async function startTransfer(deps: TransferDeps, user: AuthUser, callId: string, input: TransferInput): Promise<{ transferId: string }> {
  const telephony = ownCall(deps, user, callId);
  const resolved = await resolveTarget(deps, telephony, user, input.to);
  if (await openTransfer(deps.dataSource, callId)) throw conflict('transfer_in_progress', 'This call is already being transferred.');
  const transferId = randomUUID();
  await insertTransfer(deps.dataSource, {
    id: transferId, callId, mode: input.mode, toKind: resolved.toKind, toValue: resolved.toValue, fromUserId: user.id,
    fromInterface: user.interface, status: input.mode === 'attended' ? 'consulting' : 'requested',
  });
  await deps.notes.remember(callId, user.id);
  try {
    await telephony.transfer(callId, resolved.target, input.mode === 'attended');
  } catch (error) {
    await setTransfer(deps.dataSource, transferId, { status: 'failed', endedAt: new Date().toISOString() });
    if (error instanceof AmiActionError) throw conflict('transfer_refused', `The phone system refused the transfer: ${error.message}`);
    throw error;
  }
  return { transferId };
}

async function attendedOf(deps: TransferDeps, user: AuthUser, callId: string): Promise<{ telephony: Telephony; open: TransferRow; legs: { agent: string | null; target: string | null } }> {
  const telephony = ownCall(deps, user, callId);
  const open = await openTransfer(deps.dataSource, callId);
  if (!open || open.mode !== 'attended' || open.status !== 'consulting' || open.fromUserId !== user.id) throw conflict('no_transfer', 'No attended transfer of yours is in progress on this call.');
  return { telephony, open, legs: telephony.transferLegs(callId) };
}

/** The agent has talked to the target: their own leg leaves, and the caller and the target are joined. */
export async function completeTransfer(deps: TransferDeps, user: AuthUser, callId: string): Promise<{ transferId: string }> {
  const { telephony, open, legs } = await attendedOf(deps, user, callId);
  if (!legs.target) throw conflict('target_not_answered', 'The target has not answered yet: wait, or cancel the transfer.');
  const [row] = await deps.dataSource.query('SELECT answered_at FROM call_transfers WHERE id = $1', [open.id]);
  if (!row?.answered_at || !legs.agent) throw conflict('target_not_answered', 'The target has not answered yet: wait, or cancel the transfer.');
  await telephony.hangup(legs.agent);
  return { transferId: open.id };
}

/** The target's leg is hung up; the agent is back with the caller. */
export async function cancelTransfer(deps: TransferDeps, user: AuthUser, callId: string): Promise<{ transferId: string }> {
  const { telephony, open, legs } = await attendedOf(deps, user, callId);
  if (legs.target) await telephony.hangup(legs.target).catch(() => undefined);
  await setTransfer(deps.dataSource, open.id, { status: 'cancelled', endedAt: new Date().toISOString() });
  return { transferId: open.id };
}
