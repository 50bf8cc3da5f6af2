import { onScopeDispose, ref, type Ref } from 'vue';

/** The time now in ms, ticking every second while the component lives: waits and times in state count up from it. */
export function useNow(): Ref<number> {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), 1000);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
