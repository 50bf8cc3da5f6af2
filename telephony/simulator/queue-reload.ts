import type { SimulatorMemberConfig, SimulatorQueueConfig } from './core';
import type { SimMember, SimQueue } from './model';
import type { Pbx } from './pbx';

type BuildMember = (m: SimulatorMemberConfig, membership: SimMember['membership'], nowSeconds: number) => SimMember;
type BuildQueue = (config: SimulatorQueueConfig, nowSeconds: number) => SimQueue;

/** What `queue reload …` reloads: `members` alone keeps queues as they are; `all` (and `module reload`) both. */
export type ReloadScope = 'all' | 'members';

const specOf = (entry: string | SimulatorMemberConfig): SimulatorMemberConfig => (typeof entry === 'string' ? { interface: entry } : entry);

/**
 * Re-reads "queues.conf" the way Asterisk 22's app_queue does (`reload_single_queue`, `reload_single_member`):
 * every static member is built anew from its line. One that was there keeps whether it is paused, its calls and
 * its last call, but not its pause reason (the new member is created with none) and its pause and login times
 * start again; a new one comes in as its line says (unpaused), a static one no longer listed is dropped, dynamic
 * members are left alone. No QueueMember* event is sent for any of this: only the `Queue:<q>_pause_<iface>`
 * device state of a new member, and whatever announces the reload itself (`module reload` → `Reload`).
 */
export function reloadQueuesConf(pbx: Pbx, config: SimulatorQueueConfig[], scope: ReloadScope, build: { member: BuildMember; queue: BuildQueue }): void {
  const nowSeconds = Math.floor(pbx.clock.now() / 1000);
  if (scope === 'all') {
    const listed = new Set(config.map((q) => q.name));
    for (const name of [...pbx.queues.keys()]) if (!listed.has(name) && !pbx.queues.get(name)?.waiting.length) pbx.queues.delete(name);
  }
  for (const queueConfig of config) {
    let queue = pbx.queues.get(queueConfig.name);
    if (!queue) {
      if (scope !== 'all') continue;
      queue = build.queue({ ...queueConfig, members: [] }, nowSeconds);
      pbx.queues.set(queue.name, queue);
    }
    const old = new Map(queue.members.map((m) => [m.interface, m]));
    const rebuilt: SimMember[] = [];
    for (const spec of queueConfig.members.map(specOf)) {
      const before = old.get(spec.interface);
      const member = build.member({ ...spec, paused: before ? before.paused : spec.paused, pausedReason: '' }, 'static', nowSeconds);
      if (before) {
        member.callsTaken = before.callsTaken;
        member.lastCall = before.lastCall;
        member.lastPause = member.paused ? nowSeconds : 0;
      } else {
        pbx.emit('DeviceStateChange', 'call', [['Device', `Queue:${queue.name}_pause_${member.interface}`], ['State', member.paused ? 'INUSE' : 'NOT_INUSE']]);
      }
      rebuilt.push(member);
    }
    const listed = new Set(rebuilt.map((m) => m.interface));
    const dynamic = queue.members.filter((m) => m.membership === 'dynamic' && !listed.has(m.interface));
    queue.members = [...rebuilt, ...dynamic];
  }
}
