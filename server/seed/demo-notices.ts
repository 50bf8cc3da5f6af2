import type { DataSource } from 'typeorm';
import { createRequestsRepository } from '../requests/requests.repository';
import { DEMO_QUEUE } from '../startup/telephony';

/** The demo's repeat callers (issue 25, item 5): the simulator rings them now and then. */
export const DEMO_REPEAT_CALLERS = [
  { phone: '+380970000301', fullName: 'Гончаренко Віра Петрівна', calls: 2, marked: false },
  { phone: '+380970000302', fullName: 'Литвин Олег Миколайович', calls: 3, marked: true },
];
const LIFT_TOPIC = 'HS.08';
const WATER_TOPIC = 'HS.01';
const DISTRICT = 'TSM';

type Sql = Pick<DataSource, 'query'>;

/** A few notices of each kind in force: one for everyone, one for a district, one on a topic (item 4.6). */
async function seedNotices(sql: Sql): Promise<void> {
  const notices = [
    ['news', 'Графік прийому громадян на грудень', 'Особистий прийом міським головою — щопонеділка з 10:00 у приймальні виконкому. Запис через контакт-центр.', [], []],
    ['legislation', 'Зміни в порядку призначення субсидій', 'З 1 грудня заяву на субсидію приймають також через ЦНАП без довідки про доходи: дані беруть із реєстрів.', [], []],
    ['problem', 'Аварійні роботи на водогоні в Центрально-Міському районі', 'До кінця тижня можливі перебої з водою. Заявки про відсутність води з району приєднуйте до масової.', [WATER_TOPIC], [DISTRICT]],
    ['script', 'Що казати про несправний ліфт', 'Уточніть адресу й під’їзд; аварійна служба ліфтів приїжджає протягом доби; заявку з тією самою адресою не реєструйте вдруге — додайте дзвінок до наявної.', [LIFT_TOPIC], []],
  ] as const;
  for (const [kind, title, body, topics, districts] of notices) {
    await sql.query(
      `INSERT INTO notices (kind, title, body, valid_from, valid_until, topic_codes, district_codes)
       VALUES ($1, $2, $3, now() - interval '1 day', now() + interval '30 days', $4, $5)`,
      [kind, title, body, topics, districts]);
  }
}

/** A citizen with an open lift request and earlier calls attached to it; the second one is already on the supervisor's list. */
async function seedRepeatCaller(ds: DataSource, who: (typeof DEMO_REPEAT_CALLERS)[number], index: number): Promise<void> {
  await ds.transaction(async (m) => {
    const [citizen] = await m.query(
      `INSERT INTO citizens (full_name, address, district_code) VALUES ($1, $2, $3) RETURNING id`,
      [who.fullName, `вул. Лермонтова, ${15 + index}, кв. ${4 + index}`, DISTRICT]);
    await m.query('INSERT INTO citizen_phones (citizen_id, phone) VALUES ($1, $2)', [citizen.id, who.phone]);
    const [executor] = await m.query(`SELECT id FROM executors WHERE active ORDER BY (kind = 'district') DESC, id LIMIT 1`);
    const number = await createRequestsRepository().allocateNumber(m, new Date().getFullYear());
    const [request] = await m.query(
      `INSERT INTO requests (number, received_at, source, topic_code, citizen_id, address, district_code, description, executor_id, status, due_at)
       VALUES ($1, now() - interval '9 days', 'call', $2, $3, $4, $5, 'Не працює ліфт у під’їзді 2, мешканці похилого віку не можуть вийти.', $6, 'assigned', now() + interval '6 days')
       RETURNING id`,
      [number, LIFT_TOPIC, citizen.id, `вул. Лермонтова, ${15 + index}`, DISTRICT, executor?.id ?? null]);
    for (let i = 0; i < who.calls; i++) {
      const callId = `demo-repeat-${index}-${i}`;
      await m.query(
        `INSERT INTO calls (id, caller_number, caller_name, queue, direction, queued_at, answered_at, ended_at, outcome, talk_seconds, citizen_id, wrap_up_kind, wrapped_up_at)
         VALUES ($1, $2, NULL, $3, 'in', now() - make_interval(days => $4), now() - make_interval(days => $4), now() - make_interval(days => $4) + interval '2 minutes',
                 'answered', 110, $5, $6, now() - make_interval(days => $4))`,
        [callId, who.phone, DEMO_QUEUE, 9 - i * 3, citizen.id, i === 0 ? 'request' : 'attached']);
      await m.query('INSERT INTO call_requests (call_id, request_id) VALUES ($1, $2)', [callId, request.id]);
    }
    if (who.marked) await m.query(`INSERT INTO request_escalations (request_id, reason, calls) VALUES ($1, 'repeat_calls', $2)`, [request.id, who.calls]);
  });
}

/** The demo's notices and repeat callers, on a fresh demo database. */
export async function seedDemoNotices(ds: DataSource): Promise<void> {
  await seedNotices(ds);
  for (const [i, who] of DEMO_REPEAT_CALLERS.entries()) await seedRepeatCaller(ds, who, i);
}

/** One demo call in ten is a repeat caller, so one rings within minutes of `npm start`. */
export function maybeRepeatCaller(random: () => number): { phone: string; name: string | null } | null {
  if (random() >= 0.1) return null;
  const who = DEMO_REPEAT_CALLERS[Math.floor(random() * DEMO_REPEAT_CALLERS.length)];
  return { phone: who.phone, name: null };
}
