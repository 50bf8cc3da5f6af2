import { onScopeDispose, watch, type Ref } from 'vue';
import { useRequestUpdatesStore } from '../stores/requestUpdates';

/**
 * Keeps a request list current: when a request on the screen changes, or a new one arrives while the
 * first page is shown, the list is read again (coalesced, so a burst of changes costs one read).
 */
export function useLiveRequests(opts: { ids: () => number[]; page: Ref<number>; reload: () => void; delayMs?: number }) {
  const live = useRequestUpdatesStore();
  let timer: ReturnType<typeof setTimeout> | null = null;

  watch(
    () => live.last,
    (change) => {
      if (!change) return;
      const shown = opts.ids().includes(change.id);
      if (!shown && !(change.created && opts.page.value === 1)) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        opts.reload();
      }, opts.delayMs ?? 400);
    },
  );
  onScopeDispose(() => {
    if (timer) clearTimeout(timer);
  });
}
