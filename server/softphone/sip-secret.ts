import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The SIP passwords of the console's softphones, encrypted at rest (AES-256-GCM). The key comes from the
 * environment: `SIP_PASSWORD_KEY`, or else the session secret (SESSION_SECRET or DATA_DIR/session-secret), so a
 * dump of the database alone never gives anyone a phone. Changing the key makes stored passwords unreadable:
 * the console then says the phone has no credentials, and the admin sets them again.
 */
export interface SipSecret {
  seal(password: string): string;
  /** null when the text was sealed with another key or is damaged. */
  open(sealed: string): string | null;
}

export function createSipSecret(keyMaterial: string): SipSecret {
  const key = Buffer.from(hkdfSync('sha256', keyMaterial, 'hromada-contact', 'sip-password-v1', 32));
  return {
    seal(password) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== 'v1' || !iv || !tag || body === undefined) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
