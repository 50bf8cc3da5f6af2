/**
 * Channel and interface names. Members are `PJSIP/1001`, `SIP/1001`, or FreePBX-style
 * `Local/1001@from-queue/n`; channels are `PJSIP/1001-0000002a` or `Local/1001@from-queue-0000001b;1`.
 */

/** Technology used to name the device behind a `Local/<exten>@...` member. */
export const DEFAULT_LOCAL_TECH = 'PJSIP';

const LOCAL_PREFIX = 'local/';

export function isLocalChannel(name: string): boolean {
  return name.slice(0, LOCAL_PREFIX.length).toLowerCase() === LOCAL_PREFIX;
}

/**
 * The device of a channel or member interface: `PJSIP/1001-0000002a` → `PJSIP/1001`;
 * `Local/1001@from-queue-0000001b;1` and `Local/1001@from-queue/n` → `PJSIP/1001`.
 */
export function deviceOf(name: string, localTech: string = DEFAULT_LOCAL_TECH): string {
  if (name === '') return '';
  if (isLocalChannel(name)) {
    const exten = name.slice(LOCAL_PREFIX.length).split('@')[0] ?? '';
    return `${localTech}/${exten}`;
  }
  // Trunk channels like `PJSIP/trunk-0000002a` keep their endpoint name; the suffix is the per-call counter.
  const dash = name.lastIndexOf('-');
  const slash = name.indexOf('/');
  if (dash > slash && /^[0-9a-f]+$/i.test(name.slice(dash + 1))) return name.slice(0, dash);
  return name;
}

/** Member interface as stored by app_queue → the normalised device used everywhere in our domain. */
export function memberInterface(iface: string, localTech: string = DEFAULT_LOCAL_TECH): string {
  return deviceOf(iface, localTech);
}

/**
 * The device's identity, whatever technology or Local wrapping names it: `PJSIP/1001`, `SIP/1001`,
 * `Local/1001@from-queue/n`, `Local/1001@agents/n` and the channel `PJSIP/1001-0000002a` are all `1001`.
 * Users are matched to queue members by this, at storage and at lookup alike.
 */
export function deviceKey(name: string): string {
  const device = deviceOf(name.trim(), '');
  const slash = device.indexOf('/');
  return (slash >= 0 ? device.slice(slash + 1) : device).toLowerCase();
}

export function sameDevice(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && deviceKey(a) === deviceKey(b);
}
