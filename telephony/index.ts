/**
 * Telephony: everything this product knows about Asterisk. Nothing here knows HTTP, sockets or the
 * database; the server consumes the domain events and snapshots below.
 *
 * ```ts
 * const telephony = createTelephony({ host, port, username, secret, log });
 * telephony.onEvent((e) => { if (e.name === 'call:offered') popTo(e.interface, e) });
 * telephony.onResync((snapshot) => broadcastFull(snapshot));
 * telephony.start();
 * telephony.status();          // for /api/health
 * await telephony.stop();
 * ```
 *
 * Without an Asterisk: `const sim = await startSimulator({ agents: 5, callsPerMinute: 6 })`, then
 * `createTelephony({ host: sim.host, port: sim.port, ...sim.credentials })` — the same client as for a
 * real PBX.
 */
export * from './events';

export type { Telephony, TelephonyOptions } from './telephony';
export type { OriginateRequest, RedirectRequest, TransferTarget } from './actions';
export type { LogFn } from './ami/client';
export { AmiActionError, AmiAuthError, AmiFieldError, AmiLinkError } from './ami/errors';
export { clampDurations, MAX_CALL_SECONDS } from './state/durations';

/**
 * Creates the telephony layer for one AMI endpoint. Nothing happens until `start()`.
 *
 * - `start()` connects, logs in, resyncs (CoreShowChannels + QueueStatus + QueueSummary) and keeps
 *   reconnecting with exponential backoff (1 s → 30 s); `stop()` logs off.
 * - `status()` → `{ state: 'connected'|'connecting'|'auth_failed'|'disconnected', since, error? }`.
 * - `onEvent(listener)` gets every domain event synchronously, after the state applied it. Keep
 *   listeners fast: do database lookups asynchronously. Returns an unsubscribe function.
 * - `onResync(listener)` gets the full snapshot after every (re)connect and rebuild.
 * - `onQueuesRefreshed(listener)` gets the snapshot after every re-read of the members (a `Reload` event,
 *   and every `queueRefreshMs`): a reload of app_queue drops the members' pause reasons without an event.
 * - `snapshot()`: calls (ringing / connected member interface), queues (waiting, members, today).
 * - Actions reject at once with `AmiLinkError` when the link is down, with `AmiFieldError` (nothing
 *   sent) when a field holds CR, LF or NUL, with `AmiActionError` when Asterisk refuses: `pause(iface, paused, reason?, queue?)`, `originate(request)` (async Originate with
 *   our ChannelId; resolves with the OriginateResponse outcome), `hangup(channel)`, `redirect(request)`,
 *   `confbridgeList(room)`, `confbridgeKick(room, channel)`, `confbridgeMute(room, channel, muted)`,
 *   `setVariable(name, value)` (a dialplan global: a consultation room's dial-in PIN).
 */
export { createTelephony } from './telephony';
export { deviceKey, sameDevice, memberInterface, DEFAULT_LOCAL_TECH } from './ami/channel-names';
export { appQueuePercent } from './app-queue-math';

/** The PBX simulator: a TCP server speaking AMI like Asterisk 20/22, for the demo, tests and benchmarks. */
export { startSimulator, demoQueues } from './simulator';
export { seededRandom } from './simulator/generator';
export { agentCompleteStyle } from './simulator/generator';
export type { Simulator, SimulatorOptions, PlaceCallOptions, PlacedCall, SimulatorQueueConfig, SimulatorMemberConfig, DialBehaviour, DialOutcome, CitizenBehaviour, CitizenOutcome } from './simulator';
