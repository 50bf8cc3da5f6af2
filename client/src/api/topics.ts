import { http } from './http';
import type { Topic } from './types';

let cached: Promise<Topic[]> | null = null;

export const topicsApi = {
  /** Reference data: fetched once per page load. */
  list(): Promise<Topic[]> {
    cached ??= http.get<Topic[]>('/api/topics').catch((error: unknown) => {
      cached = null;
      throw error;
    });
    return cached;
  },
};

/** Matches a topic by the start of its code or by any part of its name, ignoring case. */
export function matchTopics(topics: Topic[], query: string, limit = 20): Topic[] {
  const needle = query.trim().toLocaleLowerCase('uk');
  if (!needle) return topics.slice(0, limit);
  return topics
    .filter(
      (t) =>
        t.code.toLocaleLowerCase('uk').startsWith(needle) ||
        t.name.toLocaleLowerCase('uk').includes(needle) ||
        (t.nameEn ?? '').toLocaleLowerCase('en').includes(needle),
    )
    .slice(0, limit);
}
