// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { apiErrorOf, setFieldWords } from '../api/http';
import { i18n, setLocale } from './index';
import { fieldWords } from './reasons';

const refusal = {
  code: 'invalid_input',
  message: 'Some fields are missing or invalid.',
  fields: { password: 'at least 8 characters', startsAt: 'not a date', file: 'missing column: Номер' },
  reasons: { password: { code: 'too_short', min: 8 }, startsAt: { code: 'not_date' }, file: { code: 'invalid' }, },
};

describe('a refused field in the console\'s language', () => {
  afterEach(async () => {
    setFieldWords(null);
    await setLocale('uk');
  });

  it('when the server refuses fields with reasons, then the Ukrainian console words them and keeps the code English', async () => {
    setFieldWords(fieldWords);
    await setLocale('uk');
    const error = apiErrorOf(400, refusal);
    expect(error.code).toBe('invalid_input');
    expect(error.fields.password).toBe('Щонайменше 8 симв.');
    expect(error.fields.startsAt).toBe('Це не дата');
  });

  it('when the reason is only "invalid", then the server\'s own text stays (an import names the missing column in it)', () => {
    setFieldWords(fieldWords);
    expect(apiErrorOf(400, refusal).fields.file).toBe('missing column: Номер');
  });

  it('when the console is in English, then the same reasons read in English', async () => {
    setFieldWords(fieldWords);
    await setLocale('en');
    expect(i18n.global.locale.value).toBe('en');
    expect(apiErrorOf(400, refusal).fields.password).toBe('At least 8 characters');
  });
});
