/**
 * Runs tasks one after another per key (a call), and different keys side by side: the events of one call
 * keep their order while a slow card lookup for one caller never delays another caller's pop.
 */
export function createKeyedSerial(onError: (error: unknown, key: string) => void) {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key: string, task: () => Promise<void> | void): Promise<void> {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.then(task).catch((error: unknown) => onError(error, key));
      tails.set(key, next);
      void next.finally(() => {
        if (tails.get(key) === next) tails.delete(key);
      });
      return next;
    },
    /** Resolves when everything queued so far has run (tests, shutdown). */
    async idle(): Promise<void> {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
export type KeyedSerial = ReturnType<typeof createKeyedSerial>;
