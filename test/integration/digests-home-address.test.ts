import { describe, expect, it } from 'vitest';
import { overdueOf } from '../../server/supervisor/overdue/overdue.repository';
import { useTestDatabase } from '../setup/database';

/** Issue 19, item 6: the weekly digest an executor is mailed must not carry an applicant's home, however typed. */
describe('digests: an applicant\'s home stays out of the executor\'s digest', async () => {
  const { dataSource: sql } = await useTestDatabase();
  const [{ id: water }] = await sql.query(`SELECT id FROM executors WHERE code = 'WATER'`);

  async function overdue(home: string, address: string): Promise<number> {
    const [{ id: citizen }] = await sql.query('INSERT INTO citizens (full_name, address, confidential) VALUES ($1, $2, true) RETURNING id', ['Ткачук Олег', home]);
    const [{ id }] = await sql.query(
      `INSERT INTO requests (number, received_at, source, topic_code, description, status, citizen_id, executor_id, address, due_at)
       VALUES ('2026-' || lpad(nextval('requests_id_seq')::text, 6, '0'), now() - interval '20 days', 'call', 'HS.11', 'Немає води', 'assigned',
               $1, $2, $3, now() - interval '2 days') RETURNING id`, [citizen, water, address]);
    return id;
  }

  it('when the request\'s address is the card\'s home spelled another way, then the digest has no address; another place it has', async () => {
    const home = await overdue('вул. Гетьманська, 41, кв. 87', 'Гетьманська вул 41 кв87');
    const same = await overdue('вул. Тиха, 3, кв. 5', 'вул. Тиха, 3, кв. 5');
    const elsewhere = await overdue('вул. Тиха, 3, кв. 6', 'вул. Героїв АТО, 20, кв. 4');
    const rows = await overdueOf(sql, water, new Date());
    const addressOf = (id: number) => rows.find((r) => r.id === id)?.address;
    expect(addressOf(home)).toBeNull();
    expect(addressOf(same)).toBeNull();
    expect(addressOf(elsewhere)).toBe('вул. Героїв АТО, 20, кв. 4');
  });
});
