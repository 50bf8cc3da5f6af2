import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Telephony, TelephonyEvent } from '../../telephony';
import type { AgentDirectory } from '../agents/agent-directory';
import type { Desk } from '../agents/desks';
import type { QueueSettingsView, QueueView, SupervisorLive, TelephonyStatusView } from '../realtime/contract';
import { createAgentGrid } from './agent-grid';
import { agentFigures } from './day-figures';
import type { DayCall } from './live.repository';
import { kyivDay, nextKyivMidnight } from './kyiv-day';
import { readAgents, readDayCalls, readQueueSettings, saveQueueSettings, type GridAgent } from './live.repository';
import { DEFAULT_SERVICE_LEVEL_SECONDS, DEFAULT_THRESHOLDS, type QueueSettingsInput } from './live.schemas';
import { queuesView, todayOf } from './queues-view';
import { TodayBook } from './today-book';

export interface SupervisorLiveDeps {
  dataSource: DataSource;
  telephony?: Telephony;
  directory: AgentDirectory;
  /** The agent's current call as the live calls hold it (card, click-to-call, wrap-up). */
  desk(userId: number): Desk | null;
  log: Logger;
  /** Told when the picture changed outside telephony events (a re-read, midnight, new settings). */
  changed(): void;
  /** The clock (tests move it across midnight). */
  now?: () => Date;
  /** How often today's calls, settings and agents are read again from the database. Default 60 s. */
  rereadMs?: number;
  /**
   * Resolves when the call log has taken in what a resync found (calls it closed, calls it learnt of). A restart
   * hears no event for the calls the PBX lost meanwhile: only the log knows them, so today is read again after it.
   */
  logSettled?: () => Promise<void>;
}

/** How often a broadcast's figures of today may be computed again on a busy day (see `figures`). */
const FIGURES_EVERY_MS = 1000;
/** From this many calls today on, computing the figures costs the loop more than a broadcast's worth (~1 ms). */
export const BUSY_DAY_CALLS = 2000;

const NO_LINK: TelephonyStatusView = { state: 'disconnected', since: new Date(0).toISOString() };

/**
 * The live page's data: today's counters from the call log (Europe/Kyiv day) moved on by live events, the
 * queues' settings, and the agent grid. Everything a node shows comes from the database and the PBX, so
 * several nodes agree, and a restart loses nothing.
 */
export function createSupervisorLive(deps: SupervisorLiveDeps) {
  const { dataSource, telephony, directory, log } = deps;
  const now = deps.now ?? (() => new Date());
  const book = new TodayBook();
  const grid = createAgentGrid();
  let settings = new Map<string, QueueSettingsView>();
  let agents: GridAgent[] = [];
  let reading: Promise<void> | null = null;
  let midnight: NodeJS.Timeout | null = null;

  async function readAll(): Promise<void> {
    const day = book.day;
    const [calls, saved, list] = await Promise.all([readDayCalls(dataSource, day), readQueueSettings(dataSource), readAgents(dataSource)]);
    book.merge(day, calls);
    settings = new Map(saved.map((s) => [s.queue, s]));
    agents = list;
  }

  /** One read at a time; a failed read keeps the last picture (the database may be down for a moment). */
  function reread(): Promise<void> {
    reading ??= readAll()
      .then(() => deps.changed())
      .catch((error: unknown) => log.warn({ err: error }, 'live page: today could not be read'))
      .finally(() => (reading = null));
    return reading;
  }

  /** Rolls the day over when Kyiv's midnight has passed: the new day starts empty and is read from the log. */
  function rollIfNewDay(): Promise<void> | null {
    if (!book.roll(now())) return null;
    scheduleMidnight();
    return reading ? reading.then(reread) : reread();
  }

  function scheduleMidnight(): void {
    if (midnight) clearTimeout(midnight);
    const delay = Math.max(1000, nextKyivMidnight(now()).getTime() - now().getTime() + 50);
    midnight = setTimeout(() => void rollIfNewDay(), Math.min(delay, 2 ** 31 - 1));
    midnight.unref();
  }

  const settingsOf = (queue: string): QueueSettingsView =>
    settings.get(queue) ?? { queue, serviceLevelSeconds: DEFAULT_SERVICE_LEVEL_SECONDS, thresholds: DEFAULT_THRESHOLDS, displayName: null };
  const link = (): TelephonyStatusView => (telephony ? { state: telephony.status().state, since: telephony.status().since } : NO_LINK);

  // Figures are computed again only when the day's calls changed (a broadcast is often a member event only). On a busy
  // day (BUSY_DAY_CALLS and more) a broadcast computes them at most every FIGURES_EVERY_MS: they go over every call of
  // the day, which took milliseconds seven times a second on the loop that also carries the pops (bench:pop). A picture
  // asked for on request (`current`) is always exact; a broadcast's figures are then at most that old, and a broadcast
  // follows with the exact ones.
  let cache: {
    version: number; builtAt: number; byQueue: Map<string, DayCall[]>; agents: ReturnType<typeof agentFigures>; today: Map<string, QueueView['today']>;
  } | null = null;
  let figuresLater: NodeJS.Timeout | null = null;
  function figures(exact = false) {
    if (cache?.version === book.version) return cache;
    const age = cache ? Date.now() - cache.builtAt : Infinity;
    if (cache && !exact && age < FIGURES_EVERY_MS && book.size >= BUSY_DAY_CALLS) {
      figuresLater ??= setTimeout(() => {
        figuresLater = null;
        deps.changed();
      }, FIGURES_EVERY_MS - age);
      figuresLater.unref();
      return cache;
    }
    const byQueue = new Map<string, DayCall[]>();
    const calls = book.all();
    for (const call of calls) {
      const list = byQueue.get(call.queue);
      if (list) list.push(call);
      else byQueue.set(call.queue, [call]);
    }
    cache = { version: book.version, builtAt: Date.now(), byQueue, agents: agentFigures(calls), today: new Map() };
    return cache;
  }
  function todayFor(queue: string, ours: number, pbx: number): QueueView['today'] {
    const f = figures();
    const key = `${queue}\n${ours}\n${pbx}`;
    let today = f.today.get(key);
    if (!today) f.today.set(key, (today = todayOf(f.byQueue.get(queue) ?? [], ours, pbx)));
    return today;
  }

  function build(exact = false): SupervisorLive {
    void rollIfNewDay();
    figures(exact); // the figures this picture shows (todayFor and the grid read the same ones)
    const snapshot = telephony ? telephony.snapshot() : null;
    return {
      at: now().toISOString(),
      link: link(),
      queues: snapshot ? queuesView(snapshot, directory, { settings: settingsOf, today: todayFor }) : [],
      agents: grid({ agents, snapshot, desk: deps.desk, figures: figures().agents, now: now() }),
    };
  }

  const agentOf = (iface: string) => directory.byInterface(iface)?.id ?? null;
  const offEvent = telephony?.onEvent((e: TelephonyEvent) => {
    if (e.name.startsWith('call:')) book.apply(e, agentOf);
  });
  const offResync = telephony?.onResync(() => {
    void reread();
    // A read already running started before the log caught up: wait for it, then read again.
    void (deps.logSettled?.() ?? Promise.resolve()).then(() => (reading ? reading.then(reread) : reread()));
  });
  const offStatus = telephony?.onStatus(() => deps.changed());
  const timer = setInterval(() => void reread(), deps.rereadMs ?? 60_000);
  timer.unref();
  book.roll(now());
  scheduleMidnight();
  const ready = reread();

  return {
    build,
    link,
    /** The picture after today's first read (and a day roll-over, if one is due): for answers on request. */
    async current(): Promise<SupervisorLive> {
      await ready;
      await rollIfNewDay();
      // Agents created since the last read (the admin page, the CLI) are in the grid at once.
      agents = await readAgents(dataSource).catch(() => agents);
      return build(true);
    },
    settings: (): QueueSettingsView[] => {
      const names = new Set([...settings.keys(), ...(telephony?.snapshot().queues.map((q) => q.name) ?? [])]);
      return [...names].sort().map(settingsOf);
    },
    async saveSettings(queue: string, input: QueueSettingsInput, userId: number): Promise<QueueSettingsView> {
      const displayName = input.displayName === undefined ? settingsOf(queue).displayName : input.displayName || null;
      const saved: QueueSettingsView = { queue, serviceLevelSeconds: input.serviceLevelSeconds, thresholds: input.thresholds, displayName };
      await saveQueueSettings(dataSource, saved, userId);
      settings.set(queue, saved);
      deps.changed();
      return saved;
    },
    reread,
    day: () => book.day || kyivDay(now()),
    stop(): void {
      offEvent?.();
      offResync?.();
      offStatus?.();
      clearInterval(timer);
      if (midnight) clearTimeout(midnight);
      if (figuresLater) clearTimeout(figuresLater);
    },
  };
}
export type SupervisorLiveService = ReturnType<typeof createSupervisorLive>;
