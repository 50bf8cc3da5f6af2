/**
 * Remembers keys for a while (by the time they were added) and at most `capacity` of them, so late or
 * repeated events for finished calls stay no-ops. Late events come seconds after a call ends, so a window of
 * minutes is plenty; bounding by time keeps memory flat from the first minutes of a shift rather than only
 * once `capacity` calls have gone by.
 */
export class RecentSet {
  /** Insertion order is time order: `add` moves a key to the end. */
  private readonly addedAt = new Map<string, number>();

  constructor(
    private readonly capacity: number,
    private readonly maxAgeMs = Number.POSITIVE_INFINITY,
  ) {}

  add(key: string, atMs: number): void {
    this.addedAt.delete(key);
    this.addedAt.set(key, atMs);
    for (const [oldest, since] of this.addedAt) {
      if (this.addedAt.size <= this.capacity && atMs - since <= this.maxAgeMs) break;
      this.addedAt.delete(oldest);
    }
  }

  has(key: string): boolean {
    return this.addedAt.has(key);
  }

  get size(): number {
    return this.addedAt.size;
  }
}
