import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AgentGridRow } from '../../../server/realtime/contract';
import { useAgentGridStore } from './agentGrid';

const row = (userId: number, state: AgentGridRow['state']): AgentGridRow => ({
  userId, name: `A${userId}`, interface: `PJSIP/${1000 + userId}`, state, since: '2026-11-30T08:00:00Z', pausedReason: null, call: null, answeredToday: 0, averageHandleSeconds: null,
});

describe('the agent grid store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('when a delta comes after the full grid, then changed rows are replaced in place, new ones added and removed ones dropped', () => {
    const grid = useAgentGridStore();
    grid.apply({ name: 'agents:grid', data: { at: 'x', full: true, agents: [row(1, 'available'), row(2, 'available'), row(3, 'paused')] } });
    grid.apply({ name: 'agents:grid', data: { at: 'y', full: false, agents: [row(2, 'in_call'), row(4, 'offline')], removed: [3] } });
    expect(grid.agents.map((a) => [a.userId, a.state])).toEqual([[1, 'available'], [2, 'in_call'], [4, 'offline']]);
  });

  it('when a full grid comes (a reconnect), then it replaces everything', () => {
    const grid = useAgentGridStore();
    grid.apply({ name: 'agents:grid', data: { at: 'x', full: true, agents: [row(1, 'available')] } });
    grid.apply({ name: 'agents:grid', data: { at: 'y', full: true, agents: [row(5, 'ringing')] } });
    expect(grid.agents.map((a) => a.userId)).toEqual([5]);
  });
});
