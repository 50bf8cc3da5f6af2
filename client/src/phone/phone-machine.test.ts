import { describe, expect, it } from 'vitest';
import { canRing, initialPhone, nextPhone, type PhoneInput, type PhoneState } from './phone-machine';

const run = (...inputs: PhoneInput[]): PhoneState => inputs.reduce(nextPhone, { ...initialPhone });
const registered = [{ type: 'connecting' }, { type: 'registered' }] as PhoneInput[];

describe('the softphone state machine (no PBX)', () => {
  it('when the phone connects and registers, then it can ring; before that the server is told nothing', () => {
    expect(canRing(run({ type: 'connecting' }))).toBeNull();
    const s = run(...registered);
    expect(s).toMatchObject({ registration: 'registered', fault: null, line: 'idle' });
    expect(canRing(s)).toBe(true);
  });

  it('when the password is wrong (401/403), then it fails with an auth fault that reconnects do not clear', () => {
    const s = run({ type: 'connecting' }, { type: 'registration_failed', status: 401, cause: 'Authentication Error' });
    expect(s).toMatchObject({ registration: 'failed', fault: 'auth' });
    expect(canRing(s)).toBe(false);
    // A WebSocket drop afterwards does not turn it into "connecting" (that would read as a retry loop).
    expect(nextPhone(nextPhone(s, { type: 'disconnected' }), { type: 'connecting' })).toMatchObject({ registration: 'failed', fault: 'auth' });
  });

  it('when the WSS endpoint is unreachable, then it says so and cannot ring; registered again, the fault clears', () => {
    const down = run({ type: 'connecting' }, { type: 'disconnected' });
    expect(down).toMatchObject({ registration: 'connecting', fault: 'unreachable' });
    expect(canRing(down)).toBe(false);
    const back = nextPhone(down, { type: 'registered' });
    expect(back).toMatchObject({ registration: 'registered', fault: null });
    expect(canRing(back)).toBe(true);
  });

  it('when a call rings, is answered and confirmed, then the line goes ringing → answering → in_call, and ends with who hung up', () => {
    let s = run(...registered, { type: 'incoming', remote: '+380671230001' });
    expect(s).toMatchObject({ line: 'ringing', remote: '+380671230001' });
    s = nextPhone(s, { type: 'answer' });
    expect(s.line).toBe('answering');
    s = nextPhone(s, { type: 'confirmed' });
    expect(s.line).toBe('in_call');
    s = nextPhone(nextPhone(s, { type: 'hold', on: true }), { type: 'mute', on: true });
    expect(s).toMatchObject({ held: true, muted: true });
    s = nextPhone(s, { type: 'ended', by: 'local', cause: 'Terminated' });
    expect(s).toMatchObject({ line: 'ended', held: false, muted: false, ended: { by: 'local', cause: 'Terminated' } });
  });

  it('when the citizen hangs up during the agent’s answer, then the line ends (by remote), not in_call', () => {
    const s = run(...registered, { type: 'incoming', remote: 'x' }, { type: 'answer' }, { type: 'ended', by: 'remote', cause: 'Canceled' }, { type: 'confirmed' });
    expect(s).toMatchObject({ line: 'ended', ended: { by: 'remote', cause: 'Canceled' } });
  });

  it('when the microphone is refused, then the fault is shown and the call keeps ringing (the queue offers it elsewhere)', () => {
    const s = run(...registered, { type: 'incoming', remote: 'x' }, { type: 'answer' }, { type: 'microphone_denied' });
    expect(s).toMatchObject({ line: 'ringing', fault: 'microphone' });
    expect(canRing(s)).toBe(true);
  });

  it('when a second INVITE arrives during a call, then the line stays with the first', () => {
    const s = run(...registered, { type: 'incoming', remote: 'first' }, { type: 'answer' }, { type: 'confirmed' }, { type: 'incoming', remote: 'second' });
    expect(s).toMatchObject({ line: 'in_call', remote: 'first' });
  });

  it('when hold or mute come with no call, then nothing changes; another tab holds the phone, then this one neither rings nor reports', () => {
    expect(run(...registered, { type: 'hold', on: true })).toMatchObject({ held: false });
    const other = run({ type: 'elsewhere' });
    expect(other.registration).toBe('elsewhere');
    expect(canRing(other)).toBeNull();
    expect(run(...registered, { type: 'stopped' })).toEqual(initialPhone);
  });
});
