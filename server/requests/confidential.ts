import { cutFlats } from '../addresses/flats-in-text';
import { normaliseAddress, sameHome, withoutFlat, type NormalisedAddress } from '../addresses/normalise';
import { redactName } from '../privacy/name-forms';
import type { RequestRow } from './requests.repository';

type Facts = Pick<RequestRow, 'confidential' | 'citizenName' | 'citizenAddress' | 'address' | 'addressIsHome'>;

/** What an executor may read of a confidential applicant's request: the place and any text people typed. */
export interface ExecutorRedaction {
  address: string | null;
  text(text: string): string;
}

/**
 * Null when the applicant is not confidential. Otherwise the request's address loses its flat when it is the
 * applicant's home (marked at registration, or the card's address however differently typed), and every
 * text loses the applicant's name in its case forms and the home's flat in any spelling; when the place is
 * the home (or unknown), every flat written in the text goes too. Another place keeps its flat: the crew
 * needs it, and it is not the applicant's.
 */
export function executorRedaction(row: Facts): ExecutorRedaction | null {
  if (!row.confidential) return null;
  const home = row.address != null && (row.addressIsHome || sameHome(row.address, row.citizenAddress));
  const address = home && row.address ? withoutFlat(row.address) : row.address;
  const homes = [normaliseAddress(row.citizenAddress), home ? normaliseAddress(row.address) : null].filter((h): h is NormalisedAddress => h !== null);
  const streets = [normaliseAddress(row.address)?.street, ...homes.map((h) => h.street)].filter((s): s is string => !!s);
  const typedHomes = [home ? row.address : null, row.citizenAddress].filter((a): a is string => !!a);
  return {
    address,
    text(text: string) {
      // The home exactly as typed on the card or the request reads as its building.
      let out = typedHomes.reduce((t, a) => t.split(a).join(withoutFlat(a)), text);
      out = cutFlats(out, homes, home || row.address == null);
      return redactName(out, row.citizenName, streets);
    },
  };
}
