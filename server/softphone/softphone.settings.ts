/** Where the console's softphone registers (README, "A phone in the console"). */
export interface SoftphoneSettings {
  /** SIP_WS_URL (`wss://pbx.city/ws`); null = no softphone in the console. */
  wsUrl: string | null;
  /** SIP_DOMAIN: the domain of the phones' SIP URIs (`sip:1101@pbx.city`); default the WebSocket's host. */
  domain: string | null;
  /** SIP_ICE_SERVERS: STUN/TURN for agents behind NAT, as RTCIceServer objects. */
  iceServers: IceServer[];
  /** SIP_PASSWORD_KEY: the key the SIP passwords are encrypted with; null = derived from the session secret. */
  passwordKey: string | null;
}

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/**
 * `SIP_ICE_SERVERS` is either JSON (`[{"urls":"turn:turn.city:3478","username":"u","credential":"p"}]`) or a
 * comma-separated list of URLs (`stun:stun.city:3478,turn:u:p@turn.city:3478` is not a thing: use JSON for TURN).
 */
export function parseIceServers(raw: string | undefined): IceServer[] {
  const text = raw?.trim();
  if (!text) return [];
  if (text.startsWith('[')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) throw new Error('SIP_ICE_SERVERS: a JSON array of {urls, username?, credential?}');
    return parsed.map((s: unknown) => {
      const o = s as Partial<IceServer>;
      if (!o || (typeof o.urls !== 'string' && !Array.isArray(o.urls))) throw new Error('SIP_ICE_SERVERS: every entry needs urls');
      return { urls: o.urls, ...(o.username ? { username: String(o.username) } : {}), ...(o.credential ? { credential: String(o.credential) } : {}) };
    });
  }
  return text.split(',').map((u) => u.trim()).filter(Boolean).map((urls) => ({ urls }));
}

export function readSoftphoneSettings(env: NodeJS.ProcessEnv = process.env): SoftphoneSettings {
  const wsUrl = env.SIP_WS_URL?.trim() || null;
  if (wsUrl && !/^wss?:\/\/[^\s/]+/.test(wsUrl)) throw new Error(`SIP_WS_URL must be a ws:// or wss:// URL, not ${wsUrl}`);
  return {
    wsUrl,
    domain: env.SIP_DOMAIN?.trim() || (wsUrl ? new URL(wsUrl).hostname : null),
    iceServers: parseIceServers(env.SIP_ICE_SERVERS),
    passwordKey: env.SIP_PASSWORD_KEY?.trim() || null,
  };
}

/** The origin the console's CSP must let it connect to (the SIP WebSocket), or null. */
export const softphoneOrigin = (s: Pick<SoftphoneSettings, 'wsUrl'> | undefined): string | null =>
  (s?.wsUrl ? new URL(s.wsUrl).origin : null);
