import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConsultationPanel } from '../../../server/realtime/contract';
import { useSocket } from '../composables/useSocket';
import type { EventOf } from '../realtime/events';

export type ConsultationsEvent = EventOf<'consultation:panel'> | EventOf<'consultation:alert'>;

/** Live panels of the consultations this console watches, and alerts for their organisers. */
export const useConsultationsStore = defineStore('consultations', () => {
  const panels = ref<Record<number, ConsultationPanel>>({});
  const alerts = ref<Array<{ id: number; topic: string; alert: string; channel?: string }>>([]);
  const watching = new Set<number>();
  const { socket, onConnect } = useSocket();

  function apply(event: ConsultationsEvent): void {
    switch (event.name) {
      case 'consultation:panel':
        panels.value = { ...panels.value, [event.data.id]: event.data };
        return;
      case 'consultation:alert':
        alerts.value = [...alerts.value.filter((a) => a.id !== event.data.id), event.data];
        return;
      default:
        event satisfies never;
    }
  }

  async function ask(id: number): Promise<void> {
    const s = socket.value;
    if (!s?.connected) return;
    const reply = await s.emitWithAck('consultation:watch', { id });
    if (reply.ok) panels.value = { ...panels.value, [id]: reply.panel };
  }

  // A reconnect loses the socket's rooms: watch again.
  onConnect(() => {
    for (const id of watching) void ask(id);
  });

  function watch(id: number): Promise<void> {
    watching.add(id);
    return ask(id);
  }

  function unwatch(id: number): void {
    watching.delete(id);
    socket.value?.emit('consultation:unwatch', { id });
  }

  function reset(): void {
    panels.value = {};
    alerts.value = [];
    watching.clear();
  }

  return { panels, alerts, apply, watch, unwatch, reset };
});
