import { ref } from 'vue';
import { executorsApi } from '../api/executors';
import { topicsApi } from '../api/topics';
import type { Executor, Topic } from '../api/types';

/** Topics and executors, fetched once per page load and shared. */
export function useReferenceData() {
  const topics = ref<Topic[]>([]);
  const executors = ref<Executor[]>([]);
  const failed = ref(false);

  async function load(): Promise<void> {
    const [t, e] = await Promise.allSettled([topicsApi.list(), executorsApi.list()]);
    if (t.status === 'fulfilled') topics.value = t.value;
    if (e.status === 'fulfilled') executors.value = e.value;
    failed.value = t.status === 'rejected' || e.status === 'rejected';
  }

  void load();
  return { topics, executors, failed, reload: load };
}
