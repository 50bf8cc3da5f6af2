import { Api } from 'grammy';
import type { NoticeChannel } from './channels';

/** Messages through the Telegram Bot API to the chat a citizen linked (the address is the chat id). */
export function telegramChannel(o: { token: string; apiRoot?: string }): NoticeChannel {
  const api = new Api(o.token, { apiRoot: o.apiRoot ?? 'https://api.telegram.org', timeoutSeconds: 15 });
  return {
    async send(chatId, message) {
      await api.sendMessage(chatId, message.text, { link_preview_options: { is_disabled: true } });
    },
  };
}
