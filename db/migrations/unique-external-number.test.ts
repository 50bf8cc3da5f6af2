import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/setup/database';

describe('migration UniqueExternalNumber: requests that already share a sender\'s number', async () => {
  const { dataSource } = await useTestDatabase();
  /** Undoes migrations from the newest back to and including this one (later ones may have come since). */
  const undoThroughThis = async () => {
    const applied = async () => (await dataSource.query(`SELECT 1 FROM migrations WHERE name = 'UniqueExternalNumber1767225615000'`)).length > 0;
    while (await applied()) await dataSource.undoLastMigration();
  };

  it('when requests share (source, external number), then the first keeps it, the others keep it marked, and nothing is deleted', async () => {
    await undoThroughThis();
    const insert = (number: string, source: string, external: string | null) => dataSource.query(`
      INSERT INTO requests (number, received_at, source, external_number, topic_code, description, status)
      VALUES ($1, now(), $2, $3, 'HS.06', 'Протікає дах', 'registered') RETURNING id`, [number, source, external]);
    const [[a], [b], [c], [d], [e]] = [
      await insert('2026-900001', 'ukc1545', 'УКЦ-1'), await insert('2026-900002', 'ukc1545', 'УКЦ-1'), await insert('2026-900003', 'ukc1545', 'УКЦ-1'),
      await insert('2026-900004', 'regional_hotline', 'УКЦ-1'), await insert('2026-900005', 'call', null),
    ];
    await dataSource.runMigrations();
    const rows = await dataSource.query(`SELECT id, external_number, flags FROM requests WHERE number LIKE '2026-9000%' ORDER BY id`);
    expect(rows).toEqual([
      { id: a.id, external_number: 'УКЦ-1', flags: [] },
      { id: b.id, external_number: `УКЦ-1 #${b.id}`, flags: ['duplicate'] },
      { id: c.id, external_number: `УКЦ-1 #${c.id}`, flags: ['duplicate'] },
      { id: d.id, external_number: 'УКЦ-1', flags: [] },
      { id: e.id, external_number: null, flags: [] },
    ]);
    await expect(insert('2026-900006', 'ukc1545', 'УКЦ-1')).rejects.toMatchObject({ code: '23505' });
    await undoThroughThis();
    const back = await dataSource.query(`SELECT external_number FROM requests WHERE number LIKE '2026-9000%' ORDER BY id`);
    expect(back.map((r: { external_number: string | null }) => r.external_number)).toEqual(['УКЦ-1', 'УКЦ-1', 'УКЦ-1', 'УКЦ-1', null]);
    await dataSource.runMigrations();
  });
});
