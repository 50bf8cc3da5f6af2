import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError, unavailable } from '../http/errors';
import { fromPbxError } from '../http/pbx-errors';
import type { Bus } from './bus';
import { prepareArgs, type LeaderOperation, type LoadUser } from './leader-operation';

export interface LeaderCallsOptions {
  /** Absent on a single node: every call runs here. */
  bus?: Bus;
  isLeader(): boolean;
  log: Logger;
  /** How long a forwarded action waits for the leader's answer before it is a 503 (ms). */
  timeoutMs?: number;
  /** Reads the users named in a forwarded call again (leader-operation.ts); without it such calls are refused. */
  loadUser?: LoadUser;
}

type Operation = LeaderOperation<z.ZodType, unknown>;

const leaderGone = () => unavailable('telephony_unavailable', 'The node holding the phone link did not answer; try again in a moment.');

/**
 * What only the AMI leader can do (it has the PBX link and the agents' desks): a pause, a click-to-call, a
 * wrap-up, a queue log-in. Every node registers the same operations; a node that is not the leader sends the
 * call to the leader through PostgreSQL and waits for its answer, which comes back as the same result or the
 * same AppError. On a single node (or on the leader) the operation simply runs.
 */
export function createLeaderCalls(o: LeaderCallsOptions) {
  const operations = new Map<string, Operation>();
  const waiting = new Map<string, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  const timeoutMs = o.timeoutMs ?? 5000;

  async function runHere(op: string, args: unknown, forwarded: boolean): Promise<unknown> {
    const operation = operations.get(op);
    if (!operation) throw new AppError(400, 'unknown_operation', `No leader operation ${JSON.stringify(op).slice(0, 80)}.`);
    return operation.run(await prepareArgs(operation, args, forwarded, o.loadUser));
  }

  o.bus?.on('call', (m) => {
    if (!o.isLeader()) return;
    void runHere(String(m.op), m.args, true).then(
      (result) => o.bus!.send({ kind: 'reply', to: m.from, id: m.id, ok: true, result: result ?? null }),
      (error: unknown) => {
        const known = error instanceof AppError ? error : fromPbxError(error);
        if (!known) o.log.error({ err: error, op: m.op }, 'forwarded operation failed');
        const e = known ?? leaderGone();
        o.bus!.send({ kind: 'reply', to: m.from, id: m.id, ok: false, error: { status: e.status, code: e.code, message: e.message, fields: e.fields, reasons: e.reasons } });
      },
    );
  });
  o.bus?.on('reply', (m) => {
    const w = m.to === o.bus!.nodeId ? waiting.get(m.id) : undefined;
    if (!w) return;
    waiting.delete(m.id);
    clearTimeout(w.timer);
    if (m.ok) w.resolve(m.result);
    else w.reject(Object.assign(new AppError(m.error.status, m.error.code, m.error.message, m.error.fields), m.error.reasons ? { reasons: m.error.reasons } : {}));
  });

  function forward(op: string, args: unknown): Promise<unknown> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(leaderGone());
      }, timeoutMs);
      waiting.set(id, { resolve, reject, timer });
      o.bus!.send({ kind: 'call', from: o.bus!.nodeId, id, op, args });
    });
  }

  return {
    /** Whether this node holds the AMI link now (always, outside a cluster). */
    isLeader: () => o.isLeader(),
    /** Registers what the leader does for `op`, with the schema its arguments must pass wherever they come from. */
    handle<S extends z.ZodType, R>(op: string, operation: LeaderOperation<S, R>): void {
      operations.set(op, operation as unknown as Operation);
    },
    /** Runs `op` on the leader: here when this node leads (or is alone), otherwise forwarded. */
    call<R>(op: string, args: unknown): Promise<R> {
      if (!o.bus || o.isLeader()) return runHere(op, args, false) as Promise<R>;
      return forward(op, args) as Promise<R>;
    },
    stop(): void {
      for (const w of waiting.values()) clearTimeout(w.timer);
      waiting.clear();
    },
  };
}
export type LeaderCalls = ReturnType<typeof createLeaderCalls>;
