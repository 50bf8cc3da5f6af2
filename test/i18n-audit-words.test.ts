import { describe, expect, it } from 'vitest';
import en from '../client/src/i18n/en';
import uk from '../client/src/i18n/uk';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, AUDIT_VIA } from '../server/audit/audit-words';

type Tree = { [key: string]: string | Tree };
const at = (tree: unknown, path: string): unknown => path.split('.').reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], tree);

describe('the audit log in words', () => {
  it.each([['uk', uk], ['en', en]] as const)('when the server writes any action, entity or way of an entry, then the %s console has words for it', (_locale, messages) => {
    const missing = [
      ...AUDIT_ACTIONS.map((a) => `audit.actions.${a}`),
      ...AUDIT_ENTITIES.flatMap((e) => [`audit.entities.${e}`, `audit.kinds.${e}`]),
      ...AUDIT_VIA.map((v) => `audit.via.${v}`),
    ].filter((key) => typeof at(messages, key) !== 'string');
    expect(missing).toEqual([]);
  });
});
