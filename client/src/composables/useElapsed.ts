import { onScopeDispose, ref, watch, type Ref } from 'vue';

/** Seconds since `since` (ISO), ticking every second while `since` is set. */
export function useElapsed(since: Ref<string | null | undefined>): Ref<number> {
  const seconds = ref(0);
  let timer: ReturnType<typeof setInterval> | null = null;

  function tick(): void {
    const start = since.value ? Date.parse(since.value) : NaN;
    seconds.value = Number.isNaN(start) ? 0 : Math.max(0, Math.floor((Date.now() - start) / 1000));
  }

  watch(
    since,
    (value) => {
      if (timer) clearInterval(timer);
      timer = null;
      tick();
      if (value) timer = setInterval(tick, 1000);
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    if (timer) clearInterval(timer);
  });
  return seconds;
}
