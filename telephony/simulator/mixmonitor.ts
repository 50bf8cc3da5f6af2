import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ActionContext, ActionSpec } from './ami-server';
import type { Pbx } from './pbx';
import type { SimChannel } from './model';
import type { Fields } from './wire';
import { channelFields } from './model';
import { syntheticCall } from './wav';

interface Monitor {
  file: string;
  startedAt: number;
  /** [from, to) in ms since the start; `to` null while muted. */
  mutes: Array<[number, number | null]>;
}

/**
 * app_mixmonitor as Asterisk 22.10 answers it (test/fixtures/ami/mixmonitor-asterisk22.transcript, recorded in
 * the lab): MixMonitor (write class system) starts and says MixMonitorStart; MixMonitorMute says MixMonitorMute
 * with Direction and State, or "Cannot set mute flag" on a channel without a recording; StopMixMonitor says
 * MixMonitorStop, or "Could not stop monitoring channel". A hang-up ends the recording without any event.
 * The file is written when the recording ends: a valid WAV as long as it ran (at most `maxSeconds`: the demo
 * keeps its disk small), silent where it was muted.
 * There is no PauseMixMonitor: the server's action table answers it as an unknown command.
 */
export function createMixMonitor(pbx: Pbx, monitorDir: string, maxSeconds = Number.POSITIVE_INFINITY) {
  const monitors = new Map<string, Monitor>();
  const written = new Set<Promise<void>>();

  const byName = (name: string): SimChannel | undefined => [...pbx.channels.values()].find((ch) => ch.name === name);
  const event = (name: string, ch: SimChannel, extra: Fields = []) => pbx.emit(name, 'call', [...channelFields(ch), ...extra]);

  function finish(uniqueid: string): void {
    const monitor = monitors.get(uniqueid);
    if (!monitor) return;
    monitors.delete(uniqueid);
    const ms = pbx.clock.now() - monitor.startedAt;
    const muted = (second: number) => monitor.mutes.some(([from, to]) => second * 1000 >= from && second * 1000 < (to ?? ms));
    const target = path.isAbsolute(monitor.file) ? monitor.file : path.join(monitorDir, monitor.file);
    // Asterisk makes the folder if it can; a folder it cannot write loses the recording (only its log says so).
    const write = mkdir(path.dirname(target), { recursive: true })
      .then(() => writeFile(target, syntheticCall(Math.min(ms / 1000, maxSeconds), muted)))
      .catch(() => undefined)
      .finally(() => written.delete(write));
    written.add(write);
  }

  const withChannel = (c: ActionContext, run: (ch: SimChannel) => void) => {
    const name = c.action.get('Channel');
    if (!name) return c.reply('Error', 'No channel specified');
    const ch = byName(name);
    if (!ch) return c.reply('Error', 'No such channel');
    run(ch);
  };

  const actions: Record<string, ActionSpec> = {
    mixmonitor: {
      authority: ['system'],
      run: (c) => withChannel(c, (ch) => {
        monitors.set(ch.uniqueid, { file: c.action.get('File') || `${ch.name.replace(/\//g, '-')}.wav`, startedAt: pbx.clock.now(), mutes: [] });
        c.reply('Success');
        event('MixMonitorStart', ch);
      }),
    },
    mixmonitormute: {
      authority: ['system', 'call'],
      run: (c) => {
        const direction = c.action.get('Direction');
        if (!direction) return c.reply('Error', 'No direction specified. Must be read, write or both');
        if (!['read', 'write', 'both'].includes(direction.toLowerCase())) return c.reply('Error', 'Invalid direction specified. Must be read, write or both');
        const state = c.action.get('State');
        if (!c.action.get('Channel')) return c.reply('Error', 'No channel specified');
        if (!state) return c.reply('Error', 'No state specified');
        withChannel(c, (ch) => {
          const monitor = monitors.get(ch.uniqueid);
          if (!monitor) return c.reply('Error', 'Cannot set mute flag');
          const on = ['1', 'yes', 'true', 'on'].includes(state.toLowerCase());
          const at = pbx.clock.now() - monitor.startedAt;
          const open = monitor.mutes.find(([, to]) => to === null);
          if (on && !open) monitor.mutes.push([at, null]);
          if (!on && open) open[1] = at;
          c.reply('Success');
          event('MixMonitorMute', ch, [['Direction', direction.toLowerCase()], ['State', on ? 1 : 0]]);
        });
      },
    },
    stopmixmonitor: {
      authority: ['system', 'call'],
      run: (c) => withChannel(c, (ch) => {
        if (!monitors.has(ch.uniqueid)) return c.reply('Error', 'Could not stop monitoring channel');
        finish(ch.uniqueid);
        c.reply('Success');
        event('MixMonitorStop', ch);
      }),
    },
  };

  return {
    actions,
    /** Every event the PBX sends: a Hangup ends that channel's recording (silently, as Asterisk does). */
    observe(name: string, fields: Fields): void {
      if (name !== 'Hangup') return;
      const uniqueid = fields.find(([key]) => key === 'Uniqueid')?.[1];
      if (uniqueid !== undefined) finish(String(uniqueid));
    },
    /** Files still being written (tests wait for them). */
    flushed: () => Promise.all([...written]).then(() => undefined),
  };
}
