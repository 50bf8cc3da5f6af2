import type { Pbx } from './pbx';
import type { ConferenceEngine } from './conference';
import type { SimChannel } from './model';
import type { ActionMessage, Fields } from './wire';

/** How a dialled number behaves: tests decide who answers. */
export type DialOutcome = { answer: true; afterMs?: number } | { answer: false; afterMs?: number; outcome?: 'busy' | 'no_answer' | 'failed' };
export type DialBehaviour = (channel: string) => DialOutcome;

export const answerEverything: DialBehaviour = () => ({ answer: true, afterMs: 200 });

/** ast_control_frame_type values OriginateResponse reports. */
const FAILURE_REASON = { busy: 5, no_answer: 3, failed: 0 } as const;
const FAILURE_CAUSE = { busy: 17, no_answer: 19, failed: 21 } as const;

/** `PJSIP/1001` → `PJSIP/1001-0000002b`; `PJSIP/+380...@trunk` → `PJSIP/trunk-0000002b`. */
function channelName(dial: string, suffix: string): string {
  const [tech, rest = ''] = dial.split('/');
  const endpoint = rest.includes('@') ? rest.split('@')[1] : rest;
  return `${tech}/${endpoint}-${suffix}`;
}

/** Async Originate: the direct answer is "queued"; the outcome is a broadcast OriginateResponse. */
export class Originator {
  /** Originated channels that are not in a conference: they live until hung up. */
  readonly plain = new Map<string, SimChannel>();
  /** Still ringing: a Hangup now makes the origination fail with Reason 1 (hung up). */
  private readonly ringing = new Map<string, { action: ActionMessage; actionId: string }>();

  constructor(private readonly pbx: Pbx, private readonly conferences: ConferenceEngine, public behaviour: DialBehaviour) {}

  start(action: ActionMessage, actionId: string): void {
    const dial = action.get('Channel');
    const variables = Object.fromEntries(action.all('Variable').map((v) => [v.split('=')[0], v.split('=').slice(1).join('=')]));
    const callerId = action.get('CallerID');
    const cidNum = /<([^>]*)>/.exec(callerId)?.[1] ?? callerId;
    const cidName = /^"?([^"<]*)"?\s*</.exec(callerId)?.[1]?.trim() ?? '';
    const channel = this.pbx.newChannel({
      name: channelName(dial, this.pbx.channelSuffix()),
      uniqueid: action.get('ChannelId') || undefined,
      callerNum: cidNum,
      callerName: cidName,
      context: action.get('Context') || 'default',
      exten: action.get('Exten') || 's',
    });
    this.pbx.setState(channel, 5);
    this.ringing.set(channel.uniqueid, { action, actionId });
    const outcome = this.behaviour(dial);
    this.pbx.clock.after(outcome.afterMs ?? 200, () => {
      if (!this.ringing.delete(channel.uniqueid)) return;
      if (outcome.answer) this.answered(channel, action, actionId, variables);
      else this.failed(channel, action, actionId, outcome.outcome ?? 'no_answer');
    });
  }

  private response(channel: SimChannel, action: ActionMessage, actionId: string, success: boolean, reason: number): void {
    const target: Fields = action.get('Application')
      ? [['Application', action.get('Application')], ['Data', action.get('Data')]]
      : [['Context', action.get('Context')], ['Exten', action.get('Exten')]];
    this.pbx.emit('OriginateResponse', 'call', [
      ['ActionID', actionId],
      ['Response', success ? 'Success' : 'Failure'],
      ['Channel', channel.name],
      ...target,
      ['Reason', reason],
      ['Uniqueid', channel.uniqueid],
      ['CallerIDNum', channel.callerNum || '<unknown>'],
      ['CallerIDName', channel.callerName || '<unknown>'],
    ]);
  }

  private answered(channel: SimChannel, action: ActionMessage, actionId: string, variables: Record<string, string>): void {
    this.pbx.setState(channel, 6);
    this.pbx.occupy(channel);
    this.response(channel, action, actionId, true, 4);
    const application = action.get('Application').toLowerCase();
    const data = action.get('Data');
    if (application === 'confbridge') {
      const [room = '', , profile = ''] = data.split(',');
      this.conferences.join(channel, room, profile.startsWith('official'));
    } else if (action.get('Context') === 'consult') {
      this.conferences.join(channel, action.get('Exten'), variables.CONF_ROLE === 'official');
    } else {
      Object.assign(channel, { application: application || 'Dial', applicationData: data });
      this.plain.set(channel.uniqueid, channel);
    }
  }

  private failed(channel: SimChannel, action: ActionMessage, actionId: string, outcome: 'busy' | 'no_answer' | 'failed'): void {
    this.pbx.hangup(channel, FAILURE_CAUSE[outcome]);
    this.response(channel, action, actionId, false, FAILURE_REASON[outcome]);
  }

  /** Hangup action on an originated channel. */
  hangup(name: string): boolean {
    const channel = [...this.pbx.channels.values()].find((c) => c.name === name || c.uniqueid === name);
    if (!channel) return false;
    const ringing = this.ringing.get(channel.uniqueid);
    if (this.conferences.roomOf(channel)) this.conferences.leave(channel);
    else if (this.plain.delete(channel.uniqueid)) this.pbx.hangup(channel);
    else if (ringing) {
      this.ringing.delete(channel.uniqueid);
      this.pbx.hangup(channel);
      this.response(channel, ringing.action, ringing.actionId, false, 1);
    } else return false;
    return true;
  }
}

