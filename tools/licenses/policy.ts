import parse from 'spdx-expression-parse';

/**
 * Which dependency licences Hromada Contact (EUPL-1.2) may be built and shipped with.
 *
 * Permissive licences and the weak-copyleft ones whose terms stay with their own files are fine. Strong copyleft
 * (GPL, AGPL) is refused even though the EUPL's appendix names it compatible: shipping it would relicense the whole
 * console under it, which is a decision for the city's lawyers, not for a dependency bump.
 */
export const ALLOWED = new Set([
  '0BSD', 'Apache-2.0', 'BlueOak-1.0.0', 'BSD-2-Clause', 'BSD-3-Clause', 'CC0-1.0', 'CC-BY-3.0', 'CC-BY-4.0',
  'ISC', 'MIT', 'MIT-0', 'Python-2.0', 'Unlicense', 'WTFPL', 'Zlib', 'Bitstream-Vera', 'OFL-1.1',
  'MPL-2.0', 'LGPL-2.1', 'LGPL-3.0', 'EPL-2.0', 'EUPL-1.2',
]);

type Node = parse.Info;

/** `GPL-2.0-or-later`, `GPL-2.0+` and `GPL-2.0-only` are all the licence `GPL-2.0` for this question. */
function base(id: string): string {
  return id.replace(/\+$/, '').replace(/-(only|or-later)$/, '');
}

function allowed(node: Node): boolean {
  // An exception (`WITH Classpath-exception-2.0`) changes the terms: it needs a look by hand.
  if ('license' in node) return ALLOWED.has(base(node.license)) && !('exception' in node);
  return node.conjunction === 'or' ? allowed(node.left) || allowed(node.right) : allowed(node.left) && allowed(node.right);
}

export type Verdict = { ok: true } | { ok: false; why: string };

/** Whether an SPDX expression (`MIT`, `(MIT OR GPL-3.0-or-later)`, `MIT AND Zlib`) may ship with us. */
export function judge(expression: string): Verdict {
  let tree: Node;
  try {
    tree = parse(expression.replace(/\*$/, '')); // license-checker marks a licence guessed from a file with '*'
  } catch {
    return { ok: false, why: `"${expression}" is not an SPDX expression` };
  }
  return allowed(tree) ? { ok: true } : { ok: false, why: `${expression} is not compatible with EUPL-1.2 here` };
}
