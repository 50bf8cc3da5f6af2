import type { AmiStatus, Telephony } from '../../telephony';
import type { Realtime } from '../realtime/gateway';
import type { TelephonyStatusView } from '../realtime/contract';

export const statusView = (s: AmiStatus): TelephonyStatusView => ({ state: s.state, since: s.since });

/**
 * Every console learns at once when the phone system goes away or comes back (not only `/api/health`): on
 * connect (the calls module's greeting), and on every change. It carries no personal data, so it goes to everyone.
 */
export function shareTelephonyStatus(realtime: Realtime, telephony: Telephony | undefined): () => void {
  if (!telephony) return () => undefined;
  return telephony.onStatus((status) => realtime.io.emit('telephony:status', statusView(status)));
}
