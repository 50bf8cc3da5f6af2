import { withoutFlat } from '../addresses/normalise';
import { kyivIso } from '../common/kyiv-iso';
import { redactPhones } from '../privacy/phones-in-text';
import { executorRedaction } from '../requests/confidential';
import { WORKING, type Status } from '../requests/transitions';

/** What the Open311 queries read of a request: the applicant's fields only to cut them out of the texts. */
export interface PublicRequestRow {
  number: string;
  status: Status;
  topicCode: string;
  topicName: string;
  description: string;
  publicText: boolean;
  answer: string | null;
  executorName: string | null;
  receivedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  completedAt: Date | null;
  dueAt: Date | null;
  address: string | null;
  addressIsHome: boolean;
  lat: number | null;
  long: number | null;
  citizenName: string | null;
  citizenAddress: string | null;
  citizenPhones: string[] | null;
}

/** GeoReport v2's two statuses: open while someone still owes work, closed once done (or ended otherwise). */
export const isOpen = (status: Status) => WORKING.includes(status);
export const statusesOf = (wanted: 'open' | 'closed'): Status[] =>
  (['registered', 'assigned', 'in_progress', 'done', 'returned', 'closed', 'forwarded', 'cancelled'] as Status[]).filter((s) => isOpen(s) === (wanted === 'open'));

/** Our status in a few words for `status_notes` when the answer says nothing yet. */
const STATUS_NOTES: Record<Status, string> = {
  registered: 'Зареєстровано', assigned: 'Передано виконавцю', in_progress: 'Виконується', returned: 'Повернуто на доопрацювання',
  done: 'Виконано, очікує підтвердження заявника', closed: 'Закрито', forwarded: 'Передано за належністю', cancelled: 'Скасовано',
};

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// Any Ukrainian number however written (not only the applicant's: a neighbour's is no more public).
const UA_PHONE = /(?<!\d)(?:\+?\s*3\s*8[\s\-()]*)?\(?0\d{2}\)?[\s-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)/g;

/**
 * A text as the public may read it: cut as executors read a confidential applicant's (the name in its case
 * forms, the home's flat), and every phone number and e-mail address besides, whoever the applicant is.
 */
export function publicText(text: string, row: PublicRequestRow): string {
  const hide = executorRedaction({ confidential: true, citizenName: row.citizenName, citizenAddress: row.citizenAddress, address: row.address, addressIsHome: row.addressIsHome })!;
  return redactPhones(hide.text(text), row.citizenPhones ?? [])
    .replace(UA_PHONE, '…')
    .replace(EMAIL, '…');
}

/** The standard's `request`: nothing personal; fields we do not know are left out (the schema allows no null). */
export function toOpen311Request(row: PublicRequestRow): Record<string, unknown> {
  const open = isOpen(row.status);
  const closedAt = open ? null : (row.closedAt ?? row.completedAt ?? row.updatedAt);
  const answered = !open && row.answer ? publicText(row.answer, row) : null;
  const out: Record<string, unknown> = {
    service_request_id: row.number,
    status: open ? 'open' : 'closed',
    status_notes: answered ?? STATUS_NOTES[row.status],
    service_name: row.topicName,
    service_code: row.topicCode,
    description: row.publicText ? publicText(row.description, row) : undefined,
    agency_responsible: row.executorName ?? undefined,
    requested_datetime: kyivIso(new Date(row.receivedAt)),
    updated_datetime: kyivIso(new Date(closedAt ?? row.updatedAt)),
    expected_datetime: row.dueAt ? kyivIso(new Date(row.dueAt)) : undefined,
    address: row.address ? withoutFlat(row.address) : undefined,
    lat: row.lat ?? undefined,
    long: row.long ?? undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}
