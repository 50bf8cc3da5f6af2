import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A port nothing listens on yet: a service is "down" there until it is started. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => resolve(text));
  });

const listen = (server: Server | SMTPServer, port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
const close = (server: { close(cb: () => void): unknown } | null) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

/** The text of a mail as nodemailer wrote it (base64 or quoted-printable for Ukrainian text). */
function mailText(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const content = rest.join('\n\n');
  if (/transfer-encoding:\s*base64/i.test(head)) return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = Buffer.from(content.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return bytes.toString('utf8');
  }
  return content;
}

/** An in-process SMTP server, started and stopped at will (an outage is a stop). */
export function smtpStandIn(port: number) {
  const mails: { to: string[]; subject: string; text: string }[] = [];
  let server: SMTPServer | null = null;
  return {
    mails,
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    async start() {
      server = new SMTPServer({
        authOptional: true, disabledCommands: ['STARTTLS'],
        onData(stream, session, done) {
          let raw = '';
          stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
          stream.on('end', () => {
            const subject = /^subject:\s*(.*)$/im.exec(raw)?.[1] ?? '';
            mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject, text: mailText(raw) });
            done();
          });
        },
      });
      await listen(server, port);
    },
    async stop() {
      await close(server);
      server = null;
    },
  };
}

/** An SMS gateway that takes one JSON POST per message; `down` makes it answer 503. */
export async function smsGatewayStandIn() {
  const messages: { body: unknown; authorization: string | undefined }[] = [];
  const state = { down: false };
  const server = createHttpServer(async (req, res) => {
    const body = await readBody(req);
    if (state.down) return void res.writeHead(503).end('gateway maintenance');
    messages.push({ body: JSON.parse(body), authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
  });
  await listen(server, 0);
  return { messages, state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`, close: () => close(server) };
}

/**
 * A stand-in of the Telegram Bot API (the real one is outside this machine): `getMe`, `deleteWebhook`,
 * `getUpdates` (long polling over the updates the test sends as a citizen) and `sendMessage` (kept).
 */
export function telegramStandIn(port: number, token: string) {
  const sent: { chatId: string; text: string }[] = [];
  const updates: { update_id: number; message: unknown }[] = [];
  let nextUpdate = 1;
  let server: Server | null = null;
  const waiting = new Set<() => void>();
  let held: (() => void) | null = null;
  let conflicts = 0;
  const ok = (res: ServerResponse, result: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
  return {
    sent,
    /** getUpdates ended by another poller's (two bot instances polling at once). */
    get conflicts() {
      return conflicts;
    },
    apiRoot: `http://127.0.0.1:${port}`,
    /** A citizen writes to the bot from chat `chatId`. */
    say(chatId: number, text: string) {
      updates.push({ update_id: nextUpdate++, message: { message_id: nextUpdate, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'Громадянин' }, text } });
      for (const wake of waiting) wake();
    },
    async start() {
      server = createHttpServer(async (req, res) => {
        const raw = await readBody(req);
        const params = raw ? JSON.parse(raw) : {};
        const method = (req.url ?? '').split('/').pop();
        if (!req.url?.startsWith(`/bot${token}/`)) return void res.writeHead(401).end('{"ok":false,"error_code":401,"description":"Unauthorized"}');
        if (method === 'getMe') return ok(res, { id: 42, is_bot: true, first_name: 'Міська рада', username: 'city_test_bot' });
        if (method === 'deleteWebhook' || method === 'close') return ok(res, true);
        if (method === 'sendMessage') {
          sent.push({ chatId: String(params.chat_id), text: params.text });
          return ok(res, { message_id: sent.length, date: 0, chat: { id: params.chat_id, type: 'private' }, text: params.text });
        }
        if (method === 'getUpdates') {
          // The Bot API takes one poller: a getUpdates while another is held ends the held one with 409, as Telegram does.
          if (held) {
            conflicts += 1;
            held();
          }
          const offset = params.offset ?? 0;
          // As the Bot API: an offset confirms the updates below it, which are then forgotten (a new poller never sees them).
          while (updates.length > 0 && updates[0]!.update_id < offset) updates.shift();
          const pending = () => updates.filter((u) => u.update_id >= offset);
          // Long polling, held at most a second so that a stop is quick.
          let conflicted = false;
          if (pending().length === 0) {
            await new Promise<void>((resolve) => {
              const wake = () => {
                waiting.delete(wake);
                if (held === terminate) held = null;
                resolve();
              };
              const terminate = () => {
                conflicted = true;
                wake();
              };
              waiting.add(wake);
              held = terminate;
              // A poller that went away (grammY's stop aborts its poll) holds nothing.
              res.once('close', wake);
              setTimeout(wake, 1_000);
            });
          }
          if (conflicted) {
            return void res.writeHead(409, { 'content-type': 'application/json' })
              .end('{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}');
          }
          return ok(res, pending());
        }
        res.writeHead(404).end('{"ok":false,"error_code":404,"description":"Not Found"}');
      });
      await listen(server, port);
    },
    async stop() {
      server?.closeAllConnections();
      await close(server);
      server = null;
    },
  };
}
