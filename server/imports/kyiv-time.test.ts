import { describe, expect, it } from 'vitest';
import { parseKyivDateTime } from './kyiv-time';
import { parsePhoneList } from './phone-list';

describe('dates and phones of imported files', () => {
  it('when a date is written dd.MM.yyyy HH:mm[:ss], then it is Kyiv time, summer or winter', () => {
    expect(parseKyivDateTime('05.03.2021 08:15')?.toISOString()).toBe('2021-03-05T06:15:00.000Z');
    expect(parseKyivDateTime('05.07.2021 08:15:30')?.toISOString()).toBe('2021-07-05T05:15:30.000Z');
    expect(parseKyivDateTime('28.03.2021 02:59')?.toISOString()).toBe('2021-03-28T00:59:00.000Z');
    expect(parseKyivDateTime('28.03.2021 04:00')?.toISOString()).toBe('2021-03-28T01:00:00.000Z');
    expect(parseKyivDateTime('31.10.2021 05:00')?.toISOString()).toBe('2021-10-31T03:00:00.000Z');
    expect(parseKyivDateTime('01.02.2005')?.toISOString()).toBe('2005-01-31T22:00:00.000Z');
  });

  it('when a date is ISO 8601, then an offset is kept and a bare one is Kyiv time', () => {
    expect(parseKyivDateTime('2021-06-01T10:00:00Z')?.toISOString()).toBe('2021-06-01T10:00:00.000Z');
    expect(parseKyivDateTime('2021-06-01 10:00')?.toISOString()).toBe('2021-06-01T07:00:00.000Z');
  });

  it('when a date does not exist or is not a date, then it is null', () => {
    for (const bad of ['31.02.2021 10:00', '2021-13-01', '01.01.2021 25:00', 'вчора', '']) expect(parseKyivDateTime(bad)).toBeNull();
  });

  it('when a cell holds several numbers in the senders\' forms, then each becomes E.164 and the bad ones are named', () => {
    expect(parsePhoneList('574837214, 380674217534, 80951072788, 0634385429 ,+38 (050) 111-22-33, 12ab')).toEqual({
      phones: ['+380574837214', '+380674217534', '+380951072788', '+380634385429', '+380501112233'], bad: ['12ab'],
    });
  });
});
