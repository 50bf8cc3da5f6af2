import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoachingSessionView } from '../../../server/realtime/contract';
import { heldAnswers } from '../test/fixtures';
import { useSpyStore } from './spy';

const listening: CoachingSessionView = { sessionId: 's-1', agentUserId: 7, mode: 'listen', since: '2026-12-07T14:00:00.000Z' };

describe('useSpyStore', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('when the socket says a session started while the current one was being asked, then the older answer (none) does not hide it', async () => {
    const server = heldAnswers();
    const store = useSpyStore();
    const loading = store.load();
    store.apply({ name: 'coach:session', data: { session: listening } });
    server.answer({ session: null });
    await loading;
    expect(store.session).toEqual(listening);
  });

  it('when nothing was said during the load, then its answer is taken (a reloaded page finds its session)', async () => {
    const server = heldAnswers();
    const store = useSpyStore();
    const loading = store.load();
    server.answer({ session: listening });
    await loading;
    expect(store.session).toEqual(listening);
  });
});
