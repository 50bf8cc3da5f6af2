import type { FieldReason } from '../../../server/realtime/contract';
import { i18n } from './index';

/**
 * A field's refusal in the console's language: `validation.<code>` with the reason's figures (`{max}`), or null
 * for a code this console does not know and for the bare `invalid` (the server's own text then says more: an
 * import's "missing column: …" names the column).
 */
export function fieldWords(reason: FieldReason): string | null {
  const { t, te } = i18n.global;
  const key = `validation.${reason.code}`;
  if (reason.code === 'invalid' || !te(key)) return null;
  const named: Record<string, string | number> = { ...reason };
  return t(key, named);
}
