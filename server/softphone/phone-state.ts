import type { Realtime } from '../realtime/gateway';
import { conflict } from '../http/errors';
import { phoneStateSchema } from './softphone.schemas';

/**
 * `phone:state { registered }`: the console's softphone tells whether it can ring. Only the tab that holds the
 * phone sends it (client/src/phone/tab-lock.ts), so a second tab never says "unregistered" for a working phone.
 */
export function handlePhoneState(realtime: Pick<Realtime, 'onClientEvent'>, deps: { report(userId: number, registered: boolean): Promise<void> }): void {
  realtime.onClientEvent('phone:state', {
    roles: ['agent', 'supervisor', 'official', 'admin'],
    schema: phoneStateSchema,
    async handle({ registered }, { user }) {
      if (!user.interface) throw conflict('no_interface', 'This user has no phone (interface).');
      await deps.report(user.id, registered);
      return {};
    },
  });
}
