import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseAddress, sameBuilding, sameHome, withoutFlat } from './normalise';

const CARD = 'вул. Гетьманська, 41, кв. 87';

describe('addresses: one normaliser for the spellings people type', () => {
  // Each is the card's home: the same street, house 41, flat 87 (or no flat written).
  const sameAsCard = [
    'вул. Гетьманська, 41, кв. 87',
    'вулиця Гетьманська, будинок 41, квартира 87',
    'Гетьманська вул 41 кв87',
    'Гетьманська вул., 41, кв.87',
    'ВУЛ. ГЕТЬМАНСЬКА 41 КВ 87',
    'вул.Гетьманська,41,кв.87',
    'вул  Гетьманська   41   кв.   87',
    'Гетьманська, 41/87',
    'Гетьманська 41-87',
    'Гетьманська буд 41 87',
    'Гетьманська, буд. 41, 87',
    'вул. Гетьманська, буд. №41, кв. №87',
    'Гетьманська 41, кв-ра 87',
    'Гетьманська 41 к. 87',
    'Гетьманська, 41, квартира № 87',
    'Гетьманська 41 кв 87, під’їзд 2, 5 поверх',
    '49000, м. Кривий Ріг, вул. Гетьманська, 41, кв. 87',
    'Дніпропетровська обл., м. Кривий Ріг, Гетьманська 41 кв 87',
    'м. Кривий Ріг вул. Гетьманська 41 кв. 87',
    'вул. Гетьманська, 41', // the building: no flat to disagree
    'Гетьманськa 41 kв 87', // Latin "a" and "k"
    'ул. Гетьманська 41 кв. 87',
  ];
  it.each(sameAsCard)('when the request says "%s", then it is the card\'s home', (spelling) => {
    expect(sameHome(spelling, CARD)).toBe(true);
  });

  const notTheCard = [
    'вул. Гетьманська, 41, кв. 88', // the neighbour
    'вул. Гетьманська, 14, кв. 87',
    'вул. Гетьманська, 41а, кв. 87',
    'просп. Гетьманська, 41, кв. 87', // another kind of street of the same name
    'вул. Героїв АТО, 41, кв. 87',
    'Гетьманська, 41 корп. 2, кв. 87',
  ];
  it.each(notTheCard)('when the request says "%s", then it is another place', (spelling) => {
    expect(sameHome(spelling, CARD)).toBe(false);
  });

  const kinds: [string, string][] = [
    ['просп. Металургів 12', 'проспект Металургів, 12'], ['пр-т Металургів 12', 'просп Металургів 12'],
    ['пров. Гірничий 3', 'провулок Гірничий, буд. 3'], ['б-р Вечірній 9', 'бульвар Вечірній 9'], ['бул. Вечірній 9', 'бульв. Вечірній 9'],
    ['пл. Визволення 1', 'площа Визволення, 1'], ['Дніпровське шосе 10', 'ш. Дніпровське 10'], ['майдан Праці 2', 'Праці майдан 2'],
    ['узвіз Андріївський 4', 'Андріївський узв. 4'], ['наб. Перемоги 8', 'набережна Перемоги 8'],
    ["вул. Мар'янівська 5", 'вул. Мар’янівська 5'], ['вул. Марʼянівська 5', 'вул. Мар`янівська 5'], ['вул. Марянівська 5', "вул. Мар'янівська 5"],
    ['вул. Героїв АТО 20', 'вул. Героів АТО 20'], ['вул. Єднання 3', 'вул. Еднання 3'], ['вул. Ґонти 3', 'вул. Гонти 3'],
    ['вул. Т. Шевченка 12', 'вул. Шевченка 12'], ['вул. імені Тараса Шевченка 12', 'вул. Шевченка 12'],
    ['вул. Лермонтова 7а', 'вул. Лермонтова 7-А'], ['вул. Лермонтова 7 а', 'вул. Лермонтова 7"а"'],
    ['вул. 8 Березня 12', 'вулиця 8 Березня, буд. 12'], ['вул. Шевченка 12 корп. 2', 'вул. Шевченка 12 корпус 2'],
  ];
  it.each(kinds)('when one address is "%s" and another "%s", then they are one building', (a, b) => {
    expect(sameBuilding(a, b)).toBe(true);
  });

  it('when a corner house is written with a slash and a flat, then the slash is the house; without a flat, the flat', () => {
    expect(normaliseAddress('вул. Шевченка 12/2, кв. 5')).toEqual({ kind: 'вул', street: 'шевченка', house: '12/2', flat: '5' });
    expect(normaliseAddress('вул. Шевченка 12/2, кв. 5')?.house).toBe(normaliseAddress('вул. Шевченка, 12/2 кв 5')?.house);
    expect(normaliseAddress('вул. Шевченка 12/45')).toEqual({ kind: 'вул', street: 'шевченка', house: '12', flat: '45' });
    expect(normaliseAddress('вул. Шевченка, 12, 3 поверх')).toEqual({ kind: 'вул', street: 'шевченка', house: '12', flat: null });
    expect(normaliseAddress('Кривий Ріг')).toBeNull();
  });

  const cuts: [string, string][] = [
    ['вул. Гетьманська, 41, кв. 87', 'вул. Гетьманська, 41'],
    ['Гетьманська вул 41 кв87', 'Гетьманська вул 41'],
    ['пр-т Металургів 12-40', 'пр-т Металургів 12'],
    ['ВУЛ. ЛЕРМОНТОВА 7А/3', 'ВУЛ. ЛЕРМОНТОВА 7А'],
    ['б-р Вечірній буд 9 120', 'б-р Вечірній буд 9'],
    ['Кобилянського, 93, квартира № 512', 'Кобилянського, 93'],
    ['вул. Шевченка 12/2, кв. 5, кімн. 3', 'вул. Шевченка 12/2'],
    ['вул. Шевченка 12 кв 5, під’їзд 2', 'вул. Шевченка 12, під’їзд 2'],
    ['пров. Гірничий, 3 - 17', 'пров. Гірничий, 3'],
    ['вул. Шевченка, 12, 3 поверх', 'вул. Шевченка, 12, 3 поверх'],
  ];
  it.each(cuts)('when "%s" is shown without its flat, then it reads "%s"', (address, building) => {
    expect(withoutFlat(address)).toBe(building);
  });
});

/** A grammar of the ways one home is written: street kind, case, punctuation, house letter, flat. */
const home = fc.record({
  kind: fc.constantFrom('вул.', 'вул', 'вулиця', 'ВУЛ.', 'Вул', ''),
  street: fc.constantFrom('Гетьманська', 'ГЕТЬМАНСЬКА', 'гетьманська', 'Гетьманськa'),
  sep: fc.constantFrom(', ', ' ', ',', ' , '),
  housePrefix: fc.constantFrom('', 'буд. ', 'буд ', 'будинок ', 'б. ', '№', 'буд. № '),
  house: fc.integer({ min: 1, max: 200 }),
  letter: fc.constantFrom('', 'а', 'А', '-а', ' а', 'a'),
  flat: fc.integer({ min: 201, max: 999 }),
  flatForm: fc.constantFrom('кв. #', 'кв.#', 'кв #', 'кв#', 'КВ. #', 'квартира #', 'кв-ра #', 'к. #', 'кв. № #', 'квартира № #', '№ #', '/#', '-#', ' / #', ' #'),
});

describe('addresses: any flat spelling from the grammar', () => {
  it('when a home is written any way the grammar allows, then it is one home and its flat is cut', () => {
    fc.assert(fc.property(home, (h) => {
      const slashy = /^[ /#-]/.test(h.flatForm) && h.flatForm !== '№ #';
      const written = `${h.kind} ${h.street}${h.sep}${h.housePrefix}${h.house}${h.letter}${slashy ? '' : h.sep}${h.flatForm.replace('#', String(h.flat))}`;
      const canonical = `вул. Гетьманська, ${h.house}${h.letter.trim().replace('-', '') ? 'а' : ''}, кв. ${h.flat}`;
      expect(sameHome(written, canonical)).toBe(true);
      expect(normaliseAddress(written)?.flat).toBe(String(h.flat));
      const cut = withoutFlat(written);
      expect(cut).not.toContain(String(h.flat));
      expect(cut).toContain(String(h.house));
    }), { numRuns: 500 });
  });
});
