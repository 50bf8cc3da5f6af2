import type { DataSource } from 'typeorm';
import type { TransferredFrom } from '../../realtime/contract';

/**
 * What the receiving agent's pop says of a transferred call: who transferred it and the requests they registered
 * or attached. Kept in memory on the AMI leader (the pop is made there) from the transfer until the call ends.
 */
export function createTransferNotes(dataSource: DataSource) {
  const notes = new Map<string, TransferredFrom>();
  return {
    async remember(callId: string, fromUserId: number): Promise<TransferredFrom> {
      const [from] = await dataSource.query('SELECT id, full_name FROM users WHERE id = $1', [fromUserId]);
      const requests: Array<{ request_id: number }> = await dataSource.query('SELECT request_id FROM call_requests WHERE call_id = $1 ORDER BY request_id', [callId]);
      const note: TransferredFrom = { userId: fromUserId, fullName: from?.full_name ?? null, requestIds: requests.map((r) => r.request_id) };
      notes.set(callId, note);
      return note;
    },
    get: (callId: string): TransferredFrom | null => notes.get(callId) ?? null,
    has: (callId: string) => notes.has(callId),
    forget: (callId: string) => void notes.delete(callId),
  };
}
export type TransferNotes = ReturnType<typeof createTransferNotes>;
