import type { Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Telephony } from '../../../telephony';
import type { AgentDirectory } from '../../agents/agent-directory';
import type { LeaderCalls } from '../../cluster/leader-calls';
import { callsLeaderArgs } from '../calls.leader-args';
import type { LiveCalls } from '../live-calls';
import { createTransferRouter, type TransferActions } from './transfer.router';
import { cancelTransfer, completeTransfer, defaultTransfer, startTransfer, type TransferOptions } from './transfer.service';
import { watchTransfers } from './transfer-events';
import { transferColleagues } from './transfer.repository';
import type { TransferNotes } from './transfer-notes';

export type { TransferOptions } from './transfer.service';

export interface TransferModuleDeps {
  dataSource: DataSource;
  telephony?: Telephony;
  live: LiveCalls;
  directory: AgentDirectory;
  notes: TransferNotes;
  leader: LeaderCalls;
  log: Logger;
  options?: Partial<TransferOptions>;
}

/** Transfers from the console: the routes on `/calls`, their leader operations, and the log of each transfer's parts. */
export function mountTransfers(api: Router, deps: TransferModuleDeps) {
  const service = { ...deps, options: { ...defaultTransfer, ...deps.options } };
  const args = callsLeaderArgs.transfer;
  const callArgs = args.pick({ user: true, callId: true });
  deps.leader.handle('calls.transfer', { args, users: { user: ['agent', 'supervisor'] }, run: ({ user, callId, input }) => startTransfer(service, user, callId, input) });
  deps.leader.handle('calls.transferComplete', { args: callArgs, users: { user: ['agent', 'supervisor'] }, run: ({ user, callId }) => completeTransfer(service, user, callId) });
  deps.leader.handle('calls.transferCancel', { args: callArgs, users: { user: ['agent', 'supervisor'] }, run: ({ user, callId }) => cancelTransfer(service, user, callId) });
  const actions: TransferActions = {
    start: (user, callId, input) => deps.leader.call('calls.transfer', { user, callId, input }),
    complete: (user, callId) => deps.leader.call('calls.transferComplete', { user, callId }),
    cancel: (user, callId) => deps.leader.call('calls.transferCancel', { user, callId }),
    colleagues: (user) => transferColleagues(deps.dataSource, user.id),
  };
  api.use('/calls', createTransferRouter(actions));
  const stop = deps.telephony ? watchTransfers({ ...deps, telephony: deps.telephony, log: deps.log.child({ module: 'transfers' }) }) : () => {};
  return { stop };
}
