import type { Telephony, TelephonyEvent } from '../../../telephony';
import { normalisePhone } from '../../phones';
import { rooms, type Realtime } from '../../realtime/gateway';

/**
 * Tells staff consoles to reload the worklist (`worklist:changed`, no personal data) when it may have
 * changed: a queue call ended unanswered, a listed number was answered or reached by a callback, or an
 * outcome was recorded. Debounced, and late enough for the call log to have written the call.
 */
export function createWorklistNotifier(o: { realtime: Realtime; telephony?: Telephony; delayMs?: number }) {
  const listed = new Set<string>();
  const queued = new Map<string, string>();
  let timer: NodeJS.Timeout | null = null;

  function changed(): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      o.realtime.io.to(rooms.staff).emit('worklist:changed', { at: new Date().toISOString() });
    }, o.delayMs ?? 1_500);
    timer.unref();
  }

  const isListed = (raw: string | undefined) => {
    const phone = normalisePhone(raw);
    return phone !== null && listed.has(phone);
  };

  function onEvent(e: TelephonyEvent): void {
    if (e.name === 'call:queued') {
      // A call whose end was never seen must not keep its number here for ever.
      if (queued.size > 10_000) queued.clear();
      queued.set(e.callId, e.callerNumber);
    } else if (e.name === 'call:ended') {
      const number = queued.get(e.callId);
      queued.delete(e.callId);
      if (e.queue && (e.interface === null || isListed(number))) changed();
    } else if (e.name === 'call:dialled' && e.status === 'answered' && isListed(e.number)) changed();
  }
  const off = o.telephony?.onEvent(onEvent);

  return {
    changed,
    /** The numbers the worklist showed last: an answered call from one of them clears it. */
    remember(numbers: string[]): void {
      listed.clear();
      for (const n of numbers) listed.add(n);
    },
    stop(): void {
      off?.();
      if (timer) clearTimeout(timer);
    },
  };
}
export type WorklistNotifier = ReturnType<typeof createWorklistNotifier>;
