import type { Pbx } from './pbx';
import type { ConferenceEngine } from './conference';
import type { SimChannel } from './model';
import type { ActionMessage, Fields } from './wire';

/**
 * How a dialled number behaves: tests decide who answers. `unavailable`: no channel can be made at all (an
 * unregistered phone): Asterisk answers `OriginateResponse: Failure` without a single channel event.
 */
export type DialOutcome = { answer: true; afterMs?: number } | { answer: false; afterMs?: number; outcome?: 'busy' | 'no_answer' | 'failed' | 'unavailable' };
export type DialBehaviour = (channel: string) => DialOutcome;

export const answerEverything: DialBehaviour = () => ({ answer: true, afterMs: 200 });

/** A citizen the dialplan dials after the agent picked up (click-to-call): answers, is busy, never answers, or the trunk fails. */
export interface CitizenOutcome {
  outcome: 'answer' | 'busy' | 'no_answer' | 'failed';
  /** Until the answer, the busy signal, or (no_answer) Dial()'s timeout. */
  ringMs?: number;
  /** How long the citizen talks before hanging up. */
  talkMs?: number;
}
export type CitizenBehaviour = (number: string) => CitizenOutcome;

/** Like the lab's citizen phones: ring 2 s, talk 20 s. */
export const citizensAnswer: CitizenBehaviour = () => ({ outcome: 'answer', ringMs: 2000, talkMs: 20_000 });

const DIAL_STATUS = { answer: 'ANSWER', busy: 'BUSY', no_answer: 'NOANSWER', failed: 'CHANUNAVAIL' } as const;
const DIAL_CAUSE = { answer: 16, busy: 17, no_answer: 19, failed: 20 } as const;
/** What Dial() waits for an answer before giving up (the sample dialplan's timeout). */
const DIAL_TIMEOUT_MS = 30_000;

/** ast_control_frame_type values OriginateResponse reports. */
const FAILURE_REASON = { busy: 5, no_answer: 3, failed: 0 } as const;
const FAILURE_CAUSE = { busy: 17, no_answer: 19, failed: 21 } as const;

/** `PJSIP/1001` → `PJSIP/1001-0000002b`; `PJSIP/+380...@trunk` → `PJSIP/trunk-0000002b`; `Local/0671234567@agents/n` → `Local/0671234567@agents-0000002b;1`. */
function channelName(dial: string, suffix: string): string {
  const [tech = '', ...parts] = dial.split('/');
  const rest = parts[0] ?? '';
  if (tech.toLowerCase() === 'local') return `${tech}/${rest}-${suffix};1`;
  const endpoint = rest.includes('@') ? rest.split('@')[1] : rest;
  return `${tech}/${endpoint}-${suffix}`;
}

/** Channel technologies a PBX usually has; a dial string naming another one gets no channel at all. */
export const DEFAULT_TECHNOLOGIES = ['PJSIP', 'SIP', 'IAX2', 'DAHDI', 'Local'];

/** Async Originate: the direct answer is "queued"; the outcome is a broadcast OriginateResponse. */
export class Originator {
  /** Originated channels that are not in a conference: they live until hung up. */
  readonly plain = new Map<string, SimChannel>();
  /** Still ringing: a Hangup now makes the origination fail with Reason 1 (hung up). */
  private readonly ringing = new Map<string, { action: ActionMessage; actionId: string }>();

  /** Timers of the dialplan's Dial() per originated channel, so a hang-up stops it. */
  private readonly dialplans = new Map<string, Array<() => void>>();

  /** The channel drivers loaded, like `core show channeltypes` (case-insensitive, as ast_request matches them). */
  technologies = new Set(DEFAULT_TECHNOLOGIES.map((t) => t.toLowerCase()));
  /** An answered leg running ChanSpy (chanspy.ts). */
  chanSpy: ((channel: SimChannel, data: string) => void) | null = null;

  constructor(private readonly pbx: Pbx, private readonly conferences: ConferenceEngine, public behaviour: DialBehaviour, public citizens: CitizenBehaviour = citizensAnswer) {}

  start(action: ActionMessage, actionId: string): void {
    const dial = action.get('Channel');
    if (!this.technologies.has((dial.split('/')[0] ?? '').toLowerCase())) {
      // ast_request: "No channel type registered for '<tech>'": no Newchannel, Reason 0, the ChannelId we chose.
      this.unavailable(action, actionId);
      return;
    }
    const outcome = this.behaviour(dial);
    if (!outcome.answer && outcome.outcome === 'unavailable') {
      this.pbx.clock.after(outcome.afterMs ?? 200, () => this.unavailable(action, actionId));
      return;
    }
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
    this.pbx.clock.after(outcome.afterMs ?? 200, () => {
      if (!this.ringing.delete(channel.uniqueid)) return;
      if (outcome.answer) this.answered(channel, action, actionId, variables);
      else if (outcome.outcome !== 'unavailable') this.failed(channel, action, actionId, outcome.outcome ?? 'no_answer');
    });
  }

  private response(channel: SimChannel, action: ActionMessage, actionId: string, success: boolean, reason: number): void {
    const target: Fields = action.get('Application')
      ? [['Application', action.get('Application')], ['Data', action.get('Data')]]
      : [['Context', action.get('Context')], ['Exten', action.get('Exten')]];
    this.pbx.emit('OriginateResponse', 'call', [
      ['ActionID', actionId],
      ['Response', success ? 'Success' : 'Failure'],
      // A failed dial returns no channel to manager.c, which then names the one asked for.
      ['Channel', success ? channel.name : action.get('Channel')],
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
      if (!application) this.dialCitizen(channel, action.get('Exten'));
      if (application === 'chanspy') this.chanSpy?.(channel, data);
    }
  }

  /**
   * The dialplan behind click-to-call: the agent's answered leg runs `Dial(<trunk>/<number>)`; the citizen rings,
   * then answers and talks, or is busy, does not answer, or cannot be reached; when the citizen's leg ends,
   * Dial() returns and the agent's leg hangs up too (as `Dial(); Hangup()` does).
   */
  private dialCitizen(agentLeg: SimChannel, number: string): void {
    const citizen = this.citizens(number);
    const leg = this.pbx.newChannel({ name: `PJSIP/trunk-${this.pbx.channelSuffix()}`, linkedid: agentLeg.linkedid, callerNum: agentLeg.callerNum, context: 'from-trunk', exten: number, application: 'AppDial', applicationData: '(Outgoing Line)' });
    const timers: Array<() => void> = [];
    this.dialplans.set(agentLeg.uniqueid, timers);
    this.pbx.dialBegin(agentLeg, leg, `PJSIP/${number}@trunk`);
    const endBoth = (cause: number) => {
      this.dialplans.delete(agentLeg.uniqueid);
      this.pbx.leaveBridge(leg);
      this.pbx.leaveBridge(agentLeg);
      this.pbx.hangup(leg, cause);
      this.plain.delete(agentLeg.uniqueid);
      this.pbx.hangup(agentLeg, cause);
    };
    if (citizen.outcome === 'busy' || citizen.outcome === 'failed') {
      timers.push(this.pbx.clock.after(citizen.ringMs ?? 300, () => {
        this.pbx.dialEnd(agentLeg, leg, DIAL_STATUS[citizen.outcome]);
        endBoth(DIAL_CAUSE[citizen.outcome]);
      }));
      return;
    }
    this.pbx.setState(leg, 5);
    this.pbx.dialState(agentLeg, leg, 'RINGING');
    const answers = citizen.outcome === 'answer';
    // A citizen who never answers rings until Dial() gives up (its timeout; `ringMs` stands for it in tests).
    timers.push(this.pbx.clock.after(citizen.ringMs ?? (answers ? 2000 : DIAL_TIMEOUT_MS), () => {
      if (!answers) {
        this.pbx.dialEnd(agentLeg, leg, 'NOANSWER');
        endBoth(DIAL_CAUSE.no_answer);
        return;
      }
      this.pbx.setState(leg, 6);
      this.pbx.dialEnd(agentLeg, leg, 'ANSWER');
      this.pbx.connectLines(agentLeg, leg);
      this.pbx.bridge([agentLeg, leg]);
      Object.assign(agentLeg, { application: 'Dial', applicationData: `PJSIP/${number}@trunk` });
      timers.push(this.pbx.clock.after(citizen.talkMs ?? 20_000, () => {
        this.pbx.hangupRequest(leg);
        endBoth(16);
      }));
    }));
  }

  /** `fast_originate` when the channel could not even be requested: the requested name and our ChannelId. */
  private unavailable(action: ActionMessage, actionId: string): void {
    const target: Fields = action.get('Application')
      ? [['Application', action.get('Application')], ['Data', action.get('Data')]]
      : [['Context', action.get('Context')], ['Exten', action.get('Exten')]];
    this.pbx.emit('OriginateResponse', 'call', [
      ['ActionID', actionId], ['Response', 'Failure'], ['Channel', action.get('Channel')], ...target, ['Reason', 0],
      ['Uniqueid', action.get('ChannelId') || '<unknown>'], ['CallerIDNum', '<unknown>'], ['CallerIDName', '<unknown>'],
    ]);
  }

  private failed(channel: SimChannel, action: ActionMessage, actionId: string, outcome: 'busy' | 'no_answer' | 'failed'): void {
    this.pbx.hangup(channel, FAILURE_CAUSE[outcome]);
    this.response(channel, action, actionId, false, FAILURE_REASON[outcome]);
  }

  /** A phone put down (a test), or the Hangup action (`soft`, Asterisk's SoftHangupRequest) on an originated channel. */
  hangup(name: string, soft = false): boolean {
    const channel = [...this.pbx.channels.values()].find((c) => c.name === name || c.uniqueid === name);
    if (!channel) return false;
    const ringing = this.ringing.get(channel.uniqueid);
    if (!ringing) this.pbx.hangupRequest(channel, 16, soft);
    const dialplan = [...this.dialplans.entries()].find(([agentId]) => agentId === channel.uniqueid || this.pbx.channels.get(agentId)?.linkedid === channel.linkedid);
    if (this.conferences.roomOf(channel)) this.conferences.leave(channel);
    else if (dialplan) {
      // Either leg of a click-to-call: the other follows, as Dial() returning does.
      for (const cancel of dialplan[1]) cancel();
      this.dialplans.delete(dialplan[0]);
      for (const leg of [...this.pbx.channels.values()].filter((c) => c.linkedid === channel.linkedid)) {
        this.pbx.leaveBridge(leg);
        this.plain.delete(leg.uniqueid);
        this.pbx.hangup(leg);
      }
    } else if (this.plain.delete(channel.uniqueid)) this.pbx.hangup(channel);
    else if (ringing) {
      this.ringing.delete(channel.uniqueid);
      this.pbx.hangup(channel);
      this.response(channel, ringing.action, ringing.actionId, false, 1);
    } else return false;
    return true;
  }
}

