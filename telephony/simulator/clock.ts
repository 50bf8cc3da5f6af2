/** Time for the simulator: real timers for TCP use, a virtual clock to generate benchmark streams fast. */
export interface SimClock {
  now(): number;
  after(ms: number, task: () => void): () => void;
}

export const realClock: SimClock = {
  now: () => Date.now(),
  after(ms, task) {
    const timer = setTimeout(task, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

/** Runs scheduled tasks in time order, instantly. Ties keep their scheduling order. */
export class VirtualClock implements SimClock {
  private current: number;
  private seq = 0;
  private tasks: Array<{ at: number; seq: number; task: () => void; cancelled: boolean }> = [];

  constructor(start = Date.UTC(2026, 10, 28, 8, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(ms: number, task: () => void): () => void {
    const entry = { at: this.current + Math.max(0, ms), seq: this.seq++, task, cancelled: false };
    // Insert keeping order (binary search): the benchmark schedules tens of thousands of tasks.
    let lo = 0;
    let hi = this.tasks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const t = this.tasks[mid];
      if (t.at < entry.at || (t.at === entry.at && t.seq < entry.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.tasks.splice(lo, 0, entry);
    return () => {
      entry.cancelled = true;
    };
  }

  runUntil(time: number): void {
    while (this.tasks.length && this.tasks[0].at <= time) {
      const next = this.tasks.shift()!;
      this.current = next.at;
      if (!next.cancelled) next.task();
    }
    this.current = time;
  }
}
