import type { Pbx } from './pbx';
import type { SimChannel } from './model';
import type { QueueEngine } from './queue-engine';
import type { QueueCall } from './queue-call';
import type { MemberLeg } from './queue-leg';
import type { ActionContext, ActionSpec } from './ami-server';
import { channelFields } from './model';

/** Whether the target of a transfer picks up, and after how long. */
export interface TransferAnswer {
  answers: boolean;
  ringMs: number;
}

export interface TransferOptions {
  /** Who answers a transfer to `device` (`PJSIP/1002`, `PJSIP/trunk` for numbers). Default: everybody after 1 s. */
  answer?: (device: string) => TransferAnswer;
  /** How long the target rings (the transfer context's Dial timeout). */
  ringTimeoutMs?: number;
  /** What the dialplan does with a blind-transferred caller nobody answered: back into the queue, or to the agent. */
  noAnswer?: 'queue' | 'agent';
}

interface Consult {
  call: QueueCall;
  /** The member leg that dials (the transferer); for an attended transfer, also the one that talks to the target. */
  leg: MemberLeg;
  target: SimChannel;
  attended: boolean;
  answered: boolean;
  cancelTimer: () => void;
}

const QUEUE_CONTEXTS = new Set(['transfer-queue']);

/**
 * BlindTransfer and Atxfer of a queue call, as Asterisk 22 reports them (test/fixtures/ami/lab-transfer-*.ami):
 * a blind transfer ends the agent's part at once (BlindTransfer, AgentComplete `transfer`) and the caller dials
 * the target; an attended one holds the caller while the agent's leg dials the target, and completes when the
 * agent's leg hangs up (AttendedTransfer) or is cancelled when the target's does.
 */
/** `BlindTransfer` and `Atxfer` (authority `call`), with Asterisk 22's replies. */
export function transferActions(transfers: TransferEngine): Record<string, ActionSpec> {
  const run = (attended: boolean) => (c: ActionContext) => {
    if (!c.action.get('Channel')) return c.reply('Error', 'No channel specified');
    const error = transfers.start(c.action.get('Channel'), c.action.get('Context'), c.action.get('Exten'), attended);
    if (error) return c.reply('Error', error);
    c.reply('Success', attended ? 'Atxfer successfully queued' : 'Transfer succeeded');
  };
  return { blindtransfer: { authority: ['call'], run: run(false) }, atxfer: { authority: ['call'], run: run(true) } };
}

export class TransferEngine {
  private readonly consults = new Map<string, Consult>();

  constructor(private readonly pbx: Pbx, private readonly queues: QueueEngine, private readonly options: TransferOptions = {}) {}

  /** The AMI actions' work; an error message (as Asterisk words it) or null. */
  start(channel: string, context: string, exten: string, attended: boolean): string | null {
    const found = this.queues.findChannel(channel);
    const leg = found?.call.connected;
    if (!found || found.side !== 'agent' || !leg) return attended ? 'Channel specified does not exist' : 'No such channel';
    if (!exten) return 'No extension specified';
    if ([...this.consults.values()].some((c) => c.call === found.call)) return 'Transfer in progress';
    if (attended) return this.consult(found.call, leg, context, exten);
    this.pbx.emit('BlindTransfer', 'call', [
      ['Result', 'Success'], ...channelFields(leg.queueSide, 'Transferer'), ...channelFields(found.call.caller, 'Transferee'),
      ['IsExternal', 'No'], ['Context', context], ['Extension', exten],
    ]);
    found.call.handOff();
    this.sendCaller(found.call, leg, context, exten);
    return null;
  }

  /** Where the dialplan takes a blind-transferred caller: a queue (`transfer-queue,<name>`), else a Dial of the extension. */
  private sendCaller(call: QueueCall, leg: MemberLeg, context: string, exten: string): void {
    const queue = this.pbx.queues.get(exten);
    if (QUEUE_CONTEXTS.has(context) || queue) {
      if (queue) this.queues.requeue(call, queue);
      else call.endTransferred();
      return;
    }
    this.dial(call, leg, call.caller, exten, false);
  }

  private consult(call: QueueCall, leg: MemberLeg, context: string, exten: string): string | null {
    if (QUEUE_CONTEXTS.has(context)) return 'Unable to transfer to a queue attended';
    this.pbx.emit('MusicOnHoldStart', 'call', [...channelFields(call.caller), ['Class', 'default']]);
    this.pbx.leaveBridge(leg.queueSide);
    this.dial(call, leg, leg.queueSide, exten, true);
    return null;
  }

  private dial(call: QueueCall, leg: MemberLeg, from: SimChannel, exten: string, attended: boolean): void {
    const device = /^\d{3,5}$/.test(exten) ? `PJSIP/${exten}` : 'PJSIP/trunk';
    const target = this.pbx.newChannel({ name: `${device}-${this.pbx.channelSuffix()}`, linkedid: call.caller.linkedid, callerNum: exten, context: 'transfers', exten });
    this.pbx.dialBegin(from, target, device === 'PJSIP/trunk' ? `PJSIP/${exten}@trunk` : device);
    this.pbx.setState(target, 5);
    this.pbx.dialState(from, target, 'RINGING');
    if (device !== 'PJSIP/trunk') this.pbx.changeDevice(device, { ringing: 1 });
    const answer = this.options.answer?.(device) ?? { answers: true, ringMs: 1000 };
    const timeoutMs = this.options.ringTimeoutMs ?? 20_000;
    const picksUp = answer.answers && answer.ringMs < timeoutMs;
    const consult: Consult = { call, leg, target, attended, answered: false, cancelTimer: () => {} };
    consult.cancelTimer = this.pbx.clock.after(picksUp ? answer.ringMs : timeoutMs, () => (picksUp ? this.answered(consult, from) : this.unanswered(consult, from)));
    this.consults.set(target.uniqueid, consult);
  }

  private answered(c: Consult, from: SimChannel): void {
    const device = c.target.name.replace(/-[0-9a-f]+$/, '');
    if (device !== 'PJSIP/trunk') this.pbx.changeDevice(device, { ringing: -1 });
    this.pbx.setState(c.target, 6);
    this.pbx.dialEnd(from, c.target, 'ANSWER');
    this.pbx.occupy(c.target);
    c.answered = true;
    if (c.attended) {
      this.pbx.connectLines(c.leg.queueSide, c.target);
      this.pbx.bridge([c.leg.queueSide, c.target]);
      return;
    }
    this.consults.delete(c.target.uniqueid);
    c.call.connectTarget(c.target);
  }

  /** Nobody answered: the dial ends; an attended transfer goes back to the agent, a blind one where the dialplan says. */
  private unanswered(c: Consult, from: SimChannel): void {
    this.consults.delete(c.target.uniqueid);
    const device = c.target.name.replace(/-[0-9a-f]+$/, '');
    if (device !== 'PJSIP/trunk') this.pbx.changeDevice(device, { ringing: -1 });
    this.pbx.dialEnd(from, c.target, 'NOANSWER');
    this.pbx.hangup(c.target, 19);
    if (c.attended) return this.backToAgent(c);
    if (this.options.noAnswer === 'agent') return this.dial(c.call, c.leg, c.call.caller, c.leg.member.device.split('/')[1] ?? '', false);
    this.queues.requeue(c.call, c.call.queue);
  }

  private backToAgent(c: Consult): void {
    this.pbx.leaveBridge(c.leg.queueSide);
    this.pbx.emit('MusicOnHoldStop', 'call', channelFields(c.call.caller));
    this.pbx.bridge([c.call.caller, c.leg.queueSide]);
  }

  /** The agent's leg hung up during an answered consultation: the caller and the target are joined. */
  private complete(c: Consult): void {
    this.consults.delete(c.target.uniqueid);
    this.pbx.emit('AttendedTransfer', 'call', [
      ['Result', 'Success'], ...channelFields(c.leg.queueSide, 'OrigTransferer'), ...channelFields(c.leg.queueSide, 'SecondTransferer'),
      ...channelFields(c.call.caller, 'Transferee'), ...channelFields(c.target, 'TransferTarget'), ['IsExternal', 'No'], ['DestType', 'Bridge'],
    ]);
    this.pbx.emit('MusicOnHoldStop', 'call', channelFields(c.call.caller));
    this.pbx.leaveBridge(c.target);
    c.call.handOff();
    c.call.connectTarget(c.target);
  }

  /** The target's leg went (its phone, or the console's cancel) before the transfer completed. */
  private cancel(c: Consult): void {
    c.cancelTimer();
    this.consults.delete(c.target.uniqueid);
    const device = c.target.name.replace(/-[0-9a-f]+$/, '');
    const from = c.attended ? c.leg.queueSide : c.call.caller;
    if (!c.answered && device !== 'PJSIP/trunk') this.pbx.changeDevice(device, { ringing: -1 });
    if (!c.answered) this.pbx.dialEnd(from, c.target, 'CANCEL');
    this.pbx.leaveBridge(c.target);
    this.pbx.hangup(c.target);
    if (c.attended) this.backToAgent(c);
  }

  /**
   * A Hangup (AMI or a phone) of a channel in a transfer; false when no transfer holds it. The transferer's leg
   * completes an answered attended transfer; the target's leg cancels; the caller ends it all.
   */
  hangup(channel: string): boolean {
    for (const c of this.consults.values()) {
      const is = (ch: SimChannel) => ch.name === channel || ch.uniqueid === channel;
      if (is(c.target)) {
        this.pbx.hangupRequest(c.target);
        this.cancel(c);
        return true;
      }
      if (c.attended && c.leg.channels().some(is)) {
        // Hung up while the target still rang: the consultation goes, and so does the agent's call.
        if (!c.answered) {
          this.cancel(c);
          return false;
        }
        this.complete(c);
        return true;
      }
      if (is(c.call.caller)) {
        if (!c.attended) this.pbx.hangupRequest(c.call.caller);
        this.cancel(c);
        if (c.attended) c.call.complete('caller');
        else c.call.endTransferred();
        return true;
      }
    }
    return false;
  }
}
