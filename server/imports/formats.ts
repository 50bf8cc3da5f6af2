import type { Source } from '../../db/entities';

export const IMPORT_FORMATS = ['ukc1545', 'regional_hotline', 'city'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** Formats whose topic text goes through an admin-edited map (the city format states our codes). */
export const MAPPED_FORMATS = ['ukc1545', 'regional_hotline'] as const;

/** What a column means to us; a format names its header(s) for each. */
export type Field =
  | 'number' | 'receivedAt' | 'topicText' | 'description' | 'name' | 'phones' | 'address' | 'executors' | 'dueAt'
  | 'subjectText' | 'condition' | 'applicantCategory' | 'extStatus' | 'extSubstatus' | 'answeredAt' | 'feedback'
  | 'category' | 'source' | 'addressee' | 'kind' | 'subject' | 'signatories' | 'topicCode' | 'flags' | 'district'
  | 'status' | 'result' | 'closedAt' | 'satisfaction';

export interface FormatSpec {
  /** The source every row gets; null = each row says (the city format). */
  source: Source | null;
  headers: Partial<Record<Field, string>>;
  mandatory: Field[];
  /** Fields kept as the sender's own, with their history on re-import. */
  own: Field[];
}

export const FORMATS: Record<ImportFormat, FormatSpec> = {
  ukc1545: {
    source: 'ukc1545',
    headers: {
      number: '№ звернення', receivedAt: 'Створено', topicText: 'Питання', description: 'Зміст', name: 'Заявник', phones: 'Телефон',
      address: 'Адреса', executors: 'Виконавці', dueAt: 'Вирішити до', subjectText: 'За суб’єктом', condition: 'За особливою умовою',
      applicantCategory: 'Категорія', extStatus: 'Статус', extSubstatus: 'Підстатус', answeredAt: 'Дата відповіді',
      feedback: 'Результат зворотного зв’язку',
    },
    mandatory: ['number', 'receivedAt'],
    own: ['extStatus', 'extSubstatus', 'answeredAt', 'feedback', 'dueAt', 'executors', 'topicText'],
  },
  regional_hotline: {
    source: 'regional_hotline',
    headers: {
      number: 'Номер звернення', receivedAt: 'Дата надходження', name: 'Заявник', phones: 'Телефон', address: 'Адреса',
      topicText: 'Тематика', description: 'Зміст', condition: 'Характеристика', executors: 'Виконавець', dueAt: 'Термін виконання',
    },
    mandatory: ['number', 'receivedAt'],
    own: ['dueAt', 'executors', 'topicText', 'condition'],
  },
  city: {
    source: null,
    headers: {
      number: 'number', receivedAt: 'received_at', category: 'category', source: 'source', addressee: 'addressee', kind: 'kind',
      subject: 'subject', signatories: 'signatories', topicCode: 'topic_code', flags: 'flags', name: 'citizen_name', phones: 'phones',
      address: 'address', district: 'district_code', description: 'description', executors: 'executor_code', status: 'status',
      result: 'result', closedAt: 'closed_at', satisfaction: 'satisfaction',
    },
    mandatory: ['number', 'receivedAt', 'source', 'topicCode', 'description'],
    own: ['status', 'result', 'closedAt', 'satisfaction'],
  },
};

/** Header text as compared: case, spaces and the three apostrophes of Ukrainian typing do not matter. */
export function headerKey(text: string): string {
  return text.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[’ʼ'`]/g, "'").replace(/\s+/g, ' ');
}

/** Column index of each field found in the header row; the mandatory ones that are missing, by name. */
export function matchHeaders(spec: FormatSpec, header: string[]): { index: Partial<Record<Field, number>>; missing: string[] } {
  const keys = header.map(headerKey);
  const index: Partial<Record<Field, number>> = {};
  for (const [field, name] of Object.entries(spec.headers) as [Field, string][]) {
    const i = keys.indexOf(headerKey(name));
    if (i >= 0) index[field] = i;
  }
  const missing = spec.mandatory.filter((f) => index[f] === undefined).map((f) => spec.headers[f]!);
  return { index, missing };
}
