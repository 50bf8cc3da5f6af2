import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobs, type Jobs } from '../../server/jobs/jobs';
import { workNotificationJobs } from '../../server/jobs/notification-jobs';
import { createNoticeSender } from '../../server/notifications/sender';
import { emailChannel } from '../../server/notifications/email-channel';
import { smsGatewayChannel } from '../../server/notifications/sms-gateway';
import { telegramChannel } from '../../server/notifications/telegram-channel';
import { startTelegramLinking } from '../../server/notifications/telegram-link';
import { body, startTestApp, type TestApp } from '../setup/app';
import { eventually } from './calls-harness';
import { freePort, smsGatewayStandIn, smtpStandIn, telegramStandIn } from './notifications-harness';

/* eslint-disable @typescript-eslint/no-explicit-any */
const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
const TOKEN = '123456:test-token';
let t: TestApp;
let agent: string;
let water: string;
let smtp: ReturnType<typeof smtpStandIn>;
let sms: Awaited<ReturnType<typeof smsGatewayStandIn>>;
let bot: ReturnType<typeof telegramStandIn>;
const nodes: { jobs: Jobs; stop: () => void }[] = [];
let linking: { stop(): Promise<void> } | null = null;
let seq = 0;

/** One server node's job side: the relay and the sender, as main.ts starts them. */
async function startNode(): Promise<void> {
  const jobs = await startJobs({ url: t.db.url, log, poolSize: 2 });
  const send = createNoticeSender({
    dataSource: t.db.dataSource, statusBaseUrl: 'https://contact.example', log,
    channels: {
      email: emailChannel({ url: smtp.url, from: 'city@contact.example' }),
      sms: smsGatewayChannel({ url: sms.url, bodyTemplate: '{"recipients":["{phone}"],"sms":{"sender":"MISTO","text":"{text}"}}', authorization: 'Bearer gw' }),
      telegram: telegramChannel({ token: TOKEN, apiRoot: bot.apiRoot }),
    },
  });
  const stop = await workNotificationJobs(jobs.boss, { dataSource: t.db.dataSource, send, log, intervalMs: 200, pollingIntervalSeconds: 0.5, retry: { retryDelaySeconds: 1, retryBackoff: false, retryLimit: 30 } });
  nodes.push({ jobs, stop });
}

beforeAll(async () => {
  smtp = smtpStandIn(await freePort());
  sms = await smsGatewayStandIn();
  bot = telegramStandIn(await freePort(), TOKEN);
  await Promise.all([smtp.start(), bot.start()]);
  t = await startTestApp();
  agent = (await t.login({ role: 'agent' })).cookie;
  water = (await t.login({ role: 'executor', executor: 'WATER' })).cookie;
  linking = startTelegramLinking({ token: TOKEN, apiRoot: bot.apiRoot, status: t.status, log });
  // Two nodes relay and send: each notice must still go exactly once.
  await startNode();
  await startNode();
}, 60_000);

afterAll(async () => {
  await linking?.stop().catch(() => undefined);
  for (const n of nodes) {
    n.stop();
    await n.jobs.stop().catch(() => undefined);
  }
  await Promise.all([smtp.stop(), sms.close(), bot.stop()]);
});

async function register(name: string): Promise<any> {
  seq++;
  const phone = `067 700 ${String(1000 + seq)}`;
  const res = await t.fetch('/api/requests', {
    method: 'POST', cookie: agent,
    json: { citizen: { fullName: name, phone, address: `вул. Лермонтова, ${seq}, кв. 7` }, topicCode: 'HS.11', description: `Тече труба, ${name}`, source: 'call' },
  });
  expect(res.status).toBe(201);
  const r = await body(res);
  return { ...r, phone4: String(1000 + seq) };
}
const act = (id: number, cookie: string, json: Record<string, unknown>) => t.fetch(`/api/requests/${id}/transitions`, { method: 'POST', cookie, json });
const consent = (citizenId: number, json: Record<string, unknown>) => t.fetch(`/api/citizens/${citizenId}/consents`, { method: 'PUT', cookie: agent, json });
const notices = async (id: number): Promise<any[]> => (await body(await t.fetch(`/api/requests/${id}/notifications`, { cookie: agent }))).items;

describe('notices to citizens', () => {
  it('when a request lives its life with e-mail, SMS and Telegram chosen, then each step is told once on each channel, with the number and the status only', async () => {
    const r = await register('Коваленко Марія');
    expect(await notices(r.id)).toEqual([]); // nothing chosen yet: nothing written
    expect((await consent(r.citizen.id, { channel: 'email', consented: true, address: 'maria@example.test' })).status).toBe(200);
    expect((await consent(r.citizen.id, { channel: 'sms', consented: true })).status).toBe(200);
    bot.say(5551, `${r.number} ${r.phone4}`);
    await eventually(async () => bot.sent.find((m) => m.chatId === '5551' && m.text.includes('Готово')), 'the bot confirms the link');

    await act(r.id, agent, { action: 'assign', executorId: (await body(await t.fetch('/api/executors', { cookie: agent }))).find((e: any) => e.code === 'WATER').id });
    await act(r.id, water, { action: 'start' });
    await act(r.id, water, { action: 'complete', result: 'resolved', answer: 'Трубу замінено' });
    await act(r.id, agent, { action: 'confirm', satisfaction: 5 });

    const all = await eventually(async () => {
      const items = await notices(r.id);
      return items.length === 12 && items.every((n) => n.status === 'sent') && items;
    }, 'twelve notices sent', 30_000);
    const order = (channel: string) => all.filter((n) => n.channel === channel).map((n) => n.event);
    for (const channel of ['email', 'sms', 'telegram']) expect(order(channel)).toEqual(['registered', 'assigned', 'done', 'closed']);

    const mails = smtp.mails.filter((m) => m.to.includes('maria@example.test'));
    const texts = sms.messages.filter((m: any) => m.body.recipients[0] === r.citizen.phones[0]).map((m: any) => m.body.sms.text);
    // The bot's own answer to the linking is not a notice.
    const chats = bot.sent.filter((m) => m.chatId === '5551' && !m.text.startsWith('Готово')).map((m) => m.text);
    expect(mails).toHaveLength(4);
    expect(texts).toHaveLength(4);
    expect(chats).toHaveLength(4);
    expect(sms.messages[0].authorization).toBe('Bearer gw');
    expect(texts[0]).toContain(`https://contact.example/status?number=${r.number}`);
    expect(texts[2]).toMatch(/Не виправлено/);
    for (const text of [...mails.map((m) => m.text), ...texts, ...chats]) {
      expect(text).toContain(r.number);
      expect(text).not.toMatch(/Коваленко|Марія|Лермонтова|кв\. 7|Тече труба|Трубу замінено/);
      expect(text).not.toContain(r.phone4);
    }

    // Her next request is told at once on every channel she chose: the consent is hers, not the request's.
    const next = await body(await t.fetch('/api/requests', {
      method: 'POST', cookie: agent, json: { citizenId: r.citizen.id, topicCode: 'HS.11', description: 'Знову тече', source: 'call' },
    }));
    const told = await eventually(async () => {
      const items = await notices(next.id);
      return items.length === 3 && items.every((n) => n.status === 'sent' && n.event === 'registered') && items;
    }, 'the next request registered on three channels', 20_000);
    expect(told.map((n) => n.channel).sort()).toEqual(['email', 'sms', 'telegram']);
  });

  it('when the Bot API is down as the server starts, then linking starts by itself once it is back', async () => {
    const r = await register('Кравчук Леся');
    const late = telegramStandIn(await freePort(), TOKEN);
    const started = startTelegramLinking({ token: TOKEN, apiRoot: late.apiRoot, status: t.status, log, retryMs: 200 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 500)); // a failed start or two
      await late.start();
      late.say(5560, `${r.number} ${r.phone4}`);
      await eventually(async () => late.sent.find((m) => m.chatId === '5560' && m.text.startsWith('Готово')), 'the link confirmed', 15_000);
    } finally {
      await started.stop();
      await late.stop();
    }
  });

  it('when someone sends the bot a number with wrong digits, then the chat is not linked and the answer says so', async () => {
    const r = await register('Мороз Павло');
    bot.say(5559, `${r.number} 0000`);
    await eventually(async () => bot.sent.find((m) => m.chatId === '5559' && m.text.includes('не знайдено')), 'the bot refuses');
    bot.say(5559, 'привіт');
    await eventually(async () => bot.sent.find((m) => m.chatId === '5559' && m.text.includes('Надішліть номер')), 'the bot explains');
    expect(await t.db.dataSource.query(`SELECT * FROM notification_consents WHERE address = '5559'`)).toEqual([]);
  });

  it('when the SMTP server, the SMS gateway and the bot API are down, then the notices are retried, the console says not delivered yet, and each goes once when they are back', async () => {
    const r = await register('Шевчук Олег');
    await consent(r.citizen.id, { channel: 'email', consented: true, address: 'oleg@example.test' });
    await consent(r.citizen.id, { channel: 'sms', consented: true });
    bot.say(5552, `${r.number} ${r.phone4}`);
    await eventually(async () => bot.sent.find((m) => m.chatId === '5552'), 'the bot confirms the link');
    await eventually(async () => (await notices(r.id)).filter((n) => n.status === 'sent').length === 3, 'the registration told on three channels');
    const before = { mails: smtp.mails.length, sms: sms.messages.length, bot: bot.sent.filter((m) => m.chatId === '5552').length };

    await linking!.stop();
    linking = null;
    await smtp.stop();
    await bot.stop();
    sms.state.down = true;
    await act(r.id, water, { action: 'start' });
    await act(r.id, water, { action: 'complete', result: 'resolved', answer: 'Готово' });
    const failing = await eventually(async () => {
      const done = (await notices(r.id)).filter((n) => n.event === 'done');
      return done.length === 3 && done.every((n) => n.attempts >= 2 && n.status === 'queued' && n.lastError) && done;
    }, 'three notices retried', 30_000);
    expect(failing.find((n) => n.channel === 'sms').lastError).toMatch(/503/);
    expect(failing.find((n) => n.channel === 'email').lastError).toMatch(/ECONNREFUSED|connect/i);

    // The console's request page lists them as not delivered yet.
    expect(failing.every((n) => n.sentAt === null)).toBe(true);

    await smtp.start();
    await bot.start();
    sms.state.down = false;
    await eventually(async () => (await notices(r.id)).every((n) => n.status === 'sent'), 'all sent after the outage', 30_000);
    expect(smtp.mails.length - before.mails).toBe(1);
    expect(sms.messages.length - before.sms).toBe(1);
    expect(bot.sent.filter((m) => m.chatId === '5552').length - before.bot).toBe(1);
  });

  it('when the citizen withdrew their consent, then nothing more is sent on that channel, even what was already waiting', async () => {
    const r = await register('Бондар Ірина');
    await consent(r.citizen.id, { channel: 'email', consented: true, address: 'iryna@example.test' });
    await eventually(async () => (await notices(r.id)).some((n) => n.status === 'sent'), 'registration told');
    await smtp.stop(); // the next notice waits in the outbox…
    await act(r.id, water, { action: 'start' });
    await act(r.id, water, { action: 'complete', result: 'resolved', answer: 'Готово' });
    await eventually(async () => (await notices(r.id)).some((n) => n.event === 'done' && n.attempts >= 1), 'the done notice tried');
    expect((await consent(r.citizen.id, { channel: 'email', consented: false })).status).toBe(200); // …and she says no meanwhile
    await smtp.start();
    const done = await eventually(async () => (await notices(r.id)).find((n) => n.event === 'done' && n.status === 'skipped'), 'the done notice skipped', 20_000);
    expect(done.lastError).toBe('consent withdrawn');
    await act(r.id, agent, { action: 'confirm', satisfaction: 4 });
    expect((await notices(r.id)).filter((n) => n.event === 'closed')).toEqual([]);
    expect(smtp.mails.filter((m) => m.to.includes('iryna@example.test'))).toHaveLength(1);
    const consents = await body(await t.fetch(`/api/citizens/${r.citizen.id}/consents`, { cookie: agent }));
    expect(consents.items).toEqual([expect.objectContaining({ channel: 'email', consented: false, via: 'agent' })]);
  });

  it('when consent input is bad or the role may not, then a clear error and nothing is recorded', async () => {
    const r = await register('Ткач Петро');
    const bad = await consent(r.citizen.id, { channel: 'email', consented: true, address: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect((await body(bad)).error.fields).toHaveProperty('address');
    expect((await consent(r.citizen.id, { channel: 'telegram', consented: true })).status).toBe(400);
    expect((await t.fetch(`/api/citizens/${r.citizen.id}/consents`, { method: 'PUT', cookie: water, json: { channel: 'sms', consented: true } })).status).toBe(403);
    expect((await t.fetch(`/api/requests/${r.id}/notifications`, { cookie: water })).status).toBe(403);
    expect((await t.fetch('/api/citizens/99999/consents', { cookie: agent })).status).toBe(404);
    const [{ n }] = await t.db.dataSource.query('SELECT count(*)::int AS n FROM notification_consents WHERE citizen_id = $1', [r.citizen.id]);
    expect(n).toBe(0);
  });
});
