/** The unique key of a sender's number (migration UniqueExternalNumber): one appeal per (source, external number). */
export const EXTERNAL_NUMBER_KEY = 'requests_external_unique';

/** Whether a write failed because another request took the same (source, external number) first. */
export function isExternalNumberTaken(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const { code, constraint } = err.driverError ?? err;
  return code === '23505' && constraint === EXTERNAL_NUMBER_KEY;
}
