import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { deviceKey } from '../../telephony';

export interface DirectoryUser {
  id: number;
  role: string;
  interface: string;
  fullName: string;
}

/** Users are found by device: `PJSIP/1001` and `Local/1001@from-queue/n` are the same agent. */
const key = deviceKey;

/**
 * Which user a ringing queue member is: interface → user, kept in memory so that a pop needs no query for
 * it. Refreshed periodically and on demand (an unknown interface rings, a user logs in with a new one).
 */
export function createAgentDirectory(dataSource: DataSource, log: Logger, refreshMs = 30_000) {
  let byInterface = new Map<string, DirectoryUser>();
  let byId = new Map<number, DirectoryUser>();
  let loadedAt = 0;
  let loading: Promise<void> | null = null;

  async function load(): Promise<void> {
    const rows: DirectoryUser[] = await dataSource.query(
      `SELECT id, role, interface, full_name AS "fullName" FROM users WHERE active AND interface IS NOT NULL AND interface <> '' ORDER BY id`,
    );
    byInterface = new Map(rows.map((u) => [key(u.interface), u]));
    byId = new Map(rows.map((u) => [u.id, u]));
    loadedAt = Date.now();
  }

  function refresh(): Promise<void> {
    loading ??= load()
      .catch((error: unknown) => log.warn({ err: error }, 'agent directory refresh failed'))
      .finally(() => (loading = null));
    return loading;
  }

  const timer = setInterval(() => void refresh(), refreshMs);
  timer.unref();

  return {
    refresh,
    byInterface: (iface: string): DirectoryUser | null => byInterface.get(key(iface)) ?? null,
    byId: (userId: number): DirectoryUser | null => byId.get(userId) ?? null,
    all: (): DirectoryUser[] => [...byId.values()],
    /** The user of an interface, refreshing once when it is unknown or the map is old (a new agent). */
    async resolve(iface: string): Promise<DirectoryUser | null> {
      const found = byInterface.get(key(iface));
      if (found) return found;
      if (Date.now() - loadedAt > 1000) await refresh();
      return byInterface.get(key(iface)) ?? null;
    },
    /** What a fresh login tells us: the user's interface right now (it may have changed since the last load). */
    learn(user: { id: number; role: string; interface: string | null; fullName: string }): void {
      const old = byId.get(user.id);
      if (old?.interface === user.interface) return;
      if (old && byInterface.get(key(old.interface))?.id === user.id) byInterface.delete(key(old.interface));
      byId.delete(user.id);
      if (!user.interface) return;
      const entry = { id: user.id, role: user.role, interface: user.interface, fullName: user.fullName };
      byId.set(user.id, entry);
      byInterface.set(key(user.interface), entry);
    },
    stop: () => clearInterval(timer),
  };
}
export type AgentDirectory = ReturnType<typeof createAgentDirectory>;
