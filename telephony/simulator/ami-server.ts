import type { AddressInfo, Server, Socket } from 'node:net';
import type { EventClass } from './pbx';
import type { SimUser } from './session';
import type { ActionMessage, Fields } from './wire';
import { createServer } from 'node:net';
import { AmiSession, parseMask } from './session';

/** One event of a list: its name and fields (without ActionID, which the server places). */
export type ListItem = [string, Fields];

/** A PBX action handler: answers through `reply` (which echoes the ActionID). */
export interface ActionContext {
  session: AmiSession;
  action: ActionMessage;
  actionId: string;
  reply(response: 'Success' | 'Error' | 'Goodbye', message?: string, extra?: Fields): void;
  /** An event list: Response with EventList start, items, then the Complete event. */
  list(startMessage: string, items: ListItem[], completeEvent: string, actionIdFirst?: boolean): void;
}

export interface ActionSpec {
  /** Write classes allowing it (any one); empty: everybody. */
  authority: string[];
  run(context: ActionContext): void;
}

export interface AmiServerOptions {
  users: Record<string, SimUser>;
  bannerVersion: string;
  loginFailureDelayMs: number;
  uptimeSeconds: () => number;
  timestampEvents: boolean;
  actions: Record<string, ActionSpec>;
}

/** The TCP side of the simulator: sessions, login, event masks, framing. */
export class AmiServer {
  private readonly server: Server;
  readonly sessions = new Set<AmiSession>();
  /** When true the PBX hangs: it reads but never answers (tests of the Ping deadline). */
  unresponsive = false;
  /** When true the PBX is unreachable: connections are dropped as they come. */
  offline = false;

  constructor(private readonly options: AmiServerOptions) {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  private accept(socket: Socket): void {
    if (this.offline) {
      socket.destroy();
      return;
    }
    const session = new AmiSession(socket);
    this.sessions.add(session);
    socket.setEncoding('utf-8');
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sessions.delete(session));
    socket.on('data', (chunk: string) => {
      for (const input of session.reader.feed(chunk)) {
        if (this.unresponsive) continue;
        if (input.kind === 'line_too_long') session.send([['Response', 'Error'], ['Message', 'Failed to parse message: line too long']]);
        else this.dispatch(session, input.action);
      }
    });
    // The banner has no blank line after it (manager.c).
    socket.write(`Asterisk Call Manager/${this.options.bannerVersion}\r\n`);
  }

  private dispatch(session: AmiSession, action: ActionMessage): void {
    const name = action.get('Action');
    const actionId = action.get('ActionID');
    const idField: Fields = actionId ? [['ActionID', actionId]] : [];
    const reply: ActionContext['reply'] = (response, message, extra = []) =>
      session.send([['Response', response], ...idField, ...(message !== undefined ? [['Message', message] as [string, string]] : []), ...extra]);
    const lower = name.toLowerCase();
    if (lower === 'login') return this.login(session, action, reply);
    if (!session.authenticated) return reply('Error', 'Permission denied');
    if (lower === 'logoff') {
      reply('Goodbye', 'Thanks for all the fish.');
      session.socket.end();
      return;
    }
    if (lower === 'ping') return session.send([['Response', 'Success'], ...idField, ['Ping', 'Pong'], ['Timestamp', (Date.now() / 1000).toFixed(6)]]);
    if (lower === 'events') {
      session.mask = parseMask(action.get('EventMask'), session.user?.read ?? []);
      return session.send([['Response', 'Success'], ...idField, ['Events', session.mask.size ? 'On' : 'Off']]);
    }
    const spec = Object.hasOwn(this.options.actions, lower) ? this.options.actions[lower] : undefined;
    if (!spec) return reply('Error', `Invalid/unknown command: ${name}. Use Action: ListCommands to show available commands.`);
    if (!session.mayWrite(spec.authority)) return reply('Error', 'Permission denied');
    const list: ActionContext['list'] = (startMessage, items, completeEvent, actionIdFirst = false) => {
      session.send([['Response', 'Success'], ...idField, ['EventList', 'start'], ['Message', startMessage]]);
      // ActionID sits right after Event in CoreShowChannel, last in the queue items (§1.4).
      for (const [event, item] of items) session.send(actionIdFirst ? [['Event', event], ...idField, ...item] : [['Event', event], ...item, ...idField]);
      session.send([['Event', completeEvent], ...idField, ['EventList', 'Complete'], ['ListItems', items.length]]);
    };
    spec.run({ session, action, actionId, reply, list });
  }

  private login(session: AmiSession, action: ActionMessage, reply: ActionContext['reply']): void {
    const username = action.get('Username');
    const user = this.options.users[username];
    if (!user || user.secret !== action.get('Secret')) {
      // Asterisk sleeps a second before saying no, then closes the connection.
      setTimeout(() => {
        reply('Error', 'Authentication failed');
        session.socket.end();
      }, this.options.loginFailureDelayMs);
      return;
    }
    session.user = user;
    session.username = username;
    session.mask = parseMask(action.get('Events'), user.read);
    reply('Success', 'Authentication accepted');
    if (session.wants('system')) {
      const uptime = this.options.uptimeSeconds();
      this.sendEvent(session, 'FullyBooted', 'system', [['Uptime', uptime], ['LastReload', uptime], ['Status', 'Fully Booted']]);
    }
  }

  private sendEvent(session: AmiSession, name: string, eventClass: EventClass, fields: Fields): void {
    const stamp: Fields = this.options.timestampEvents ? [['Timestamp', (Date.now() / 1000).toFixed(6)]] : [];
    session.send([['Event', name], ['Privilege', `${eventClass},all`], ...stamp, ...fields]);
  }

  broadcast(name: string, eventClass: EventClass, fields: Fields): void {
    for (const session of this.sessions) if (session.wants(eventClass)) this.sendEvent(session, name, eventClass, fields);
  }

  /** Writes raw bytes to every client (tests: garbage, a line cut in the middle). */
  injectRaw(data: string, options: { thenClose?: boolean } = {}): void {
    for (const session of this.sessions) {
      if (options.thenClose) session.socket.end(data);
      else session.socket.write(data);
    }
  }

  dropConnections(): void {
    for (const session of this.sessions) session.socket.destroy();
  }

  close(): Promise<void> {
    this.dropConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

