import { appendFileSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { afterAll } from 'vitest';
import { originateOptionsFrom } from '../../server/calls/originate.service';
import { createApp } from '../../server/app';
import { readConfig } from '../../server/config';
import type { ConsultDialSettings } from '../../server/consultations/dial-strings';
import { DatabaseHealth } from '../../server/http/database-health';
import { startTelephony } from '../../server/startup/telephony';
import { body, startTestApp, type TestApp } from '../setup/app';
import { hangupAll, LabAmi, labFromEnv, resetPhones, sleep, unpauseAll, type AmiMsg, type Lab } from './lab';
import type { RecordingSettings } from '../../server/calls/recording/recording.settings';
import type { SoftphoneSettings } from '../../server/softphone/softphone.settings';

/* eslint-disable @typescript-eslint/no-explicit-any -- socket payloads are asserted by shape */

export interface Seen { name: string; data: any; at: number }

/** A real Socket.IO console, logged in, recording every event with the time it arrived. */
export interface LabConsole {
  who: string;
  userId: number;
  cookie: string;
  socket: Socket;
  seen: Seen[];
  named(name: string): Seen[];
  /** The first event named `name` at or after `since` (ms epoch) satisfying `match`. */
  next(name: string, match?: (data: any) => boolean, o?: { since?: number; timeoutMs?: number }): Promise<Seen>;
  close(): void;
}

export interface LabBed {
  lab: Lab;
  t: TestApp;
  /** A listening AMI connection of the suite's own: what Asterisk really said, for counts and traces. */
  listener: LabAmi;
  /** An AMI connection for placing callers. */
  driver: LabAmi;
  agent(ext: string): Promise<LabConsole>;
  supervisor(): Promise<LabConsole>;
  health(): Promise<{ ami: { state: string; since: string } }>;
  /** A topic code of the classifier, for wrap-ups. */
  topicCode: string;
  /** New listener and driver connections after the lab restarted (the listener keeps what it heard). */
  reconnect(): Promise<void>;
  /** How consultation legs are dialled (CONSULT_*_CHANNEL): the runner reads it at every dial, a test may change it. */
  consultDial: ConsultDialSettings;
  /**
   * Our server restarted: it goes away with its AMI link, `whileDown` runs, and a new one starts on the same
   * database and lab; returns its base URL (consoles connect there, the same cookies hold).
   */
  restartServer(whileDown: () => Promise<void>): Promise<string>;
}

/**
 * Our real server on a fresh database with AMI pointed at the lab, started the way `npm start` starts it with
 * AMI_HOST set (server/startup/telephony.ts reads the same settings), plus the suite's own AMI connections.
 */
export async function startLabBed(o: { consultationRetryMs?: number; recordings?: Partial<RecordingSettings>; clientDir?: string; softphone?: SoftphoneSettings } = {}): Promise<LabBed> {
  const lab = labFromEnv();
  const config = readConfig({
    // The lab has no SIP phones: click-to-call rings the agent's fake phone the way its queue does.
    ORIGINATE_CHANNEL: 'Local/{exten}@agent-phones/n',
    // Consultation legs through the sample's own [agents] context, as FreePBX's from-internal: the lab's trunk
    // and phones behind it are its citizen-phones and agent-phones.
    CONSULT_CITIZEN_CHANNEL: 'Local/{number}@agents/n',
    CONSULT_OFFICIAL_CHANNEL: 'Local/{exten}@agents/n',
    ...process.env,
    AMI_HOST: lab.host, AMI_PORT: String(lab.port), AMI_USERNAME: lab.username, AMI_SECRET: lab.secret,
  });
  const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
  // The lab as a fresh PBX would be: default phones, nobody paused (before our server pauses anyone itself).
  const listener = await LabAmi.open(lab, { events: true });
  const driver = await LabAmi.open(lab);
  await hangupAll(driver);
  await resetPhones(lab);
  await unpauseAll(driver, lab.queue);
  const { telephony } = await startTelephony(config, log);
  // As server/main.ts builds the app with AMI_HOST set: click-to-call and queue log-in from the same settings.
  const consultDial: ConsultDialSettings = {
    citizenChannel: config.telephony.consultCitizenChannel, officialChannel: config.telephony.consultOfficialChannel, numberFormat: config.telephony.originateNumberFormat,
  };
  const t = await startTestApp({
    clientDir: o.clientDir, softphone: o.softphone, telephony, calls: { originate: originateOptionsFrom(config.telephony), queueLogin: config.telephony, recordings: { ...config.recordings, ...o.recordings } },
    consultations: { runner: { dial: consultDial, ...(o.consultationRetryMs ? { retryDelayMs: o.consultationRetryMs } : {}) } },
  });
  const consoles: LabConsole[] = [];
  // Servers started by `restartServer`, stopped with the rest.
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of consoles) c.close();
    for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
    await hangupAll(bed.driver).catch(() => undefined);
    bed.listener.close();
    bed.driver.close();
    await telephony.stop();
  });
  const health = async () => body(await t.fetch('/api/health'));
  await until(async () => (await health()).ami.state === 'connected', 'our AMI link to the lab', 30_000);
  const [topic] = await t.db.dataSource.query('SELECT code FROM topics WHERE parent_code IS NOT NULL ORDER BY code LIMIT 1');

  async function open(who: string, login: Awaited<ReturnType<TestApp['login']>>): Promise<LabConsole> {
    const c = connectConsole(t.baseUrl, who, login.user.id, login.cookie);
    consoles.push(c);
    await c.next('agent:snapshot');
    return c;
  }
  const bed: LabBed = {
    lab, t, listener, driver, health, topicCode: topic.code, consultDial,
    async restartServer(whileDown) {
      t.calls.stop();
      await telephony.stop();
      await t.realtime.io.close();
      t.http.closeAllConnections();
      await whileDown();
      const again = await startTelephony(config, log);
      const database = new DatabaseHealth(t.db.dataSource, log);
      database.start();
      const app = createApp({ dataSource: t.db.dataSource, database, log, sessionSecret: 'test-secret', telephony: again.telephony, calls: { originate: originateOptionsFrom(config.telephony), queueLogin: config.telephony } });
      await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
      cleanups.push(async () => {
        app.calls.stop();
        await again.telephony.stop();
        await app.realtime.io.close();
        app.http.closeAllConnections();
        database.stop();
      });
      const url = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
      await until(async () => (await body(await fetch(`${url}/api/health`))).ami.state === 'connected', 'the new server connected to the lab', 30_000);
      return url;
    },
    async reconnect() {
      const heard = bed.listener.events;
      bed.listener.close();
      bed.driver.close();
      bed.listener = await LabAmi.open(lab, { events: true });
      bed.listener.events.unshift(...heard);
      bed.driver = await LabAmi.open(lab);
    },
    async agent(ext) {
      const member = lab.agents.find((a) => a.ext === ext);
      if (!member) throw new Error(`no lab agent ${ext}`);
      return open(`agent ${ext}`, await t.login({ role: 'agent', interface: member.iface, username: `lab${ext}_${process.pid}` }));
    },
    async supervisor() {
      return open('supervisor', await t.login({ role: 'supervisor' }));
    },
  };
  return bed;
}

export function connectConsole(baseUrl: string, who: string, userId: number, cookie: string): LabConsole {
  const socket = io(baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  const seen: Seen[] = [];
  socket.onAny((name: string, data: unknown) => seen.push({ name, data, at: Date.now() }));
  return {
    who, userId, cookie, socket, seen,
    named: (name) => seen.filter((s) => s.name === name),
    async next(name, match = () => true, o = {}) {
      const since = o.since ?? 0;
      return until(async () => seen.find((s) => s.at >= since && s.name === name && match(s.data)), `${name} at ${who}`, o.timeoutMs ?? 15_000);
    },
    close: () => socket.close(),
  };
}

/** Polls until `check` gives something truthy. */
export async function until<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve(check()).catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Classifies a call the way the console's wrap-up panel does. */
export async function classify(bed: LabBed, c: LabConsole, callId: string): Promise<number> {
  const res = await bed.t.fetch(`/api/calls/${encodeURIComponent(callId)}/wrap-up`, {
    method: 'POST', cookie: c.cookie, json: { kind: 'consultation', topicCode: bed.topicCode },
  });
  return res.status;
}

/** The calls table (the call log) for some call ids. */
export async function callRows(bed: LabBed, ids: string[]): Promise<any[]> {
  return bed.t.db.dataSource.query('SELECT * FROM calls WHERE id = ANY($1) ORDER BY queued_at', [ids]);
}

// ---------------------------------------------------------------------------------------------------------
// Traces: what Asterisk said and what each console got, merged in time order, for a report the lead can act on.

const AMI_KEYS = ['Event', 'Channel', 'Interface', 'MemberName', 'Linkedid', 'Uniqueid', 'Cause', 'DialStatus', 'Paused', 'PausedReason', 'Reason'];

export function amiLine(m: AmiMsg, t0: number): string {
  return `${((m.at - t0) / 1000).toFixed(3).padStart(8)} AMI ${AMI_KEYS.filter((k) => m[k] !== undefined).map((k) => `${k}=${m[k]}`).join(' ')}`;
}

export function consoleLine(c: LabConsole, s: Seen, t0: number): string {
  return `${((s.at - t0) / 1000).toFixed(3).padStart(8)} ${c.who.padEnd(10)} ${s.name} ${JSON.stringify(brief(s.data))}`;
}

/**
 * The events of one call (by Linkedid / callId), from Asterisk and from every console (not the queue pictures),
 * plus the `extra` AMI events (pauses, say) from a second before its first ring to ten seconds after its end.
 */
export function traceOf(callId: string, bed: LabBed, consoles: LabConsole[], t0: number, extra: (m: AmiMsg) => boolean = () => false): string {
  const own = bed.listener.events.filter((m) => m.Linkedid === callId);
  const from = ((own.find((m) => m.Event === 'AgentCalled') ?? own[0])?.at ?? t0) - 1000;
  const to = (own.at(-1)?.at ?? Date.now()) + 10_000;
  const ami = bed.listener.events.filter((m) => m.Linkedid === callId || (m.at >= from && m.at <= to && extra(m))).map((m) => ({ at: m.at, line: amiLine(m, t0) }));
  const mine = consoles.flatMap((c) => c.seen
    .filter((s) => s.name !== 'queues:snapshot' && JSON.stringify(s.data ?? '').includes(callId))
    .map((s) => ({ at: s.at, line: consoleLine(c, s, t0) })));
  return [...ami, ...mine].sort((a, b) => a.at - b.at).map((x) => x.line).join('\n');
}

/** A short form of a socket payload: ids, states and times, never the card. */
function brief(data: any): any {
  if (!data || typeof data !== 'object') return data;
  const { card: _card, ...rest } = data;
  if (rest.call && typeof rest.call === 'object') {
    const { card: _c, ...call } = rest.call;
    rest.call = call;
  }
  if (Array.isArray(rest.queues)) rest.queues = rest.queues.map((q: any) => ({ name: q.name, waiting: q.waiting?.length, members: q.members?.map((m: any) => `${m.interface}${m.paused ? `(paused ${m.pausedReason})` : ''}`) }));
  return rest;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const artifacts = path.resolve(import.meta.dirname, '../../test-artifacts');

/** Figures and traces for the people reading the run: printed, and kept in test-artifacts/asterisk-lab.log. */
export function report(text: string): void {
  const stamped = `[${new Date().toISOString()}] ${text}\n`;
  process.stdout.write(stamped);
  mkdirSync(artifacts, { recursive: true });
  appendFileSync(path.join(artifacts, 'asterisk-lab.log'), stamped);
}

export interface Clerk {
  /** When each agent's console learnt that its call ended (call:ended, or a snapshot showing it ended). */
  ended: Map<string, { at: number; who: string }>;
  /** When the agent sent the classification, when the API answered, and what. */
  classified: Map<string, { sentAt: number; at: number; status: number; who: string }>;
}

/** Agents who classify every call of theirs once it ended, after `delayMs`, like a person at the wrap-up panel. */
export function startClerk(bed: LabBed, consoles: LabConsole[], delayMs: (callId: string) => number = () => 0): Clerk {
  const clerk: Clerk = { ended: new Map(), classified: new Map() };
  for (const c of consoles) {
    const ended = (callId: string) => {
      if (clerk.ended.has(callId)) return;
      clerk.ended.set(callId, { at: Date.now(), who: c.who });
      setTimeout(() => {
        const sentAt = Date.now();
        void classify(bed, c, callId).then((status) => clerk.classified.set(callId, { sentAt, at: Date.now(), status, who: c.who }));
      }, delayMs(callId));
    };
    c.socket.on('call:ended', (d: { callId: string }) => ended(d.callId));
    c.socket.on('agent:snapshot', (s: { call?: { callId: string; state: string; direction?: string } | null }) => {
      if (s.call?.state === 'ended' && s.call.direction !== 'out') ended(s.call.callId);
    });
  }
  return clerk;
}
