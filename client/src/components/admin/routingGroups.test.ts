import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../api/routing';
import { groupRules, pageOf } from './routingGroups';

const rule = (id: number, code: string, district: string | null, executorId = 1): RoutingRule => ({
  id, topic: { code, name: code === 'HS.01' ? 'Відсутність холодного водопостачання' : `Тема ${code}` }, district,
  executor: { id: executorId, code: `E${executorId}`, name: `Виконавець ${executorId}` }, updatedAt: '2026-01-01T00:00:00Z',
});
const english = (t: RoutingRule['topic']) => (t.code === 'HS.01' ? 'No cold water supply' : t.name);
const none = { text: '', district: '', executorId: null };

describe('groupRules', () => {
  const rules = [rule(1, 'HS.10', 'TSM'), rule(2, 'HS.01', 'DOV', 2), rule(3, 'HS.01', null), rule(4, 'HS.2', null)];

  it('when nothing is filtered, then rules are grouped by topic in code order with the city-wide rule first', () => {
    const { groups, ruleCount } = groupRules(rules, none, english);
    expect(groups.map((g) => g.topic.code)).toEqual(['HS.01', 'HS.2', 'HS.10']);
    expect(groups[0].rules.map((r) => r.district)).toEqual([null, 'DOV']);
    expect(ruleCount).toBe(4);
  });

  it('when the admin types an English topic word, a district or an executor, then only matching rules stay', () => {
    expect(groupRules(rules, { ...none, text: 'cold water' }, english).groups.map((g) => g.topic.code)).toEqual(['HS.01']);
    expect(groupRules(rules, { ...none, district: 'city' }, english).ruleCount).toBe(2);
    expect(groupRules(rules, { ...none, executorId: 2 }, english).groups[0].rules.map((r) => r.id)).toEqual([2]);
  });

  it('when paging, then each page holds at most the given number of topics', () => {
    expect(pageOf([1, 2, 3, 4, 5], 2, 2)).toEqual([3, 4]);
    expect(pageOf([1, 2, 3], 3, 2)).toEqual([]);
  });
});
