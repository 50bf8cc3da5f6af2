import { describe, expect, it } from 'vitest';
import { judge } from '../tools/licenses/policy';

describe('the licence policy (EUPL-1.2)', () => {
  it.each(['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause', '0BSD', 'MPL-2.0', 'MIT*', '(MIT OR GPL-3.0-or-later)', '(MIT AND Zlib)', 'LGPL-2.1-or-later', 'Bitstream-Vera'])(
    'lets %s ship',
    (licence) => expect(judge(licence)).toEqual({ ok: true }),
  );

  it.each(['GPL-3.0-only', 'AGPL-3.0-or-later', 'GPL-2.0+', '(MIT AND GPL-3.0-only)', 'SSPL-1.0', 'BUSL-1.1', 'UNKNOWN', 'UNLICENSED', 'Custom: README.md', 'GPL-2.0-only WITH Classpath-exception-2.0'])(
    'refuses %s with a reason',
    (licence) => {
      const verdict = judge(licence);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.why).toContain(licence.replace(/\*$/, ''));
    },
  );
});
