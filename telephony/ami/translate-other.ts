import type { Translation } from './translator';
import type { OriginateOutcome } from '../events';
import { callerIdField, field, flagField, intField } from './message';

export const conferenceHandlers: Record<string, Translation> = {
  confbridgestart: (m, c) => [{ name: 'conference:started', room: field(m, 'conference'), at: c.at }],
  confbridgeend: (m, c) => [{ name: 'conference:ended', room: field(m, 'conference'), at: c.at }],
  confbridgejoin: (m, c) => [
    {
      name: 'conference:joined',
      room: field(m, 'conference'),
      channel: field(m, 'channel'),
      channelId: field(m, 'uniqueid'),
      callerNumber: callerIdField(m, 'calleridnum'),
      admin: flagField(m, 'admin'),
      muted: flagField(m, 'muted'),
      at: c.at,
    },
  ],
  confbridgeleave: (m, c) => [
    { name: 'conference:left', room: field(m, 'conference'), channel: field(m, 'channel'), channelId: field(m, 'uniqueid'), at: c.at },
  ],
  confbridgetalking: (m, c) => [
    { name: 'conference:talking', room: field(m, 'conference'), channelId: field(m, 'uniqueid'), talking: flagField(m, 'talkingstatus'), at: c.at },
  ],
  confbridgemute: (m, c) => [{ name: 'conference:muted', room: field(m, 'conference'), channelId: field(m, 'uniqueid'), muted: true, at: c.at }],
  confbridgeunmute: (m, c) => [{ name: 'conference:muted', room: field(m, 'conference'), channelId: field(m, 'uniqueid'), muted: false, at: c.at }],
};

/** `Reason` of OriginateResponse is an `ast_control_frame_type` (pbx_dial_reason). */
const originateOutcomes: Record<number, OriginateOutcome> = { 0: 'failed', 1: 'hung_up', 3: 'no_answer', 4: 'answered', 5: 'busy', 8: 'congestion' };

export function originateOutcome(reasonCode: number): OriginateOutcome {
  return originateOutcomes[reasonCode] ?? 'failed';
}

export const originateHandlers: Record<string, Translation> = {
  originateresponse: (m, c) => {
    const reasonCode = intField(m, 'reason');
    return [
      {
        name: 'originate:result',
        actionId: field(m, 'actionid'),
        channelId: field(m, 'uniqueid'),
        channel: field(m, 'channel'),
        success: field(m, 'response').toLowerCase() === 'success',
        outcome: originateOutcome(reasonCode),
        reasonCode,
        at: c.at,
      },
    ];
  },
};

export const systemHandlers: Record<string, Translation> = {
  shutdown: (_m, c) => [{ name: 'pbx:restarted', at: c.at }],
  // Sent at every login; only a small Uptime means the calls we knew died with the previous process.
  fullybooted: (m, c) => [
    { name: 'pbx:booted', startedAt: new Date(Date.parse(c.at) - intField(m, 'uptime') * 1000).toISOString(), at: c.at },
    ...(intField(m, 'uptime') < c.freshBootSeconds ? [{ name: 'pbx:restarted', at: c.at } as const] : []),
  ],
};
