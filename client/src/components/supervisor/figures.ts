import type { WallboardThresholds } from '../../../../server/realtime/contract';

export type Level = 'ok' | 'amber' | 'red';

/** Seconds from an ISO instant to `nowMs` (the server's clock: ours plus the skew). */
export function secondsSince(iso: string | null | undefined, nowMs: number): number {
  const start = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(start) ? 0 : Math.max(0, Math.floor((nowMs - start) / 1000));
}

/** A queue as people call it: its display name from the settings, else the PBX's own name. */
export function queueName(queue: { name: string; settings?: { displayName: string | null } | null }): string {
  return queue.settings?.displayName || queue.name;
}

export function clock(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return h > 0 ? `${h}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}` : `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}

export function percent(fraction: number | null | undefined): string {
  // a no-break space: the sign never wraps under its number
  return fraction === null || fraction === undefined ? '—' : `${Math.round(fraction * 100)}\u00a0%`;
}

/** A figure against its thresholds; service level is bad when low, the others when high. */
export function levelOf(kind: 'waiting' | 'longestWait' | 'serviceLevel', value: number | null, t: WallboardThresholds | undefined): Level {
  if (value === null || !t) return 'ok';
  if (kind === 'serviceLevel') return value < t.serviceLevelRed ? 'red' : value < t.serviceLevelAmber ? 'amber' : 'ok';
  const [amber, red] = kind === 'waiting' ? [t.waitingAmber, t.waitingRed] : [t.longestWaitAmber, t.longestWaitRed];
  return value >= red ? 'red' : value >= amber ? 'amber' : 'ok';
}
