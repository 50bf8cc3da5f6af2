import type { RoutingRule } from '../../api/routing';

export interface RuleFilter {
  /** A topic code prefix or any part of the topic's name (either language). */
  text: string;
  district: string;
  executorId: number | null;
}

export interface RuleGroup {
  topic: RoutingRule['topic'];
  rules: RoutingRule[];
}

/**
 * The routing table as the admin reads it: filtered, grouped by topic (the city-wide rule first, then the
 * districts), a page of topics at a time.
 */
export function groupRules(rules: RoutingRule[], filter: RuleFilter, topicName: (t: RoutingRule['topic']) => string) {
  const needle = filter.text.trim().toLocaleLowerCase('uk');
  const matches = rules.filter(
    (r) =>
      (!needle || r.topic.code.toLocaleLowerCase('uk').startsWith(needle) || r.topic.name.toLocaleLowerCase('uk').includes(needle) ||
        topicName(r.topic).toLocaleLowerCase('uk').includes(needle)) &&
      (!filter.district || (filter.district === 'city' ? r.district === null : r.district === filter.district)) &&
      (filter.executorId === null || r.executor.id === filter.executorId),
  );
  const byTopic = new Map<string, RuleGroup>();
  for (const rule of matches) {
    const group = byTopic.get(rule.topic.code) ?? { topic: rule.topic, rules: [] };
    group.rules.push(rule);
    byTopic.set(rule.topic.code, group);
  }
  const groups = [...byTopic.values()].sort((a, b) => a.topic.code.localeCompare(b.topic.code, 'en', { numeric: true }));
  for (const g of groups) g.rules.sort((a, b) => (a.district ?? '').localeCompare(b.district ?? ''));
  return { groups, ruleCount: matches.length };
}

export function pageOf<T>(items: T[], page: number, perPage: number): T[] {
  return items.slice((page - 1) * perPage, page * perPage);
}
