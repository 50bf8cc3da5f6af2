import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { backupFigures } from './backups.repository';

/**
 * The backups' gauges, read from the database at each scrape: the backup ran on one node of the cluster, and
 * every node reports the same figures (the alert rules use these exact names). Absent until a first backup.
 */
export function registerBackupMetrics(registry: Registry, dataSource: DataSource): void {
  const collect = () => refresh();
  const lastSuccess = new Gauge({ name: 'hc_backup_last_success_timestamp_seconds', help: 'When the last successful backup was taken (Unix seconds)', registers: [registry], collect });
  const lastOk = new Gauge({ name: 'hc_backup_last_run_ok', help: '1 when the last backup succeeded, 0 when it failed', registers: [registry], collect });
  const lastBytes = new Gauge({ name: 'hc_backup_last_bytes', help: 'Size of the last successful backup (bytes: dump and recordings)', registers: [registry], collect });
  let reading: Promise<void> | null = null;
  const refresh = () => (reading ??= backupFigures(dataSource).then(
    (f) => {
      if (f.lastOk !== null) lastOk.set(f.lastOk ? 1 : 0);
      if (f.lastSuccess) {
        lastBytes.set(f.lastSuccess.bytes);
        lastSuccess.set(f.lastSuccess.at.getTime() / 1000);
      }
    },
    // The database being down shows in hc_database_up; the last figures read stay.
    () => undefined,
  ).finally(() => { reading = null; }));
}
