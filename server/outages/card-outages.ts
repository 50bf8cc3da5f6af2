import type { OutageMatch } from '../calls/card.service';
import type { CallerCard } from '../realtime/contract';

const ids = (card: CallerCard) => (card.outages ?? []).map((o) => `${o.id}:${o.incidentId}:${o.expectedEndAt}:${o.text}`).join('|');

/**
 * The card with the outages at its citizen's address as they are now, or null when nothing changed: an outage
 * closed (or declared) while the call rings reaches the agent's screen without reading the card again.
 */
export function restampOutages(card: CallerCard, outages: OutageMatch): CallerCard | null {
  if (card.historyUnavailable) return null;
  const next = card.citizen ? outages.match({ address: card.citizen.address, district: card.citizen.district }) : [];
  const updated = { ...card, outages: next };
  return ids(updated) === ids(card) ? null : updated;
}
