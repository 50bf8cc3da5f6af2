import { describe, expect, it } from 'vitest';
import { asksApproval, decide, STATUSES, TRANSITIONS } from './transitions';

describe('the transition table', () => {
  it('when the happy path is walked, then each step leads to the next status', () => {
    expect(decide('assign', 'registered', 'agent')).toEqual({ ok: true, to: 'assigned' });
    expect(decide('start', 'assigned', 'executor')).toEqual({ ok: true, to: 'in_progress' });
    expect(decide('complete', 'in_progress', 'executor')).toEqual({ ok: true, to: 'done' });
    expect(decide('confirm', 'done', 'agent')).toEqual({ ok: true, to: 'closed' });
    expect(decide('return', 'done', 'supervisor')).toEqual({ ok: true, to: 'returned' });
    expect(decide('start', 'returned', 'executor')).toEqual({ ok: true, to: 'in_progress' });
  });

  it('when a request is closed, forwarded or cancelled, then only comments are accepted', () => {
    for (const end of ['closed', 'forwarded', 'cancelled'] as const) {
      for (const action of Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]) {
        const verdict = decide(action, end, 'admin');
        expect(verdict.ok, `${action} from ${end}`).toBe(action === 'comment');
      }
    }
  });

  it('when a role is not in the row, then the verdict names the role, not the status', () => {
    expect(decide('confirm', 'done', 'executor')).toEqual({ ok: false, reason: 'role' });
    expect(decide('start', 'assigned', 'agent')).toEqual({ ok: false, reason: 'role' });
    expect(decide('comment', 'done', 'official')).toEqual({ ok: false, reason: 'role' });
    expect(decide('confirm', 'in_progress', 'agent')).toEqual({ ok: false, reason: 'status' });
  });

  it('when the table is read, then every source status is a known one', () => {
    for (const t of Object.values(TRANSITIONS)) for (const s of t.from) expect(STATUSES).toContain(s);
  });

  it("when an executor extends, then it is only an ask that a supervisor or admin decides; a supervisor's extend takes effect", () => {
    expect(asksApproval('extend', 'executor')).toBe(true);
    expect(asksApproval('extend', 'supervisor')).toBe(false);
    expect(decide('approve_extension', 'in_progress', 'supervisor')).toEqual({ ok: true, to: 'in_progress' });
    expect(decide('reject_extension', 'assigned', 'admin')).toEqual({ ok: true, to: 'assigned' });
    expect(decide('approve_extension', 'in_progress', 'executor')).toEqual({ ok: false, reason: 'role' });
  });
});
