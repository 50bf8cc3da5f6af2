// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createAppI18n } from './index';
import { ukrainianPlural } from './plural';

const FORMS = ['one', 'few', 'many'];

describe('Ukrainian plurals', () => {
  it.each([
    [1, 'one'], [21, 'one'], [101, 'one'], [3731, 'one'],
    [2, 'few'], [3, 'few'], [4, 'few'], [22, 'few'], [42, 'few'], [1004, 'few'],
    [0, 'many'], [5, 'many'], [11, 'many'], [12, 'many'], [14, 'many'], [111, 'many'], [112, 'many'], [25, 'many'], [100, 'many'],
  ])('when the count is %i, then the %s form is chosen', (n, form) => {
    expect(FORMS[ukrainianPlural(n, 3)]).toBe(form);
  });

  it('when the console counts in Ukrainian, then the words agree with the numbers', () => {
    const { t } = createAppI18n('uk').global;
    expect(t('counts.requestsAccepted', { n: 3731 }, 3731)).toBe('3731 заявку');
    expect(t('counts.questions', { n: 42 }, 42)).toBe('42 питання');
    expect(t('counts.consultationsHeld', { n: 0 }, 0)).toBe('0 онлайн-консультацій');
    expect(t('counts.questions', { n: 15 }, 15)).toBe('15 питань');
  });

  it('when the console counts in English, then one is singular and the rest plural', () => {
    const { t } = createAppI18n('en').global;
    expect(t('counts.questions', { n: 1 }, 1)).toBe('1 question');
    expect(t('counts.questions', { n: 0 }, 0)).toBe('0 questions');
  });
});
