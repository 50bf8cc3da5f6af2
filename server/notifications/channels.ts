import type { Channel } from './outbox';

/** One way of reaching a citizen. `send` throws when the message did not go (the job is retried). */
export interface NoticeChannel {
  send(address: string, message: { subject: string; text: string }): Promise<void>;
}

/** The channels this server is configured for; a channel left out is "not configured" and its notices wait. */
export type NoticeChannels = Partial<Record<Channel, NoticeChannel>>;
