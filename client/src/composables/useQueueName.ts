import { queueName } from '../components/supervisor/figures';
import { useQueuesStore } from '../stores/queues';

/**
 * A queue as people name it: its display name from the live snapshot's settings (the agent's own slice has them
 * too), else the PBX's name. Calls, callers and transfer targets carry only the PBX's name ("hotline").
 */
export function useQueueName(): (name: string | null | undefined) => string {
  const queues = useQueuesStore();
  return (name) => {
    if (!name) return '—';
    const queue = queues.queues.find((q) => q.name === name);
    return queue ? queueName(queue) : name;
  };
}
