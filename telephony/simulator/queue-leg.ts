import type { Pbx } from './pbx';
import type { SimChannel, SimMember } from './model';
import { isLocalMember } from './model';

/**
 * The member side of a queue call. For `PJSIP/1001` members it is one channel. For FreePBX-style
 * `Local/1001@from-queue/n` members it is a Local pair (;1 faces the queue, ;2 runs Dial) plus the real
 * phone leg that ;2 dials: the member leg app_queue reports is the Local ;1 channel.
 */
export class MemberLeg {
  readonly queueSide: SimChannel;
  readonly local2: SimChannel | null = null;
  readonly phone: SimChannel;
  readonly ringStart: number;
  cancelTimer: (() => void) | null = null;

  constructor(private readonly pbx: Pbx, readonly member: SimMember, caller: SimChannel) {
    this.ringStart = pbx.clock.now();
    const ext = member.device.split('/')[1] ?? member.device;
    const base = {
      linkedid: caller.linkedid,
      callerNum: ext,
      callerName: member.name,
      connectedNum: caller.callerNum,
      connectedName: caller.callerName,
      context: 'agents',
      exten: ext,
    };
    if (isLocalMember(member)) {
      const suffix = pbx.channelSuffix();
      const context = member.interface.split('@')[1]?.split('/')[0] ?? 'from-queue';
      this.queueSide = pbx.newChannel({ ...base, name: `Local/${ext}@${context}-${suffix};1`, application: 'AppQueue', applicationData: '(Outgoing Line)' });
      this.local2 = pbx.newChannel({ ...base, name: `Local/${ext}@${context}-${suffix};2`, state: 4, context, application: 'Dial', applicationData: `${member.device},,tr` });
      this.phone = this.queueSide;
    } else {
      this.queueSide = pbx.newChannel({ ...base, name: `${member.device}-${pbx.channelSuffix()}`, application: 'AppQueue', applicationData: '(Outgoing Line)' });
      this.phone = this.queueSide;
    }
  }

  /** Local members: ;2 dials the phone once the queue has called ;1. */
  dialPhone(): void {
    if (!this.local2) return;
    const phone = this.pbx.newChannel({
      name: `${this.member.device}-${this.pbx.channelSuffix()}`,
      linkedid: this.queueSide.linkedid,
      callerNum: this.queueSide.connectedNum,
      callerName: this.queueSide.connectedName,
      context: 'agents',
      exten: this.queueSide.exten,
      application: 'AppDial',
      applicationData: '(Outgoing Line)',
    });
    (this as { phone: SimChannel }).phone = phone;
    this.pbx.dialBegin(this.local2, phone, this.member.device);
  }

  ringing(caller: SimChannel): void {
    if (this.local2) {
      this.pbx.setState(this.phone, 5);
      this.pbx.dialState(this.local2, this.phone, 'RINGING');
    }
    this.pbx.setState(this.queueSide, 5);
    this.pbx.dialState(caller, this.queueSide, 'RINGING');
  }

  answered(caller: SimChannel): void {
    if (this.local2) {
      this.pbx.setState(this.phone, 6);
      this.pbx.dialEnd(this.local2, this.phone, 'ANSWER');
      this.pbx.setState(this.local2, 6);
    }
    this.pbx.setState(this.queueSide, 6);
    this.pbx.dialEnd(caller, this.queueSide, 'ANSWER');
  }

  /** The queue stops ringing this member (no answer, answered elsewhere, caller gone). */
  cancel(caller: SimChannel, status: string, cause: number): void {
    this.cancelTimer?.();
    this.pbx.dialEnd(caller, this.queueSide, status);
    if (this.local2 && this.phone !== this.queueSide) this.pbx.dialEnd(this.local2, this.phone, 'CANCEL');
    this.hangupAll(cause);
  }

  /** The channels that talk: bridged with the caller (;1 for Local members; ;2 is bridged with the phone). */
  bridgeWith(caller: SimChannel): void {
    this.pbx.connectLines(caller, this.queueSide);
    this.pbx.bridge([caller, this.queueSide]);
    if (this.local2 && this.phone !== this.queueSide) this.pbx.bridge([this.local2, this.phone]);
  }

  leaveBridges(): void {
    for (const ch of this.channels()) this.pbx.leaveBridge(ch);
  }

  hangupAll(cause = 16): void {
    for (const ch of this.channels()) this.pbx.hangup(ch, cause);
  }

  channels(): SimChannel[] {
    const all = [this.phone, this.local2, this.queueSide].filter((c): c is SimChannel => c !== null);
    return [...new Set(all)];
  }
}
