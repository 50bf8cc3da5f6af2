import type { AmiStatus, Telephony } from '../../telephony';
import type { Realtime } from '../realtime/gateway';
import type { TelephonyStatusView } from '../realtime/contract';

const view = (s: AmiStatus): TelephonyStatusView => ({ state: s.state, since: s.since });

/**
 * Every console learns at once when the phone system goes away or comes back (not only `/api/health`): on
 * connect, and on every change. It carries no personal data, so it goes to everyone.
 */
export function shareTelephonyStatus(realtime: Realtime, telephony: Telephony | undefined): () => void {
  if (!telephony) return () => undefined;
  realtime.onConnect((socket) => socket.emit('telephony:status', view(telephony.status())));
  return telephony.onStatus((status) => realtime.io.emit('telephony:status', view(status)));
}
