import { ApiError } from '../api/http';
import { CONFLICT_CODES } from './conflict-codes';

/** The i18n key that explains a failed sign-in. */
export function loginErrorKey(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401 || error.code === 'invalid_credentials') return 'login.errors.invalid_credentials';
    if (error.status === 429) return 'login.errors.rate_limited';
    if (error.status === 0) return 'login.errors.network';
  }
  return 'login.errors.other';
}

/** The i18n key that explains any other failed API call. */
export function apiErrorKey(error: unknown): string {
  if (!(error instanceof ApiError)) return 'errors.generic';
  if (error.status === 409 && (CONFLICT_CODES as readonly string[]).includes(error.code)) return `errors.codes.${error.code}`;
  switch (error.status) {
    case 0: return 'errors.network';
    case 400: return 'errors.validation';
    case 403: return 'errors.forbidden';
    case 404: return 'errors.notFound';
    case 409: return 'errors.conflict';
    case 413: return 'errors.tooLarge';
    case 503: return 'errors.unavailable';
    default: return 'errors.generic';
  }
}

/**
 * Why an import was refused, as an i18n key and the detail it names: a missing column, a file that is not
 * CSV to its end (the parser's own words and line), keys removed while it ran. Anything else as any call.
 */
export function importErrorKey(error: unknown): { key: string; detail: string } {
  if (error instanceof ApiError) {
    const file = error.fields.file ?? '';
    if (error.code === 'missing_columns') return { key: 'imports.errors.missingColumns', detail: file.replace(/^missing column: /, '') };
    if (error.code === 'unreadable_file') return { key: 'imports.errors.unreadable', detail: file };
    if (error.code === 'reference_changed') return { key: 'imports.errors.referenceChanged', detail: '' };
    // A zip that unpacks past the limit, or a workbook whose reading needs more memory than its thread has.
    if (error.code === 'inflated_too_large' || error.code === 'reader_out_of_memory') return { key: 'imports.errors.tooLarge', detail: file };
    if (error.code === 'external_number_taken') return { key: 'imports.errors.numberTaken', detail: '' };
  }
  return { key: apiErrorKey(error), detail: '' };
}
