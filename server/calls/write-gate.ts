/**
 * At most `slots` tasks run at once; the others wait their turn in arrival order. The call log writes
 * through one of these so that a burst of events (thousands of calls at once) queues here, in memory,
 * instead of in the connection pool, where it would keep every API request from getting a connection.
 */
export function createWriteGate(slots: number) {
  let running = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    running--;
    waiting.shift()?.();
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
      running++;
      try {
        return await task();
      } finally {
        release();
      }
    },
    /** Writes waiting for a slot (metrics, tests). */
    get queued(): number {
      return waiting.length;
    },
  };
}
