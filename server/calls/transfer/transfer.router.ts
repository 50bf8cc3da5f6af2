import { Router } from 'express';
import type { AuthUser } from '../../auth/auth.types';
import { allow } from '../../auth/auth.middleware';
import { parse } from '../../http/validate';
import { callIdSchema } from '../calls.schemas';
import { transferSchema, type TransferInput } from './transfer.schemas';
import type { TransferColleague } from './transfer.repository';

/** What runs on the AMI leader (it holds the desks and the PBX link); the module forwards it there. */
export interface TransferActions {
  start(user: AuthUser, callId: string, input: TransferInput): Promise<{ transferId: string }>;
  complete(user: AuthUser, callId: string): Promise<{ transferId: string }>;
  cancel(user: AuthUser, callId: string): Promise<{ transferId: string }>;
  /** Read on any node: the colleagues the transfer panel offers. */
  colleagues(user: AuthUser): Promise<TransferColleague[]>;
}

/** `POST /calls/:callId/transfer`, `…/transfer/complete`, `…/transfer/cancel`: only the agent on the call (409 `not_your_call`). */
export function createTransferRouter(actions: TransferActions): Router {
  const router = Router();
  // Agents' queue snapshots carry no members, so the panel cannot find colleagues there.
  router.get('/transfer-targets', allow('agent', 'supervisor'), async (req, res) => {
    res.json({ colleagues: await actions.colleagues(req.user!) });
  });
  router.post('/:callId/transfer', allow('agent', 'supervisor'), async (req, res) => {
    const { callId } = parse(callIdSchema, req.params);
    const input = parse(transferSchema, req.body);
    res.status(202).json(await actions.start(req.user!, callId, input));
  });
  router.post('/:callId/transfer/complete', allow('agent', 'supervisor'), async (req, res) => {
    const { callId } = parse(callIdSchema, req.params);
    res.status(202).json(await actions.complete(req.user!, callId));
  });
  router.post('/:callId/transfer/cancel', allow('agent', 'supervisor'), async (req, res) => {
    const { callId } = parse(callIdSchema, req.params);
    res.status(202).json(await actions.cancel(req.user!, callId));
  });
  return router;
}
