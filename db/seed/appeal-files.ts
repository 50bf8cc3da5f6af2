import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import { COMPLAINTS, FEMALE_NAMES, MALE_NAMES, STREETS, SURNAMES } from './vocabulary';

/** 1545's topic texts as they appear in its exports, with the topic we map each to (the demo topic map). */
export const UKC_TOPICS: [string, string][] = [
  ['Відсутність холодного водопостачання', 'HS.01'],
  ['Незадовільний стан покрівлі', 'HS.06'],
  ['Ремонт доріг', 'LS.01'],
  ['Зовнішнє освітлення', 'LS.02'],
  ['Надання медичної допомоги', 'HC.01'],
  ['Призначення субсидій', 'SP.01'],
  ['Робота громадського транспорту', 'TC.01'],
  ['Інші питання житлово-комунального господарства', 'HS.06'],
];

export const UKC_HEADER = [
  'Джерело', '№ звернення', 'Статус', 'Підстатус', 'Створено', 'Виконавці', 'Питання', 'Зміст', 'За особливою умовою',
  'За суб’єктом', 'Заявник', 'Адреса', 'Телефон', 'Категорія', 'Вирішити до', 'Дата відповіді', 'Результат зворотного зв’язку',
];

export interface UkcFileOptions {
  rows: number;
  year?: number;
  firstNumber?: number;
  encoding?: 'win1251' | 'utf8' | 'utf8bom';
  /** Row numbers (the header is row 1) whose date is broken, to test rejection. */
  badDateRows?: number[];
  /** Every row's 1545 status (a later export of the same appeals). */
  status?: string;
  /** A topic text no map knows, on every tenth row. */
  unmappedEvery?: number;
}

const pick = <T>(list: T[], i: number): T => list[i % list.length];
const pad = (n: number) => String(n).padStart(2, '0');
const quote = (s: string) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One generated 1545 row; deterministic in `i`, so two files with the same options are the same file. */
export function ukcRow(i: number, o: UkcFileOptions): string[] {
  const year = o.year ?? 2021;
  const day = 1 + (i * 7) % 365;
  const at = new Date(Date.UTC(year, 0, day, 6 + (i % 12), (i * 13) % 60, (i * 7) % 60));
  const dmy = (d: Date) => `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
  const created = `${dmy(at)} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
  const female = i % 2 === 0;
  const [first] = female ? pick(FEMALE_NAMES, i) : pick(MALE_NAMES, i);
  const district = pick(Object.keys(STREETS), i);
  const address = `${pick(STREETS[district], i)}, ${1 + (i % 90)}`;
  const [topicText] = o.unmappedEvery && i % o.unmappedEvery === 0 ? ['Питання, якого немає в мапі'] : pick(UKC_TOPICS, i);
  const phone = i % 3 === 0 ? `0${67 + (i % 3)}${String(1_000_000 + i).slice(-7)}, 380${50 + (i % 5)}${String(2_000_000 + i).slice(-7)}` : `${i % 2 ? '' : '38'}0${67 + (i % 3)}${String(1_000_000 + i).slice(-7)}`;
  const bad = o.badDateRows?.includes(i + 2);
  return [
    'Телефон', `${o.firstNumber ?? 1}${String(i).padStart(7, '0')}`, o.status ?? 'На виконанні', i % 4 === 0 ? 'Продовжено' : '',
    bad ? '31.02.2021 10:00' : created, i % 5 === 0 ? 'КП «Кривбасводоканал»' : '', topicText,
    pick(COMPLAINTS.HS, i).replace('{address}', address), i % 25 === 0 ? 'Повторне' : '', i % 40 === 0 ? 'Колективне' : 'Індивідуальне',
    `${pick(SURNAMES, i)} ${first}`, address, phone, i % 30 === 0 ? 'Учасник бойових дій' : '', '', '', '',
  ];
}

/** Writes a 1545-style export (`;`, quotes, header row) in the requested encoding, streaming. */
export async function writeUkcFile(path: string, o: UkcFileOptions): Promise<void> {
  const out = createWriteStream(path);
  const encoding = o.encoding ?? 'win1251';
  const encode = (s: string) => iconv.encode(s, encoding === 'win1251' ? 'win1251' : 'utf8');
  if (encoding === 'utf8bom') out.write(Buffer.from([0xef, 0xbb, 0xbf]));
  out.write(encode(`${UKC_HEADER.join(';')}\r\n`));
  let chunk = '';
  for (let i = 0; i < o.rows; i++) {
    chunk += `${ukcRow(i, o).map(quote).join(';')}\r\n`;
    if (chunk.length > 256 * 1024 || i === o.rows - 1) {
      if (!out.write(encode(chunk))) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end();
  await once(out, 'finish');
}

/** The demo topic map file (`text;topic_code`) for the generated exports. */
export function ukcTopicMapCsv(): string {
  return `text;topic_code\n${UKC_TOPICS.map(([t, c]) => `${t};${c}`).join('\n')}\n`;
}
