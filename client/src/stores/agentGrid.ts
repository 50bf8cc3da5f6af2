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
      case 'agents:grid':
        agents.value = event.data.agents;
        received.value = true;
        return;
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
