import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AgentGridRow } from '../../../server/realtime/contract';
import type { EventOf } from '../realtime/events';

export type AgentGridEvent = EventOf<'agents:grid'>;

/** Every agent's state as the server last sent it to supervisors (`agents:grid`). */
export const useAgentGridStore = defineStore('agentGrid', () => {
  const agents = ref<AgentGridRow[]>([]);
  const received = ref(false);

  function apply(event: AgentGridEvent): void {
    switch (event.name) {
      case 'agents:grid': {
        const { full, agents: rows, removed = [] } = event.data;
        if (full || !received.value) {
          agents.value = rows;
        } else {
          // Changed rows replace theirs in place (the server's order); new agents go at the end.
          const byId = new Map(rows.map((r) => [r.userId, r]));
          const gone = new Set(removed);
          const kept = agents.value.filter((a) => !gone.has(a.userId)).map((a) => byId.get(a.userId) ?? a);
          const known = new Set(kept.map((a) => a.userId));
          agents.value = [...kept, ...rows.filter((r) => !known.has(r.userId))];
        }
        received.value = true;
        return;
      }
      default:
        event.name satisfies never;
    }
  }

  function reset(): void {
    agents.value = [];
    received.value = false;
  }

  return { agents, received, apply, reset };
});
