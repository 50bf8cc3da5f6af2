import { describe, expect, it } from 'vitest';
import { allowedActions } from './transitions';

describe('allowedActions', () => {
  it('when an executor opens an assigned request, then they may accept it, comment or ask for more time, nothing else', () => {
    expect(allowedActions('assigned', 'executor')).toEqual(['start', 'extend', 'comment']);
  });

  it('when an executor works on a request, then they may mark it done', () => {
    expect(allowedActions('in_progress', 'executor')).toContain('complete');
  });

  it('when a request is done, then an agent may record the citizen confirming or not', () => {
    expect(allowedActions('done', 'agent')).toEqual(['confirm', 'return', 'comment']);
  });

  it('when a request is closed, then only a comment remains', () => {
    expect(allowedActions('closed', 'supervisor')).toEqual(['comment']);
  });

  it('when an official looks at a request, then there are no actions', () => {
    expect(allowedActions('registered', 'official')).toEqual([]);
  });
});
