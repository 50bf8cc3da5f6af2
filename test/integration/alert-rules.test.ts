import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool, PoolClient } from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAuditService } from '../../server/audit/audit.service';
import { startJobs } from '../../server/jobs/jobs';
import { runRetention } from '../../server/retention/retention.service';
import { startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */

const RULES = path.resolve(__dirname, '../../deploy/prometheus/hromada-contact.rules.yml');
const TOKEN = 'alert-rules-token';
/** The backup's gauges, which the rules must watch. */
const BACKUP_GAUGES = ['hc_backup_last_success_timestamp_seconds', 'hc_backup_last_run_ok'];

/** Issue 21 item 6: what an operator alerts on is in /metrics, and the example rules name only what is there. */
describe('operators\' metrics and the example alert rules', async () => {
  const t = await startTestApp({ metricsToken: TOKEN });
  const jobs = await startJobs({ url: t.db.url, log: pino({ level: 'silent' }), poolSize: 1 });
  afterAll(() => jobs.stop());
  const scrape = async () => {
    const res = await t.fetch('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    return res.text();
  };
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('when a retention run has finished and a digest waits to be sent, then /metrics says so', async () => {
    const before = await scrape();
    expect(value(before, 'hc_retention_last_run_timestamp_seconds')).toBe(0);
    expect(value(before, 'hc_retention_last_run_ok')).toBe(0);
    await t.db.dataSource.query(`INSERT INTO citizens (full_name, created_at) VALUES ('Давній Запис', now() - interval '4 years')`);
    const ran: any = await runRetention(t.db.dataSource, createAuditService(t.db.dataSource), { trigger: 'manual' });
    await jobs.boss.send('digest-send', { kind: 'ranking' }, { startAfter: 3600 });

    const text = await scrape();

    expect(value(text, 'hc_retention_last_run_timestamp_seconds')).toBeCloseTo(Date.parse(ran.ran.finishedAt) / 1000, 2);
    expect(value(text, 'hc_retention_last_run_ok')).toBe(1);
    expect(value(text, 'hc_retention_anonymised_total')).toBe(1);
    expect(value(text, 'hc_outbox_pending{queue="digest-send"}')).toBe(1);
    expect(value(text, 'hc_outbox_failed{queue="digest-send"}')).toBe(0);
    expect(value(text, 'hc_outbox_oldest_pending_age_seconds{queue="digest-send"}')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'hc_ami_leader')).toBe(1);
    expect(text).toMatch(/^hc_db_pool_connections\{state="busy"\} \d+$/m);
  });

  it('when every connection of the pool is taken, then /metrics still answers, with the last known figures', async () => {
    const pool = (t.db.dataSource.driver as unknown as { master: Pool }).master;
    const held: PoolClient[] = [];
    try {
      while (held.length < pool.options.max!) held.push(await pool.connect());
      const text = await scrape();
      expect(value(text, 'hc_retention_last_run_ok')).toBe(1);
      expect(value(text, 'hc_db_pool_connections{state="idle"}')).toBe(0);
    } finally {
      for (const c of held) c.release();
    }
  });

  it('when the example rule file is read, then every rule is well formed and every metric it names is one /metrics exports', async () => {
    const doc = parse(await readFile(RULES, 'utf8'));
    const rules: any[] = doc.groups.flatMap((g: any) => {
      expect(g).toMatchObject({ name: expect.any(String), rules: expect.any(Array) });
      return g.rules;
    });
    expect(rules.length).toBeGreaterThanOrEqual(8);
    const exported = new Set([...(await scrape()).matchAll(/^(hc_[a-z0-9_]+)[{ ]/gm)].map((m) => m[1]));
    const named = new Set<string>();
    for (const r of rules) {
      expect(Object.keys(r).sort()).toEqual(['alert', 'annotations', 'expr', 'for', 'labels']);
      expect(r.alert).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(r.for).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical']).toContain(r.labels.severity);
      expect(r.annotations).toMatchObject({ summary: expect.any(String), description: expect.any(String) });
      for (const [m] of String(r.expr).matchAll(/\bhc_[a-z0-9_]+/g)) named.add(m);
    }
    const missing = [...named].filter((m) => !exported.has(m));
    expect(missing).toEqual([]);
    for (const m of ['hc_retention_last_run_timestamp_seconds', 'hc_retention_last_run_ok', 'hc_outbox_oldest_pending_age_seconds', 'hc_outbox_failed', 'hc_ami_leader', 'hc_db_pool_waiting', ...BACKUP_GAUGES]) {
      expect(named, m).toContain(m);
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });
});
