import type { Translation } from './translator';
import { field, flagField } from './message';

/** MixMonitorStart / MixMonitorMute / MixMonitorStop (Asterisk 16.17+): the call is the channel's Linkedid. */
export const recordingHandlers: Record<string, Translation> = {
  mixmonitorstart: (m, c) => [
    { name: 'recording:started', callId: field(m, 'linkedid'), channelId: field(m, 'uniqueid'), channel: field(m, 'channel'), at: c.at },
  ],
  mixmonitormute: (m, c) => [
    { name: 'recording:muted', callId: field(m, 'linkedid'), channelId: field(m, 'uniqueid'), muted: flagField(m, 'state'), at: c.at },
  ],
  mixmonitorstop: (m, c) => [{ name: 'recording:stopped', callId: field(m, 'linkedid'), channelId: field(m, 'uniqueid'), at: c.at }],
};
