import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { AppError, conflict, notFound } from '../http/errors';
import { createSipSecret } from './sip-secret';
import { softphoneRepository as repo } from './softphone.repository';
import type { IceServer, SoftphoneSettings } from './softphone.settings';

/** What the console needs to register its phone: only ever its own user's, over the logged-in session. */
export interface SoftphoneCredentials {
  wsUrl: string;
  uri: string;
  authorizationUser: string;
  password: string;
  displayName: string;
  interface: string;
  iceServers: IceServer[];
}

/** Why a console has no phone: the console then simply works as before, with the desk phone. */
export type NoSoftphone = 'not_configured' | 'no_interface' | 'no_password' | 'unreadable';

export interface SoftphoneDeps {
  dataSource: DataSource;
  audit: AuditService;
  settings: SoftphoneSettings;
  /** The session secret: the key's fallback when SIP_PASSWORD_KEY is unset. */
  sessionSecret: string;
}

/** `PJSIP/1101` → `1101`: the SIP user of the endpoint the queue rings. */
export const sipUserOf = (iface: string) => iface.slice(iface.indexOf('/') + 1);

export function createSoftphoneService(deps: SoftphoneDeps) {
  const { dataSource, settings } = deps;
  const secret = createSipSecret(settings.passwordKey ?? deps.sessionSecret);

  async function target(userId: number) {
    const row = await repo.byUser(dataSource, userId);
    if (!row) throw notFound('User');
    if (!row.active) throw new AppError(409, 'user_inactive', 'The user is deactivated.');
    if (!row.interface) throw conflict('no_interface', 'This user has no phone (interface): give them one first.');
    return row;
  }

  return {
    /** The admin sets a user's SIP password, or lets the server make one; it is never shown again either way. */
    async setPassword(userId: number, password: string | undefined, actor: { id: number; ip: string | null }) {
      const row = await target(userId);
      const chosen = password ?? randomBytes(18).toString('base64url');
      await repo.setSealed(dataSource, userId, secret.seal(chosen));
      await deps.audit.record({ userId: actor.id, action: 'sip_password_set', entity: 'user', entityId: userId, detail: { interface: row.interface, generated: password === undefined }, ip: actor.ip });
      // The generated one is for the PBX's side too: the admin reads it once to put it in pjsip.conf.
      return { userId, softphone: true, generated: password === undefined ? chosen : null };
    },

    async clearPassword(userId: number, actor: { id: number; ip: string | null }) {
      const row = await repo.byUser(dataSource, userId);
      if (!row) throw notFound('User');
      await repo.setSealed(dataSource, userId, null);
      await deps.audit.record({ userId: actor.id, action: 'sip_password_clear', entity: 'user', entityId: userId, detail: { interface: row.interface }, ip: actor.ip });
      return { userId, softphone: false };
    },

    /** The signed-in user's own phone, or why there is none. */
    async credentialsOf(userId: number): Promise<{ phone: SoftphoneCredentials | null; reason: NoSoftphone | null }> {
      if (!settings.wsUrl || !settings.domain) return { phone: null, reason: 'not_configured' };
      const row = await repo.byUser(dataSource, userId);
      if (!row?.interface) return { phone: null, reason: 'no_interface' };
      if (!row.sealed) return { phone: null, reason: 'no_password' };
      const password = secret.open(row.sealed);
      if (password === null) return { phone: null, reason: 'unreadable' };
      const user = sipUserOf(row.interface);
      return {
        phone: {
          wsUrl: settings.wsUrl, uri: `sip:${user}@${settings.domain}`, authorizationUser: user, password,
          displayName: row.fullName || user, interface: row.interface, iceServers: settings.iceServers,
        },
        reason: null,
      };
    },
  };
}
export type SoftphoneService = ReturnType<typeof createSoftphoneService>;
