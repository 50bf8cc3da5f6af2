import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executorRedaction } from './confidential';

const applicant = {
  confidential: true, citizenName: 'Коваль Петро Іванович', citizenAddress: 'вул. Січеславська, 15, кв. 64',
  address: 'Січеславська 15 кв 64', addressIsHome: false,
};
const hide = executorRedaction(applicant)!;

describe('requests: what an executor reads of a confidential applicant\'s texts', () => {
  const cases: [string, string][] = [
    ['Немає води, вул. Січеславська, 15, кв. 64.', 'Немає води, вул. Січеславська, 15.'],
    ['Немає води, Січеславська 15/64', 'Немає води, Січеславська 15'],
    ['Немає води, Січеславська 15-64', 'Немає води, Січеславська 15'],
    ['Немає води, Січеславська 15 64, 3 поверх', 'Немає води, Січеславська 15, 3 поверх'],
    ['Січеславська буд. 15 к. 64 — тече стояк', 'Січеславська буд. 15 — тече стояк'],
    ['Тече у квартирі 64 вже 2 дні', 'Тече у квартирі … вже 2 дні'],
    ['Тече у 64-й квартирі', 'Тече у … квартирі'],
    ['Тече з кв.64 на сходи', 'Тече з кв.… на сходи'],
    ['Заявник з квартири № 64', 'Заявник з квартири № …'],
    ['Коваль просить передзвонити', '… просить передзвонити'],
    ['Коваля П. І. турбує шум', '… турбує шум'],
    ['Передайте Ковалю, що', 'Передайте …, що'],
    ['Зателефонуйте Петру Івановичу', 'Зателефонуйте …'],
    ['Розмовляли з Ковалем Петром', 'Розмовляли з …'],
    ['КОВАЛЬ ПЕТРО ІВАНОВИЧ скаржиться', '… скаржиться'],
    ['Коваль Петро Іванович скаржиться', '… скаржиться'],
    ['Сусід-коваль стукає вночі', 'Сусід-коваль стукає вночі'], // an ordinary word, not the name
    ['Не працює ліфт з 8 до 15 години', 'Не працює ліфт з 8 до 15 години'],
    ['Сусід 15 64', 'Сусід 15 64'], // "д" ends a word here, it is no "буд."
    ['Будинок № 15, 64', 'Будинок № 15'],
    ['Тиск 3 атмосфери, будинок 15 по Січеславській', 'Тиск 3 атмосфери, будинок 15 по Січеславській'],
    ['Немає води у 3 квартирах і в 2 квартири на 5 поверсі', 'Немає води у 3 квартирах і в 2 квартири на 5 поверсі'],
    ['Площа 50 кв. м, потужність 2 кВт', 'Площа 50 кв. м, потужність 2 кВт'],
    ['Просить Петренка з 87-ої квартири', 'Просить Петренка з … квартири'], // the name of someone else stays
  ];
  it.each(cases)('when the text is "%s", then the executor reads "%s"', (text, seen) => {
    expect(hide.text(text)).toBe(seen);
  });

  it('when the request\'s address is the card\'s home typed another way, then the executor sees the building', () => {
    expect(hide.address).toBe('Січеславська 15');
    expect(executorRedaction({ ...applicant, address: 'вул. Героїв АТО, 20, кв. 4' })!.address).toBe('вул. Героїв АТО, 20, кв. 4');
    expect(executorRedaction({ ...applicant, confidential: false })).toBeNull();
  });

  it('when the request is another place, then a flat there stays but the home\'s flat and the name go', () => {
    const elsewhere = executorRedaction({ ...applicant, address: 'вул. Героїв АТО, 20, кв. 4' })!;
    expect(elsewhere.text('Тече з кв. 4 на сходи; Коваль живе на Січеславській 15/64')).toBe('Тече з кв. 4 на сходи; … живе на Січеславській 15');
  });

  const names: [string, string, string[]][] = [
    ['Петренко Надія Олегівна', 'Петренка, петренку, Надії Олегівні, Надією, Олегівною', []],
    ['Кравець Ольга', 'Кравцю, Кравця, Ользі, Ольгою, Кравець', []],
    ['Шевченко Федір', 'Федора, Федорові, Федору, Шевченка просить', []],
    ['Вишневська Марія', 'Вишневської, Вишневській, Вишневську, Марії, Марію, Марією', []],
    ['Білий Андрій', 'Білого, Білому, Білим, Андрія, Андрієві, Андрієм', []],
    ['Петренко Надія Олегівна', 'надія є, віра є', ['надія']], // "hope", lower case: not the name
  ];
  it.each(names)('when the applicant is %s, then "%s" loses every form of the name', (fullName, text, kept) => {
    const seen = executorRedaction({ ...applicant, citizenName: fullName })!.text(text);
    for (const w of kept) expect(seen).toContain(w);
    const left = seen.split(/[^\p{L}]+/u).filter(Boolean);
    expect(left.filter((w) => !kept.includes(w.toLowerCase()) && !['є', 'віра', 'просить'].includes(w))).toEqual([]);
  });

  it('when the surname is a short word too, then only its capitalised forms go', () => {
    const zhuk = executorRedaction({ ...applicant, citizenName: 'Жук Іван' })!;
    expect(zhuk.text('У підвалі жук; Жука просили передзвонити, Івану теж')).toBe('У підвалі жук; … просили передзвонити, … теж');
  });

  it('when the applicant lives on a street of their own name, then the street stays and the person goes', () => {
    const shevchenko = executorRedaction({ ...applicant, citizenName: 'Шевченко Ганна', citizenAddress: 'вул. Шевченка 3 кв 7', address: 'вул. Шевченка 3 кв 7' })!;
    expect(shevchenko.address).toBe('вул. Шевченка 3');
    expect(shevchenko.text('Шевченко просить, вул. Шевченка 3 кв 7')).toBe('… просить, вул. Шевченка 3');
  });
});

describe('requests: any flat spelling in a description', () => {
  const flat = fc.integer({ min: 100, max: 999 });
  const form = fc.constantFrom('кв. #', 'кв.#', 'кв#', 'КВ #', 'квартира #', 'квартира № #', 'кв-ра #', 'квартирі #', 'квартиру #', '# квартира', '#-а квартира');
  const lead = fc.constantFrom('Тече у ', 'Немає світла, ', 'Заявник з ', '');
  const tail = fc.constantFrom(' з учора.', '', ', просить прийти.');
  it('when a description names a flat in any spelling and the place is the home, then the number is gone', () => {
    fc.assert(fc.property(flat, form, lead, tail, (n, f, l, t) => {
      const text = `${l}${f.replace('#', String(n))}${t}`;
      expect(hide.text(text)).not.toContain(String(n));
    }), { numRuns: 300 });
  });
});

describe('requests: any text at all', () => {
  it('when a description or an address is anything a person or a file could hold, then the redaction answers a string', () => {
    const any = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }),
      fc.stringMatching(/^[вулкв.,/№ 0-9а-яіїєґА-ЯІЇЄҐ'’-]{0,120}$/));
    fc.assert(fc.property(any, any, any, (address, home, text) => {
      const hide = executorRedaction({ confidential: true, citizenName: home.slice(0, 40), citizenAddress: home, address, addressIsHome: false })!;
      expect(typeof hide.text(text)).toBe('string');
      expect(typeof hide.address).toBe('string');
    }), { numRuns: 400 });
  });
});
