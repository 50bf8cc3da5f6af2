export const PAUSE_REASONS = ['break', 'lunch', 'training', 'after_call_work'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export function isPauseReason(value: string | null | undefined): value is PauseReason {
  return typeof value === 'string' && (PAUSE_REASONS as readonly string[]).includes(value);
}
