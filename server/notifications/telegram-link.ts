import { Bot } from 'grammy';
import type { Logger } from 'pino';
import { AppError } from '../http/errors';
import { normaliseRequestNumber } from '../requests/request-number';
import type { StatusService } from '../status/status.service';

const LINK = /^\s*(\d{4}-\d{1,7})\s+(\d{4})\s*$/;
const STOP = /^\s*\/?(stop|стоп)\s*$/i;

export const BOT_WORDS = {
  hello: 'Надішліть номер звернення та останні 4 цифри телефону через пробіл, напр.: 2026-000042 4567. Щоб відписатися: стоп.',
  linked: (n: string) => `Готово: повідомлятимемо тут про звернення ${n}. Щоб відписатися: стоп.`,
  notFound: 'Звернення з таким номером і цифрами не знайдено.',
  tooMany: 'Забагато спроб. Спробуйте пізніше.',
  stopped: 'Сповіщення в Telegram вимкнено.',
};

/**
 * The bot's side of linking: a citizen sends "<number> <last four digits>" and that chat receives their
 * notices (the same proof and the same limits as the status page, counted per chat); "стоп" unlinks it.
 * It long-polls the Bot API, which takes one poller: in a cluster the AMI leader runs it (main.ts, whileLeading).
 */
export function startTelegramLinking(o: { token: string; apiRoot?: string; status: StatusService; log: Logger; retryMs?: number }): { stop(): Promise<void> } {
  const bot = new Bot(o.token, o.apiRoot ? { client: { apiRoot: o.apiRoot } } : undefined);
  bot.on('message:text', async (ctx) => {
    const chatId = String(ctx.chat.id);
    const text = ctx.message.text;
    if (STOP.test(text)) {
      await o.status.unlinkTelegram(chatId);
      await ctx.reply(BOT_WORDS.stopped);
      return;
    }
    const m = LINK.exec(text);
    const number = m && normaliseRequestNumber(m[1]);
    if (!m || !number) {
      await ctx.reply(BOT_WORDS.hello);
      return;
    }
    try {
      await ctx.reply(BOT_WORDS.linked(await o.status.linkTelegram({ number, phone4: m[2] }, chatId)));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await ctx.reply(error.status === 429 ? BOT_WORDS.tooMany : BOT_WORDS.notFound);
    }
  });
  bot.catch((e) => o.log.warn({ err: e.error }, 'telegram update not handled'));
  // A Bot API that cannot be reached only delays linking: grammY retries a failed poll by itself, and a start that
  // failed (getMe unanswered) is tried again every `retryMs`.
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const start = () => {
    if (stopped) return;
    bot.start({ drop_pending_updates: false, onStart: () => o.log.info('telegram bot polling') }).catch((e: Error) => {
      o.log.warn({ err: e }, 'telegram polling stopped; trying again');
      if (!stopped) timer = setTimeout(start, o.retryMs ?? 30_000);
    });
  };
  start();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (bot.isRunning()) await bot.stop();
    },
  };
}
