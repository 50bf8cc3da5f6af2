import { describe, expect, it } from 'vitest';
import { redactPhones } from './phones-in-text';

describe('a citizen\'s phone numbers in free text', () => {
  const spellings = ['0675550001', '067 555 00 01', '(067) 555-00-01', '067-555-0001', '+380675550001', '+38 067 555 00 01',
    '380675550001', '+38(067)5550001', '67 555 00 01', '(0675550001)'];

  it('when the number is written in any usual spelling, then it is cut and the words around it stay', () => {
    for (const s of spellings) expect(redactPhones(`Передзвонити на ${s}, після 18:00.`, ['+380675550001']), s).toBe('Передзвонити на …, після 18:00.');
  });

  it('when other digits are near (another number, a house, a date), then they are kept', () => {
    const text = 'Будинок 41, кв. 87, 12.05.2026; сусід 067 555 00 02; заявка 2026-000001; 10675550001';
    expect(redactPhones(text, ['+380675550001'])).toBe(text);
  });

  it('when the number is foreign, then all its digits are needed', () => {
    expect(redactPhones('дзвонити +48 601 234 567 або 0048601234567', ['+48601234567'])).toBe('дзвонити … або …');
    expect(redactPhones('код 601234567', ['+48601234567'])).toBe('код 601234567');
  });
});
