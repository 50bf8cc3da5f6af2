import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The lab PBX: a real Asterisk 22 built from source with the project's own telephony/asterisk/*.conf, queue
 * members as Local channels into fake phones (no SIP here). Everything the suite needs to reach and drive it.
 */
export interface Lab {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** The lab's folder (the build's prefix is `<dir>/inst`). */
  dir: string;
  /** The lab queue and its members as the queue names them, with the extension of each fake phone. */
  queue: string;
  agents: { ext: string; iface: string }[];
}

export function labFromEnv(env: NodeJS.ProcessEnv = process.env): Lab {
  const exts = (env.LAB_AGENT_EXTENSIONS ?? '1004,1005').split(',').map((s) => s.trim()).filter(Boolean);
  // How our users name their phone: the queue member's own interface by default (issue 8 item 3).
  const ifaceOf = (ext: string) => (env.LAB_AGENT_INTERFACE ?? 'Local/{ext}@agent-phones/n').replace('{ext}', ext);
  return {
    host: env.AMI_HOST?.trim() || '127.0.0.1',
    port: Number(env.AMI_PORT ?? 5038),
    username: env.AMI_USERNAME ?? 'hromada',
    secret: env.AMI_SECRET ?? 'hromada-lab-secret',
    dir: path.resolve(env.ASTERISK_LAB ?? path.join(os.homedir(), 'asterisk-lab')),
    queue: env.LAB_QUEUE ?? 'support',
    agents: exts.map((ext) => ({ ext, iface: ifaceOf(ext) })),
  };
}

export const HOW_TO_BUILD = `
No lab Asterisk is reachable, so the real-PBX suite cannot run (nothing was tested).
Build and start one (README.md, "A real Asterisk"): extract Asterisk 22 into $ASTERISK_LAB/src, build it into
$ASTERISK_LAB/inst without pjproject, write its configuration from telephony/asterisk/*.conf with members
Local/1004@agent-phones/n and Local/1005@agent-phones/n (features.conf included: without its atxfer code the attended
transfer is refused with "No attended transfer feature code found"), start it, then:
  ASTERISK_LAB=/path/to/lab npm run test:asterisk
Settings: ASTERISK_LAB (default ~/asterisk-lab), AMI_HOST/AMI_PORT/AMI_USERNAME/AMI_SECRET
(default 127.0.0.1:5038, hromada, hromada-lab-secret).`;

// ---------------------------------------------------------------------------------------------------------
// A bare AMI connection: the suite's own, independent of the product's client (callers, probes, a listener).

export type AmiMsg = Record<string, string> & { at: number };

export class LabAmi {
  readonly events: AmiMsg[] = [];
  closed = false;
  private buffer = '';
  private waiters = new Map<string, { resolve: (m: AmiMsg[]) => void; list: AmiMsg[]; listing: boolean }>();
  private listeners = new Set<(m: AmiMsg) => void>();
  private seq = 0;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf-8');
    socket.on('data', (chunk: string) => this.read(chunk));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => (this.closed = true));
  }

  /** Connects and logs in; rejects (does not hang) when nothing listens or the secret is refused. */
  static async open(lab: Lab, opts: { events?: boolean; timeoutMs?: number } = {}): Promise<LabAmi> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(lab.port, lab.host, () => resolve(s));
      s.setTimeout(opts.timeoutMs ?? 2000, () => s.destroy(new Error('AMI connect timed out')));
      s.once('error', reject);
    });
    socket.setTimeout(0);
    const ami = new LabAmi(socket);
    const [reply] = await ami.action({ Action: 'Login', Username: lab.username, Secret: lab.secret, Events: opts.events ? 'on' : 'off' }, opts.timeoutMs ?? 3000);
    if (reply.Response !== 'Success') {
      ami.close();
      throw new Error(`AMI login refused: ${reply.Message ?? reply.Response}`);
    }
    return ami;
  }

  /** Sends an action; resolves with its response (and, for list actions, the events up to the list's end). */
  action(fields: Record<string, string>, timeoutMs = 10_000): Promise<AmiMsg[]> {
    const id = `lab-${++this.seq}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (this.waiters.delete(id), reject(new Error(`AMI ${fields.Action} timed out`))), timeoutMs);
      this.waiters.set(id, { list: [], listing: false, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      this.socket.write(Object.entries({ ...fields, ActionID: id }).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n');
    });
  }

  onEvent(listener: (m: AmiMsg) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\r\n\r\n')) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 4);
      const msg = { at: Date.now() } as AmiMsg;
      for (const line of block.split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) msg[line.slice(0, colon)] = line.slice(colon + 1).trim();
      }
      if (Object.keys(msg).length > 1) this.dispatch(msg);
    }
  }

  private dispatch(msg: AmiMsg): void {
    const waiter = msg.ActionID ? this.waiters.get(msg.ActionID) : undefined;
    if (waiter) {
      waiter.list.push(msg);
      if (msg.Response) waiter.listing = msg.EventList === 'start' || /will follow/i.test(msg.Message ?? '');
      if (!waiter.listing || msg.EventList === 'Complete') {
        this.waiters.delete(msg.ActionID);
        waiter.resolve(waiter.list);
      }
      return;
    }
    if (!msg.Event) return;
    this.events.push(msg);
    for (const l of this.listeners) l(msg);
  }
}

/** Is a lab there? `null` when it is, otherwise why not. */
export async function probeLab(lab: Lab): Promise<string | null> {
  if (!existsSync(asteriskBin(lab))) return `no Asterisk build at ${asteriskBin(lab)} (ASTERISK_LAB=${lab.dir})`;
  try {
    (await LabAmi.open(lab, { timeoutMs: 2000 })).close();
    return null;
  } catch (e) {
    return `AMI at ${lab.host}:${lab.port} as ${lab.username}: ${(e as Error).message}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The lab's CLI, its process, its fake phones and its queue configuration.

const run = promisify(execFile);
const asteriskBin = (lab: Lab) => path.join(lab.dir, 'inst/sbin/asterisk');
const asteriskConf = (lab: Lab) => path.join(lab.dir, 'inst/etc/asterisk/asterisk.conf');
const pidFile = (lab: Lab) => path.join(lab.dir, 'inst/var/run/asterisk/asterisk.pid');
export const queuesConf = (lab: Lab) => path.join(lab.dir, 'inst/etc/asterisk/queues.conf');

/** One Asterisk CLI command (`asterisk -rx`); our AMI user may not run `Command`, by design. */
export async function astcli(lab: Lab, command: string): Promise<string> {
  const { stdout } = await run(asteriskBin(lab), ['-C', asteriskConf(lab), '-rx', command], { timeout: 15_000 });
  return stdout;
}

/** Fake agent phone `ext`: seconds it rings before answering (or 'never') and talks before hanging up. */
export async function setPhone(lab: Lab, ext: string, o: { ring?: number | 'never'; talk?: number }): Promise<void> {
  if (o.ring !== undefined) await astcli(lab, `database put phone/${ext} ring ${o.ring}`);
  if (o.talk !== undefined) await astcli(lab, `database put phone/${ext} talk ${o.talk}`);
}

/** Fake citizen phone for click-to-call, keyed by the digits the trunk dials (380…): busy, noanswer, or answers. */
export async function setCitizen(lab: Lab, digits: string, behaviour: 'busy' | 'noanswer' | 'answers'): Promise<void> {
  await astcli(lab, behaviour === 'answers' ? `database del citizen ${digits}` : `database put citizen ${digits} ${behaviour}`);
}

export async function resetPhones(lab: Lab): Promise<void> {
  await astcli(lab, 'database deltree phone');
  await astcli(lab, 'database deltree citizen');
}

/** Starts the lab's Asterisk (daemon) and waits until it is fully booted. */
export async function startAsterisk(lab: Lab): Promise<void> {
  if (await asteriskPid(lab)) return;
  await run(asteriskBin(lab), ['-C', asteriskConf(lab)], { timeout: 15_000 });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await astcli(lab, 'core waitfullybooted').then(() => true, () => false)) return;
    await sleep(100);
  }
  throw new Error('the lab Asterisk did not boot within 20 s');
}

/** `core stop now`: channels are hung up and a Shutdown event sent, as an administrator's restart does. */
export async function stopAsterisk(lab: Lab): Promise<void> {
  const pid = await asteriskPid(lab);
  if (!pid) return;
  await astcli(lab, 'core stop now').catch(() => undefined);
  await waitGone(pid);
}

/** kill -9: what a crash looks like from outside (no hang-ups, no Shutdown). */
export async function killAsterisk(lab: Lab): Promise<void> {
  const pid = await asteriskPid(lab);
  if (!pid) return;
  process.kill(pid, 'SIGKILL');
  await waitGone(pid);
}

async function asteriskPid(lab: Lab): Promise<number | null> {
  const pid = Number((await readFile(pidFile(lab), 'utf-8').catch(() => '')).trim());
  if (!pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

async function waitGone(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
  throw new Error(`Asterisk ${pid} is still running`);
}

/**
 * Rewrites the lab's queues.conf (e.g. a member added) and returns a function that puts the original back.
 * Nothing is reloaded here: the test chooses how Asterisk learns of it.
 */
export async function editQueuesConf(lab: Lab, edit: (text: string) => string): Promise<() => Promise<void>> {
  const original = await readFile(queuesConf(lab), 'utf-8');
  await writeFile(queuesConf(lab), edit(original));
  return () => writeFile(queuesConf(lab), original);
}

/**
 * Callers into the hotline like a trunk would bring them: Originate `Local/5000@from-trunk` (the project's own
 * dialplan answers and queues them), each waiting `waitSeconds` at most. The ChannelId we give becomes the
 * call's Linkedid, which our server uses as the call id.
 */
export async function placeCallers(ami: LabAmi, ids: string[], o: { cidPrefix?: string; waitSeconds?: number } = {}): Promise<void> {
  const replies = await Promise.all(ids.map((id, i) =>
    ami.action({
      Action: 'Originate', Channel: 'Local/5000@from-trunk', Application: 'Wait', Data: String(o.waitSeconds ?? 900),
      CallerID: `"Lab ${id}" <${o.cidPrefix ?? '+38067300'}${String(i).padStart(4, '0')}>`, Async: 'true', Timeout: '10000',
      ChannelId: id,
    })));
  const refused = replies.filter(([r]) => r.Response !== 'Success');
  if (refused.length) throw new Error(`Originate refused: ${JSON.stringify(refused[0][0])}`);
}

/** The queue as Asterisk sees it: callers waiting, members (name, status, paused). */
export async function queueStatus(ami: LabAmi, queue: string) {
  const list = await ami.action({ Action: 'QueueStatus', Queue: queue });
  return {
    waiting: list.filter((m) => m.Event === 'QueueEntry').length,
    members: list.filter((m) => m.Event === 'QueueMember').map((m) => ({ iface: m.StateInterface || m.Location, location: m.Location, paused: m.Paused === '1', reason: m.PausedReason ?? '', inCall: m.InCall === '1' })),
  };
}

/** Every member of the queue unpaused: a scenario starts from a free queue, whatever the last one left. */
export async function unpauseAll(ami: LabAmi, queue: string): Promise<void> {
  for (const m of (await queueStatus(ami, queue)).members) {
    if (m.paused) await ami.action({ Action: 'QueuePause', Interface: m.location, Paused: 'false', Queue: queue });
  }
}

/** Hangs up every call the lab carries: a scenario starts, and ends, with an idle PBX. */
export async function hangupAll(ami: LabAmi): Promise<void> {
  for (const c of await channels(ami)) await ami.action({ Action: 'Hangup', Channel: c.Channel }).catch(() => undefined);
}

/** Live channels (CoreShowChannels). */
export async function channels(ami: LabAmi): Promise<AmiMsg[]> {
  return (await ami.action({ Action: 'CoreShowChannels' })).filter((m) => m.Event === 'CoreShowChannel');
}

/** The phone's extension in any name of it: `Local/1004@agent-phones/n`, `PJSIP/1004`, `Local/1004@agent-phones-0000001a;1` → `1004`. */
export const extOf = (name: string) => /\/([^@/;-]+)/.exec(name)?.[1] ?? '';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
