import type { ActionContext, ActionSpec, ListItem } from './ami-server';
import type { Pbx } from './pbx';
import type { QueueEngine } from './queue-engine';
import type { ConferenceEngine } from './conference';
import type { Originator } from './originate';
import { channelFields } from './model';
import { buildMember } from './core';
import { serviceLevels } from './queue-stats';
import type { ReloadScope } from './queue-reload';
import { transferActions, type TransferEngine } from './transfer';

interface Parts {
  pbx: Pbx;
  queues: QueueEngine;
  conferences: ConferenceEngine;
  originator: Originator;
  transfers: TransferEngine;
  /** queues.conf read again (queue-reload.ts). */
  reload(scope: ReloadScope): void;
}

const QUEUE_MODULE = /^app_queue(\.so)?$/i;

function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** The PBX actions the console uses (shared/reference/asterisk-ami.md §3), with Asterisk's replies. */
export function pbxActions({ pbx, queues, conferences, originator, transfers, reload }: Parts): Record<string, ActionSpec> {
  /** `module reload app_queue` (or of everything): app_queue re-reads queues.conf, then the loader says so. */
  const moduleReload = (module: string) => {
    reload('all');
    pbx.emit('Reload', 'system', [['Module', module || 'All'], ['Status', 0]]);
  };
  return {
    ...reloadActions(moduleReload, reload),
    ...transferActions(transfers),
    queuestatus: { authority: [], run: (c) => c.list('Queue status will follow', queueStatusItems(pbx, c.action.get('Queue')), 'QueueStatusComplete') },
    queuesummary: {
      authority: [],
      run: (c) => {
        const items = [...pbx.queues.values()].map((q): ListItem => {
          const loggedIn = q.members.filter((m) => pbx.deviceStatus(m.device) !== 5).length;
          const available = q.members.filter((m) => pbx.isAvailable(m)).length;
          const longest = q.waiting.map((id) => pbx.channels.get(id)?.createdAt ?? pbx.clock.now()).reduce((a, b) => Math.min(a, b), pbx.clock.now());
          return ['QueueSummary', [
            ['Queue', q.name], ['LoggedIn', loggedIn], ['Available', available], ['Callers', q.waiting.length],
            ['HoldTime', q.holdtime], ['TalkTime', q.talktime],
            ['LongestHoldTime', Math.round((pbx.clock.now() - longest) / 1000)],
          ]];
        });
        c.list('Queue summary will follow', items, 'QueueSummaryComplete');
      },
    },
    coreshowchannels: {
      authority: ['system', 'reporting'],
      run: (c) => {
        const items = [...pbx.channels.values()].map((ch): ListItem => ['CoreShowChannel', [
          ...channelFields(ch), ['Application', ch.application], ['ApplicationData', ch.applicationData],
          ['Duration', duration(pbx.clock.now() - ch.createdAt)], ['BridgeId', ch.bridgeId],
        ]]);
        c.list('Channels will follow', items, 'CoreShowChannelsComplete', true);
      },
    },
    queuepause: {
      authority: ['agent'],
      run: (c) => {
        const iface = c.action.get('Interface');
        const pausedValue = c.action.get('Paused');
        if (!iface || !pausedValue) return c.reply('Error', "Need 'Interface' and 'Paused' parameters.");
        const paused = ['true', 'yes', '1', 'on'].includes(pausedValue.toLowerCase());
        const wanted = c.action.get('Queue');
        const targets = [...pbx.queues.values()].filter((q) => !wanted || q.name === wanted).flatMap((q) => q.members.filter((m) => m.interface.toLowerCase() === iface.toLowerCase()).map((m) => [q, m] as const));
        if (!targets.length) return c.reply('Error', 'Interface not found');
        for (const [q, m] of targets) {
          m.paused = paused;
          m.pausedReason = paused ? c.action.get('Reason') : '';
          m.lastPause = Math.floor(pbx.clock.now() / 1000);
          pbx.memberEvent('QueueMemberPause', q, m);
        }
        c.reply('Success', paused ? 'Interface paused successfully' : 'Interface unpaused successfully');
      },
    },
    queueadd: {
      authority: ['agent'],
      run: (c) => {
        const queue = pbx.queues.get(c.action.get('Queue'));
        const iface = c.action.get('Interface');
        if (!queue || !iface) return c.reply('Error', 'Unable to add interface to queue: No such queue');
        if (queue.members.some((m) => m.interface === iface)) return c.reply('Error', 'Unable to add interface: Already there');
        const paused = ['true', 'yes', '1'].includes(c.action.get('Paused').toLowerCase());
        const member = buildMember({ interface: iface, name: c.action.get('MemberName') || undefined, stateInterface: c.action.get('StateInterface') || undefined, paused, pausedReason: paused ? c.action.get('Reason') : '' }, 'dynamic', Math.floor(pbx.clock.now() / 1000));
        queue.members.push(member);
        pbx.memberEvent('QueueMemberAdded', queue, member);
        c.reply('Success', 'Added interface to queue');
      },
    },
    queueremove: {
      authority: ['agent'],
      run: (c) => {
        const queue = pbx.queues.get(c.action.get('Queue'));
        if (!queue) return c.reply('Error', 'Unable to remove interface from queue: No such queue');
        const member = queue.members.find((m) => m.interface === c.action.get('Interface'));
        if (!member) return c.reply('Error', 'Unable to remove interface: Not there');
        if (member.membership === 'static') return c.reply('Error', 'Member not dynamic');
        queue.members.splice(queue.members.indexOf(member), 1);
        pbx.memberEvent('QueueMemberRemoved', queue, member);
        c.reply('Success', 'Removed interface from queue');
      },
    },
    originate: {
      authority: ['originate'],
      run: (c) => {
        if (!c.action.get('Channel')) return c.reply('Error', 'Channel not specified');
        if (c.action.get('Exten') && (!c.action.get('Context') || !c.action.get('Priority'))) {
          return c.reply('Error', "Originate with 'Exten' requires 'Context' and 'Priority'");
        }
        c.reply('Success', 'Originate successfully queued');
        originator.start(c.action, c.actionId);
      },
    },
    hangup: {
      authority: ['system', 'call'],
      run: (c) => {
        const channel = c.action.get('Channel');
        if (transfers.hangup(channel) || queues.hangup(channel, true) || originator.hangup(channel, true)) return c.reply('Success', 'Channel Hungup');
        c.reply('Error', 'No such channel');
      },
    },
    redirect: {
      authority: ['call'],
      run: (c) => {
        const exists = [...pbx.channels.values()].some((ch) => ch.name === c.action.get('Channel'));
        c.reply(exists ? 'Success' : 'Error', exists ? 'Redirect successful' : 'Channel does not exist: ' + c.action.get('Channel'));
      },
    },
    confbridgelist: {
      authority: ['reporting'],
      run: (c) => {
        const room = c.action.get('Conference');
        if (!room) return c.reply('Error', 'No Conference name provided.');
        if (conferences.rooms.size === 0) return c.reply('Error', 'No active conferences.');
        if (!conferences.rooms.has(room)) return c.reply('Error', 'No Conference by that name found.');
        c.list('Confbridge user list will follow', conferences.listItems(room).map((f): ListItem => ['ConfbridgeList', f]), 'ConfbridgeListComplete');
      },
    },
    confbridgelistrooms: {
      authority: ['reporting'],
      run: (c) => {
        if (conferences.rooms.size === 0) return c.reply('Error', 'No active conferences.');
        c.list('Confbridge conferences will follow', conferences.roomItems().map((f): ListItem => ['ConfbridgeListRooms', f]), 'ConfbridgeListRoomsComplete');
      },
    },
    confbridgekick: {
      authority: ['call'],
      run: (c) => {
        const channel = c.action.get('Channel');
        const chosen = conferences.select(c.action.get('Conference'), channel);
        if (!chosen.length) return c.reply('Error', 'No Channel by that name found in Conference.');
        for (const p of chosen) conferences.leave(p.channel);
        c.reply('Success', channel === 'all' || channel === 'participants' ? 'All participants kicked' : 'User kicked');
      },
    },
    setvar: {
      authority: ['call'],
      run: (c) => {
        const name = c.action.get('Variable');
        if (!name) return c.reply('Error', 'No variable specified');
        // Channel variables are accepted for a live channel (TRANSFER_EXTEN before an Atxfer) but not kept.
        const channel = c.action.get('Channel');
        if (channel) return [...pbx.channels.values()].some((ch) => ch.name === channel) ? c.reply('Success', 'Variable Set') : c.reply('Error', 'No such channel');
        pbx.globals.set(name, c.action.get('Value'));
        c.reply('Success', 'Variable Set');
      },
    },
    confbridgemute: { authority: ['call'], run: (c) => mute(c, conferences, true) },
    confbridgeunmute: { authority: ['call'], run: (c) => mute(c, conferences, false) },
  };
}

/** `Reload` (the loader: announces itself), `QueueReload` and the CLI's `queue reload …` (both silent). */
function reloadActions(moduleReload: (module: string) => void, reload: Parts['reload']): Record<string, ActionSpec> {
  return {
    reload: {
      authority: ['system', 'config'],
      run: (c) => {
        const module = c.action.get('Module');
        if (module && !QUEUE_MODULE.test(module)) return c.reply('Error', 'No such module');
        moduleReload(module);
        c.reply('Success', 'Module Reloaded');
      },
    },
    queuereload: {
      authority: [],
      run: (c) => {
        reload(c.action.get('Parameters').toLowerCase() === 'yes' ? 'all' : 'members');
        c.reply('Success', 'Queue reloaded successfully');
      },
    },
    command: {
      authority: ['command'],
      run: (c) => {
        const words = c.action.get('Command').trim().split(/\s+/);
        const line = words.join(' ').toLowerCase();
        if (words.length === 3 && line.startsWith('module reload ') && QUEUE_MODULE.test(words[2])) {
          moduleReload(words[2]);
          return c.reply('Success', 'Command output follows', [['Output', `Module '${words[2]}' reloaded successfully.`]]);
        }
        const queueReload = /^queue reload (all|members|parameters|rules)( \S+)?$/.exec(line);
        if (queueReload) {
          if (queueReload[1] !== 'rules') reload(queueReload[1] === 'members' ? 'members' : 'all');
          return c.reply('Success', 'Command output follows', [['Output', '']]);
        }
        c.reply('Error', 'Command output follows', [['Output', `No such command '${words.join(' ')}' (type 'core show help ${words[0] ?? ''}' for other possible commands)`]]);
      },
    },
  };
}

function mute(c: ActionContext, conferences: ConferenceEngine, muted: boolean): void {
  const count = conferences.setMuted(c.action.get('Conference'), c.action.get('Channel'), muted);
  if (!count) return c.reply('Error', 'No Channel by that name found in Conference.');
  c.reply('Success', muted ? 'User muted' : 'User unmuted');
}

/** QueueStatus mixes three item kinds: QueueParams, QueueMember (Name/Location!), QueueEntry. */
function queueStatusItems(pbx: Pbx, wanted: string): ListItem[] {
  const items: ListItem[] = [];
  for (const q of pbx.queues.values()) {
    if (wanted && wanted !== q.name) continue;
    const sl = serviceLevels(q);
    items.push(['QueueParams', [
      ['Queue', q.name], ['Max', 0], ['Strategy', q.strategy], ['Calls', q.waiting.length],
      ['Holdtime', q.holdtime], ['TalkTime', q.talktime],
      ['Completed', q.completed], ['Abandoned', q.abandoned], ['ServiceLevel', q.serviceLevelSeconds],
      ['ServicelevelPerf', sl.perf], ['ServicelevelPerf2', sl.perf2], ['Weight', 0],
    ]]);
    for (const m of q.members) {
      items.push(['QueueMember', [
        ['Queue', q.name], ['Name', m.name], ['Location', m.interface], ['StateInterface', m.stateInterface],
        ['Membership', m.membership], ['Penalty', m.penalty], ['CallsTaken', m.callsTaken], ['LastCall', m.lastCall],
        ['LastPause', m.lastPause], ['LoginTime', m.loginTime], ['InCall', pbx.isInCall(m.device) ? 1 : 0],
        ['Status', pbx.deviceStatus(m.device)], ['Paused', m.paused ? 1 : 0], ['PausedReason', m.pausedReason], ['Wrapuptime', 0],
      ]]);
    }
    q.waiting.forEach((uniqueid, i) => {
      const ch = pbx.channels.get(uniqueid);
      if (!ch) return;
      // QueueEntry says `unknown` where channel snapshots say `<unknown>`.
      items.push(['QueueEntry', [
        ['Queue', q.name], ['Position', i + 1], ['Channel', ch.name], ['Uniqueid', ch.uniqueid],
        ['CallerIDNum', ch.callerNum || 'unknown'], ['CallerIDName', ch.callerName || 'unknown'],
        ['ConnectedLineNum', 'unknown'], ['ConnectedLineName', 'unknown'],
        ['Wait', Math.round((pbx.clock.now() - ch.createdAt) / 1000)], ['Priority', 0],
      ]]);
    });
  }
  return items;
}
