import { describe, expect, it } from 'vitest';
import { allowedActions, asksApproval } from './transitions';

describe('allowedActions', () => {
  it('when an executor opens an assigned request, then they may accept it, comment or ask for more time, nothing else', () => {
    expect(allowedActions('assigned', 'executor')).toEqual(['start', 'extend', 'comment']);
    expect(asksApproval('extend', 'executor')).toBe(true);
  });

  it('when an executor already asked for more time, then they cannot ask again, nor decide it', () => {
    expect(allowedActions('in_progress', 'executor', true)).toEqual(['complete', 'comment']);
  });

  it('when a supervisor opens a request with an ask pending, then they may approve or reject it', () => {
    expect(allowedActions('in_progress', 'supervisor', true)).toEqual(['approve_extension', 'reject_extension', 'extend', 'comment', 'forward', 'cancel']);
    expect(asksApproval('extend', 'supervisor')).toBe(false);
  });

  it('when nothing is pending, then a supervisor has no approve or reject, but extends directly', () => {
    const actions = allowedActions('in_progress', 'supervisor');
    expect(actions).not.toContain('approve_extension');
    expect(actions).not.toContain('reject_extension');
    expect(actions).toContain('extend');
  });

  it('when an executor works on a request, then they may mark it done', () => {
    expect(allowedActions('in_progress', 'executor')).toContain('complete');
  });

  it('when a request is done, then an agent may record the citizen confirming or not', () => {
    expect(allowedActions('done', 'agent')).toEqual(['confirm', 'return', 'comment']);
  });

  it('when a request is closed, then only a comment remains', () => {
    expect(allowedActions('closed', 'supervisor')).toEqual(['comment']);
    expect(allowedActions('closed', 'supervisor', true)).toEqual(['comment']);
  });

  it('when an official looks at a request, then there are no actions', () => {
    expect(allowedActions('registered', 'official')).toEqual([]);
  });
});
