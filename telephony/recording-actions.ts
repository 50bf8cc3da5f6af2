import type { AmiConnection } from './ami/connection';
import type { ActionFields } from './ami/connection';

/**
 * A MixMonitor action on the call's recording channel. Asterisk 22 has no PauseMixMonitor action (it answers
 * "Invalid/unknown command"): a pause is MixMonitorMute, which keeps the file running and writes silence.
 * The call gone before the action (no channel here, or "No such channel" there) is `false`, not an error.
 */
export async function recordingAction(connection: AmiConnection, channel: string | null, fields: ActionFields): Promise<boolean> {
  if (!channel) return false;
  try {
    await connection.action({ ...fields, Channel: channel });
    return true;
  } catch (error) {
    if (error instanceof Error && /no such channel/i.test(error.message)) return false;
    throw error;
  }
}
