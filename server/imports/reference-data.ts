import type { Sql } from '../citizens/citizens.repository';

/** The sender's topic text as the map keys it: case and spacing do not matter. */
export const topicTextKey = (text: string): string => text.trim().toLowerCase().replace(/[’ʼ'`]/g, "'").replace(/\s+/g, ' ');

/** Reference data held in memory for one import: a few hundred rows, read once instead of per file row. */
export interface ReferenceData {
  topics: Set<string>;
  districts: Set<string>;
  addressees: Set<string>;
  unclassified: string;
  topicFor(format: string, text: string): string | null;
  /** Executors named by 1545 ("КП «Кривбасводоканал», Виконком …"): the first one we know by code or name. */
  executorFor(text: string): number | null;
}

export const UNCLASSIFIED_TOPIC = 'OT.00';

export async function loadReferenceData(sql: Sql): Promise<ReferenceData> {
  const codes = async (q: string) => new Set<string>((await sql.query(q)).map((r: { code: string }) => r.code));
  const topics = await codes('SELECT code FROM topics WHERE parent_code IS NOT NULL');
  const districts = await codes('SELECT code FROM districts');
  const addressees = await codes('SELECT code FROM addressees');
  const maps = new Map<string, string>();
  for (const m of await sql.query('SELECT format, text_key AS key, topic_code AS code FROM import_topic_maps')) maps.set(`${m.format}|${m.key}`, m.code);
  const ownNames = await topicsByName(sql);
  const executors = new Map<string, number>();
  for (const e of await sql.query('SELECT id, code, name_uk AS name FROM executors WHERE active')) {
    executors.set(topicTextKey(e.code), e.id);
    executors.set(topicTextKey(e.name), e.id);
  }
  const executorFor = (text: string): number | null => {
    const whole = executors.get(topicTextKey(text));
    if (whole !== undefined) return whole;
    for (const part of text.split(/[;\n]|,(?![^«]*»)/)) {
      const id = executors.get(topicTextKey(part));
      if (id !== undefined) return id;
    }
    return null;
  };
  const keyOf = memo(topicTextKey);
  return {
    topics, districts, addressees, unclassified: UNCLASSIFIED_TOPIC,
    // A map line wins; a sender's text that is exactly one of our topic names needs no line.
    topicFor: (format, text) => (text ? (maps.get(`${format}|${keyOf(text)}`) ?? ownNames.get(keyOf(text)) ?? null) : null),
    executorFor: memo(executorFor),
  };
}

/** Our active topics by their name as the map keys texts; a name two topics share names neither. */
async function topicsByName(sql: Sql): Promise<Map<string, string>> {
  const byName = new Map<string, string | null>();
  for (const t of await sql.query('SELECT code, name_uk AS name FROM topics WHERE parent_code IS NOT NULL AND active')) {
    const key = topicTextKey(t.name);
    byName.set(key, byName.has(key) ? null : t.code);
  }
  return new Map([...byName].filter((e): e is [string, string] => e[1] !== null));
}

/**
 * `fn` computed once per distinct text: a file repeats a few hundred topic and executor texts over its rows.
 * Bounded, so a file of unique texts costs what it did without it.
 */
function memo<T>(fn: (text: string) => T, limit = 10_000): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    if (seen.has(text)) return seen.get(text)!;
    const value = fn(text);
    if (seen.size < limit) seen.set(text, value);
    return value;
  };
}
