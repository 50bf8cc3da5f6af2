import { deviceKey } from '../../telephony';
import { dialledNumber, type NumberFormat } from '../phones';

/** How this PBX is dialled for a consultation: `CONSULT_CITIZEN_CHANNEL`, `CONSULT_OFFICIAL_CHANNEL`, the number format. */
export interface ConsultDialSettings {
  /** `{number}` (as `numberFormat` writes it) or `{e164}`; default `PJSIP/{e164}@trunk`. */
  citizenChannel: string;
  /** `{interface}` (PJSIP/1001), `{exten}` (1001), `{number}` / `{e164}` (the official's mobile); default `{interface}`. */
  officialChannel: string;
  numberFormat: NumberFormat;
}

export const defaultConsultDial: ConsultDialSettings = { citizenChannel: 'PJSIP/{e164}@trunk', officialChannel: '{interface}', numberFormat: 'national' };

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

/** What the PBX dials for a citizen (or a guest, or an official reached only by their mobile). */
export function citizenDialString(s: ConsultDialSettings, e164: string): string {
  return fill(s.citizenChannel, { e164, number: dialledNumber(e164, s.numberFormat) });
}

/**
 * What the PBX dials for the official: the setting when the official has what it names (a phone interface for
 * `{interface}`/`{exten}`, a mobile for `{number}`); otherwise their mobile as a citizen is dialled; null when
 * they have neither.
 */
export function officialDialString(s: ConsultDialSettings, official: { interface: string | null; phone: string | null }): string | null {
  const needsInterface = /\{(interface|exten)\}/.test(s.officialChannel);
  const needsNumber = /\{(number|e164)\}/.test(s.officialChannel);
  if (!needsInterface && !needsNumber) return s.officialChannel;
  if (needsInterface && official.interface && (!needsNumber || official.phone)) {
    return fill(s.officialChannel, {
      interface: official.interface, exten: deviceKey(official.interface),
      ...(official.phone ? { e164: official.phone, number: dialledNumber(official.phone, s.numberFormat) } : {}),
    });
  }
  if (!needsInterface && needsNumber && official.phone) return fill(s.officialChannel, { e164: official.phone, number: dialledNumber(official.phone, s.numberFormat) });
  if (official.phone) return citizenDialString(s, official.phone);
  return official.interface;
}
