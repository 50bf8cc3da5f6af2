/**
 * Runs `work` soon after `poke()`, but not more often than every `intervalMs`: a burst of pokes (1,000 events
 * in a second) becomes one run per interval, done on the state as it is then, so nothing queues up behind it.
 */
export function coalesce(intervalMs: number, work: () => void) {
  let timer: NodeJS.Timeout | null = null;
  let lastRun = 0;
  const run = () => {
    timer = null;
    lastRun = Date.now();
    work();
  };
  return {
    poke(): void {
      if (timer) return;
      timer = setTimeout(run, Math.max(0, lastRun + intervalMs - Date.now()));
      timer.unref();
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
