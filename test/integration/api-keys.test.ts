import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiKeysAdd, apiKeysList, apiKeysRevoke } from '../../server/cli/api-keys';
import { parseArgs } from '../../server/cli/args';
import { body, startTestApp } from '../setup/app';

/** Runs a CLI command's function on the test database and returns what it printed. */
async function run(fn: (ds: never, args: ReturnType<typeof parseArgs>) => Promise<void>, ds: unknown, argv: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await fn(ds as never, parseArgs(argv));
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

/** Issue 26, item 4: API keys made, listed and revoked by admins (console and CLI); only a hash is stored. */
describe('API keys for Open311', async () => {
  const t = await startTestApp();
  const admin = await t.login({ role: 'admin', username: 'keykeeper' });
  const supervisor = await t.login({ role: 'supervisor' });
  const ds = t.db.dataSource;
  const post = (key: string) => fetch(`${t.baseUrl}/open311/v2/requests.json`, {
    method: 'POST', body: new URLSearchParams({ api_key: key, service_code: 'LS.04', address_string: 'парк Героїв' }),
  });
  afterEach(() => vi.restoreAllMocks());

  it('when anyone but an admin asks for keys, then it is refused', async () => {
    expect((await t.fetch('/api/admin/api-keys')).status).toBe(401);
    expect((await t.fetch('/api/admin/api-keys', { cookie: supervisor.cookie })).status).toBe(403);
    expect((await t.fetch('/api/admin/api-keys', { method: 'POST', cookie: supervisor.cookie, json: { name: 'x' } })).status).toBe(403);
  });

  it('when an admin makes a key, then the key is answered once, only its SHA-256 is stored, and the making is audited', async () => {
    const res = await t.fetch('/api/admin/api-keys', { method: 'POST', cookie: admin.cookie, json: { name: 'Бот «Зелене місто»', ratePerMinute: 20 } });
    expect(res.status).toBe(201);
    const made = await body(res);
    expect(made).toMatchObject({ name: 'Бот «Зелене місто»', ratePerMinute: 20, createdBy: 'keykeeper', revokedAt: null, prefix: made.key.slice(0, 10) });
    const [row] = await ds.query('SELECT * FROM api_keys WHERE id = $1', [made.id]);
    expect(row.key_hash).toBe(createHash('sha256').update(made.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(made.key);
    const listed = await body(await t.fetch('/api/admin/api-keys', { cookie: admin.cookie }));
    expect(JSON.stringify(listed)).not.toContain(made.key);
    expect(listed.items.find((k: { id: number }) => k.id === made.id)).not.toHaveProperty('key');
    const [audit] = await ds.query(`SELECT user_id, action, detail FROM audit_log WHERE entity = 'api_key' AND entity_id = $1`, [String(made.id)]);
    expect(audit).toEqual({ user_id: admin.user.id, action: 'create', detail: { name: 'Бот «Зелене місто»', ratePerMinute: 20 } });
    const again = await t.fetch('/api/admin/api-keys', { method: 'POST', cookie: admin.cookie, json: { name: 'бот «зелене місто»' } });
    expect(again.status).toBe(409);
    expect((await body(again)).error.code).toBe('api_key_name_taken');
    const bad = await t.fetch('/api/admin/api-keys', { method: 'POST', cookie: admin.cookie, json: { name: '', ratePerMinute: 0 } });
    expect(bad.status).toBe(400);
    expect(Object.keys((await body(bad)).error.fields).sort()).toEqual(['name', 'ratePerMinute']);
  });

  it('when the CLI adds a key, then the key alone is its last line and works; list shows it; revoke by name refuses it from then on', async () => {
    const printed = await run(apiKeysAdd, ds, ['--name', 'FixMyStreet', '--rate-per-minute', '15']);
    const key = printed.trimEnd().split('\n').pop()!;
    expect(key).toMatch(/^hc311_[\w-]{43}$/);
    expect(printed).toContain('FixMyStreet');
    expect((await post(key)).status).toBe(200);
    const list = await run(apiKeysList, ds, []);
    expect(list).toMatch(/^\d+\tFixMyStreet\thc311_\S{4}…\t15\/min\tactive\t\S+\t\S+$/m);
    expect(list).not.toContain(key);
    expect(await run(apiKeysRevoke, ds, ['--name', 'FixMyStreet'])).toContain('revoked API key "FixMyStreet"');
    expect((await post(key)).status).toBe(403);
    expect(await run(apiKeysList, ds, [])).toMatch(/\tFixMyStreet\t.*\trevoked /);
    await expect(run(apiKeysRevoke, ds, ['--name', 'FixMyStreet'])).rejects.toMatchObject({ status: 404 });
    await expect(run(apiKeysAdd, ds, ['--name', 'Х', '--rate-per-minute', 'lots'])).rejects.toMatchObject({ status: 400 });
    const [audit] = await ds.query(`SELECT user_id, action, detail FROM audit_log WHERE entity = 'api_key' AND action = 'deactivate' ORDER BY id DESC LIMIT 1`);
    expect(audit).toEqual({ user_id: null, action: 'deactivate', detail: { name: 'FixMyStreet', via: 'cli' } });
    // The name is free again once its key is revoked.
    expect(await run(apiKeysAdd, ds, ['--name', 'FixMyStreet'])).toContain('60 requests a minute');
  });
});
