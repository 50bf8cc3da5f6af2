import { AppError } from '../http/errors';

export interface ExportLimits {
  /** Exports reading through a cursor at once, each holding one pooled connection (EXPORT_CONNECTIONS). */
  connections: number;
  /** Of those, how many one user may hold. */
  perUser: number;
}

export const DEFAULT_EXPORT_LIMITS: ExportLimits = { connections: 3, perUser: 2 };

const busy = (message: string) => new AppError(503, 'exports_busy', message, undefined, 5);

/**
 * Exports read their rows through a cursor, one connection each for as long as the reader takes. They get
 * a few of the pool's connections and never more, so slow or many downloads cannot starve the console;
 * an export that finds no slot is refused at once (503 `exports_busy`) rather than queued.
 */
export function createExportSlots(limits: Partial<ExportLimits> = {}) {
  const connections = limits.connections ?? DEFAULT_EXPORT_LIMITS.connections;
  const perUser = limits.perUser ?? DEFAULT_EXPORT_LIMITS.perUser;
  const byUser = new Map<number, number>();
  let running = 0;

  function take(userId: number): void {
    if (running >= connections) throw busy('Too many exports are running; try again in a moment.');
    if ((byUser.get(userId) ?? 0) >= perUser) throw busy('Your other exports are still running; wait until they finish.');
    running++;
    byUser.set(userId, (byUser.get(userId) ?? 0) + 1);
  }

  function give(userId: number): void {
    running--;
    const left = (byUser.get(userId) ?? 1) - 1;
    if (left > 0) byUser.set(userId, left);
    else byUser.delete(userId);
  }

  return {
    /**
     * `batches` within a slot: taken when the first batch is asked for (so a refusal is still a clean 503),
     * given back once the source has closed, cursor and connection released.
     */
    async *hold<R>(userId: number, batches: AsyncIterable<R>): AsyncGenerator<R> {
      take(userId);
      try {
        yield* batches;
      } finally {
        give(userId);
      }
    },
    state: () => ({ running, limit: connections }),
  };
}
export type ExportSlots = ReturnType<typeof createExportSlots>;
