import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../api/types';
import { createAppI18n } from '../../i18n';
import { describeEvent } from './timelineEntry';

const words = () => {
  const { global } = createAppI18n('uk');
  return { t: (key: string, params?: Record<string, unknown>) => global.t(key, params ?? {}), te: (key: string) => global.te(key), locale: 'uk' };
};
const line = (action: string, details: Record<string, unknown>): TimelineEvent =>
  ({ id: 1, at: '2026-11-29T12:31:00Z', action, actor: null, comment: null, details }) as TimelineEvent;

describe("the request's timeline: repeat calls (issue 25)", () => {
  it('when a call was added to the request and it went to the supervisor, then both lines read in Ukrainian with the count or the reason', () => {
    const w = words();
    expect(describeEvent(line('call_linked', { callId: '1700000000.1' }), w)).toMatchObject({ title: 'Приєднано дзвінок', detail: null });
    expect(describeEvent(line('escalated', { reason: 'repeat_calls', calls: 3 }), w))
      .toMatchObject({ title: 'Передано супервізору: повторні звернення', detail: 'Дзвінків щодо заявки: 3' });
    expect(describeEvent(line('escalated', { reason: 'place', calls: 0 }), w).detail).toBe('Та сама тема за цією адресою повторюється');
  });
});
