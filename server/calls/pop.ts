import type { Logger } from 'pino';
import type { CallAnswered, CallEnded, CallOffered, CallRetracted, CallTransferred } from '../../telephony';
import type { AgentDirectory } from '../agents/agent-directory';
import type { Desk, Desks } from '../agents/desks';
import type { CallerCard, CurrentCall, ServerToClientEvents, TransferredFrom } from '../realtime/contract';
import type { CardLookup } from './card-lookup';
import { historyUnavailableCard } from './card.service';
import { displayNumber, lookupNumber } from './caller-number';

export interface PopContext {
  desks: Desks;
  directory: AgentDirectory;
  lookup: CardLookup;
  log: Logger;
  emit<E extends keyof ServerToClientEvents>(userId: number, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** A citizen's data went to an agent's screen: a read of personal data, for the audit log. */
  shown(userId: number, citizenId: number, callId: string): void;
  /** The call ended after the agent talked: hold them for wrap-up unless it is already classified. */
  startWrapUp(userId: number, desk: Desk): Promise<void>;
  /** The agent answered: hold the member now, so the queue cannot offer the next caller at the hang-up. */
  holdForWrapUp(userId: number): Promise<void>;
  /** A consulted colleague's part ended before they had the caller: their wrap-up hold is lifted. */
  releaseHold(userId: number): Promise<void>;
  /** Who handed a transferred call on (transfer/transfer-notes.ts). */
  transferOf(callId: string): TransferredFrom | null;
}

type Offer = Pick<CallOffered, 'callId' | 'queue' | 'interface' | 'callerNumber' | 'callerName' | 'at' | 'afterTransfer'>;

/**
 * The pop and what follows it, per agent: offered → answered → ended (wrap-up), or retracted. Runs off the
 * AMI path, in each call's own serial lane; only `offered` waits, and at most the card deadline.
 */
export function createPopHandlers(ctx: PopContext) {
  const { desks, directory, lookup } = ctx;

  /** Sends the card to every agent still holding the call once a slow lookup answers. */
  function cardLater(callId: string): void {
    lookup.whenReady(callId, (card: CallerCard) => {
      for (const userId of desks.usersWith(callId)) {
        const desk = desks.get(userId);
        if (!desk) continue;
        desk.call = { ...desk.call, card };
        ctx.emit(userId, 'call:card', { callId, card });
        if (card.citizen) ctx.shown(userId, card.citizen.id, callId);
      }
    });
  }

  async function offered(e: Offer, answeredAt: string | null = null): Promise<Desk | null> {
    const user = await directory.resolve(e.interface);
    if (!user) return null; // a member nobody logs in as: the call is logged, nobody gets a pop
    const call: CurrentCall = {
      callId: e.callId, queue: e.queue, callerNumber: displayNumber(e.callerNumber), callerName: e.callerName.trim() || null,
      offeredAt: e.at, card: lookup.known(e.callId) ?? historyUnavailableCard(),
      state: answeredAt ? 'answered' : 'ringing', answeredAt, endedAt: null,
    };
    const from = e.afterTransfer ? ctx.transferOf(e.callId) : null;
    if (from) call.transferredFrom = from;
    const previous = desks.get(user.id)?.call;
    desks.set(user.id, call);
    // An ended call left unclassified (no wrap-up hold) is dropped from the desk by the next offer: nobody holds
    // its card any more, so it goes, or every such call would stay in memory for the rest of the shift.
    if (previous && previous.callId !== e.callId && previous.state === 'ended' && !desks.usersWith(previous.callId).length) lookup.forget(previous.callId);
    const { card, late } = await lookup.quick(e.callId, lookupNumber(e.callerNumber));
    const desk = desks.holding(user.id, e.callId);
    if (!desk) return null; // retracted or superseded while the card was read
    desk.call = { ...desk.call, card: lookup.known(e.callId) ?? card };
    const { state: _s, answeredAt: _a, endedAt: _e, ...offer } = desk.call;
    ctx.emit(user.id, 'call:offered', offer);
    if (offer.card.citizen) ctx.shown(user.id, offer.card.citizen.id, e.callId);
    if (late) cardLater(e.callId);
    return desk;
  }

  async function answered(e: CallAnswered, callerNumber: string, callerName: string): Promise<void> {
    const user = await directory.resolve(e.interface);
    if (!user) return;
    let desk = desks.holding(user.id, e.callId);
    // The offer was missed (a restart, a lost link): the pop comes now, already answered.
    desk ??= await offered({ ...e, callerNumber, callerName }, e.at);
    if (!desk || desk.call.state === 'ended') return;
    desk.call = { ...desk.call, state: 'answered', answeredAt: e.at };
    ctx.emit(user.id, 'call:answered', { callId: e.callId, answeredAt: e.at });
    await ctx.holdForWrapUp(user.id);
  }

  function retracted(e: Pick<CallRetracted, 'callId' | 'interface' | 'reason'>): void {
    const user = directory.byInterface(e.interface);
    const desk = user && desks.holding(user.id, e.callId);
    // A cancelled attended transfer also takes back a consultation the colleague had answered.
    const consulted = e.reason === 'transfer_cancelled' && desk?.call.state === 'answered';
    if (!user || !desk || (desk.call.state !== 'ringing' && !consulted)) return;
    desks.clear(user.id);
    ctx.emit(user.id, 'call:retracted', { callId: e.callId, reason: e.reason });
    if (consulted) void ctx.releaseHold(user.id);
  }

  /** The agent's part is over (hang-up or transfer); the caller may still talk to someone else. */
  async function agentDone(e: CallEnded | CallTransferred): Promise<void> {
    // A transfer ends the part of the agent who handed the caller on, not that of the colleague taking it.
    const handedOn = e.name === 'call:transferred' ? directory.byInterface(e.interface)?.id : undefined;
    for (const userId of desks.usersWith(e.callId)) {
      if (e.name === 'call:transferred' && userId !== handedOn) continue;
      const desk = desks.get(userId);
      if (desk?.call.state === 'ringing') {
        desks.clear(userId);
        ctx.emit(userId, 'call:retracted', { callId: e.callId, reason: 'caller_left' });
      } else if (desk?.call.state === 'answered') {
        desk.call = { ...desk.call, state: 'ended', endedAt: e.at };
        ctx.emit(userId, 'call:ended', { callId: e.callId, endedAt: e.at, talkSeconds: e.talkSeconds });
        await ctx.startWrapUp(userId, desk);
      }
    }
    if (e.name === 'call:ended' && !desks.usersWith(e.callId).length) lookup.forget(e.callId);
  }

  return { offered, answered, retracted, agentDone };
}
export type PopHandlers = ReturnType<typeof createPopHandlers>;
