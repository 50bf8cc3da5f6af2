// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../api/types';
import { createAppI18n, type Locale } from '../../i18n';
import { formatDateTime } from '../../utils/format';
import RequestTimeline from './RequestTimeline.vue';

const actor = { id: 2, fullName: 'Тетяна Руденко' };
const DUE = '2026-12-06T01:10:45.022Z';
const PHONED = '2026-11-29T12:30:00.000Z';
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:/;

const registered: TimelineEvent[] = [
  { id: 1, at: '2026-11-01T10:00:00Z', action: 'registered', actor, toStatus: 'registered', comment: null, details: null },
  { id: 2, at: '2026-11-01T10:00:00Z', action: 'assign', actor, fromStatus: 'registered', toStatus: 'assigned', comment: null,
    details: { executorId: 4, executorName: 'КП «Кривбасводоканал»', by: 'routing' } },
];
const extended: TimelineEvent[] = [
  { id: 3, at: '2026-11-29T12:31:00Z', action: 'extend', actor, fromStatus: 'in_progress', toStatus: 'in_progress', comment: 'Обстеження мережі',
    details: { days: 5, previousDueAt: '2026-12-01T01:10:45.022Z', dueAt: DUE } },
  { id: 4, at: '2026-11-29T12:31:00Z', action: 'applicant_notified', actor, comment: null,
    details: { notice: 'extension', channel: 'phone', notifiedAt: PHONED, dueAt: DUE } },
];
/** A line as the server stored it before notices were recorded, if the migration has not run on it. */
const legacy: TimelineEvent = {
  id: 5, at: '2026-11-29T12:31:00Z', action: 'applicant_notified', actor, comment: `applicant informed: term extended to ${DUE}`,
  details: { notice: 'extension', dueAt: DUE, reason: 'Обстеження мережі' },
};

function render(events: TimelineEvent[], locale: Locale = 'uk') {
  const wrapper = mount(RequestTimeline, { props: { events }, global: { plugins: [createAppI18n(locale)] } });
  return wrapper.findAll('[data-test="timeline-event"]').map((li) => li.text());
}

describe('RequestTimeline', () => {
  it('when a request was just registered and routed, then it says "registered" once, with no arrow to the same status, and names the executor', () => {
    const [first, second] = render(registered);
    expect(first).toContain('Зареєстровано');
    expect(first).not.toContain('→');
    expect(first.match(/Зареєстровано/g)).toHaveLength(1);
    expect(second).toContain('Призначено виконавця → Призначено');
    expect(second).toContain('КП «Кривбасводоканал» (за правилом маршрутизації)');
  });

  it('when the term was extended and the applicant phoned, then the lines are in Ukrainian with formatted dates, never ISO', () => {
    const [extend, notice] = render(extended);
    expect(extend).toContain('Продовжено термін');
    expect(extend).toContain(`+5 дн., новий термін — ${formatDateTime(DUE, 'uk')}`);
    expect(extend).toContain('Обстеження мережі');
    expect(extend).not.toContain('→');
    expect(notice).toContain('Заявника повідомлено');
    expect(notice).toContain(`Телефоном, ${formatDateTime(PHONED, 'uk')}; новий термін — ${formatDateTime(DUE, 'uk')}`);
    for (const line of [extend, notice]) expect(line).not.toMatch(ISO);
  });

  it('when the reader chose English, then the same lines are in English', () => {
    const [extend, notice] = render(extended, 'en');
    expect(extend).toContain(`Deadline extended+5 days, new term ${formatDateTime(DUE, 'en')}`);
    expect(notice).toContain(`Applicant notifiedBy phone, ${formatDateTime(PHONED, 'en')}`);
    expect(notice).not.toMatch(ISO);
  });

  it('when an old line holds the English sentence of an unrecorded notice, then it reads as a notice not recorded, in the reader\'s language', () => {
    const [uk] = render([legacy]);
    expect(uk).toContain('Повідомлення заявника не записано');
    expect(uk).toContain(formatDateTime(DUE, 'uk'));
    expect(uk).not.toContain('applicant informed');
    expect(uk).not.toMatch(ISO);
    const [migrated] = render([{ ...legacy, action: 'applicant_notice_unrecorded', comment: null }]);
    expect(migrated).toBe(uk);
  });
  it('when a partner\'s app posted the request through Open311, then its registration names the key', () => {
    const [line] = render([{ ...registered[0], actor: null, details: { via: 'open311', apiKey: 'FixMyStreet' } }]);
    expect(line).toContain('через Open311, ключ «FixMyStreet»');
    expect(render([{ ...registered[0], actor: null, details: { via: 'open311', apiKey: 'FixMyStreet' } }], 'en')[0]).toContain('through Open311, key “FixMyStreet”');
  });
});
