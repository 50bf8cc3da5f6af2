import { UA, WebSocketInterface, debug } from 'jssip';
import type { DTMF_TRANSPORT } from 'jssip/lib/Constants';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingRTCSessionEvent } from 'jssip/lib/UA';
import type { PhoneInput } from './phone-machine';
import type { PhoneDevices } from './devices';

/** What the console needs of the SIP stack; the store drives it, the machine reads what it reports. */
export interface SipPhone {
  start(): void;
  /** Unregisters (the PBX stops ringing this browser at once) and closes the WebSocket. */
  stop(): Promise<void>;
  answer(): Promise<void>;
  hangup(): void;
  hold(on: boolean): void;
  mute(on: boolean): void;
  dtmf(tone: string): void;
  /** The chosen speaker for the far end's voice (HTMLMediaElement.setSinkId where the browser has it). */
  useDevices(devices: PhoneDevices): void;
}

export interface SipCredentials {
  wsUrl: string;
  uri: string;
  authorizationUser: string;
  password: string;
  displayName: string;
  iceServers: RTCIceServer[];
}

type SinkAudio = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/**
 * JsSIP behind the SipPhone interface. This module (and JsSIP with it) is loaded only by consoles whose user
 * has a softphone: `import('./sip-phone')` in the phone store keeps it out of everyone's first load.
 */
export function createSipPhone(creds: SipCredentials, devices: PhoneDevices, report: (input: PhoneInput) => void): SipPhone {
  debug.disable('JsSIP:*');
  let chosen = devices;
  let session: RTCSession | null = null;
  let stopped = false;
  const remoteAudio: SinkAudio = new Audio();
  remoteAudio.autoplay = true;
  const ua = new UA({
    sockets: [new WebSocketInterface(creds.wsUrl)],
    uri: creds.uri,
    authorization_user: creds.authorizationUser,
    password: creds.password,
    display_name: creds.displayName,
    register: true,
    register_expires: 120,
    session_timers: false,
    // The WebSocket is tried again 1–2 s after it drops, so a PBX restart is survived within the AMI link's 2 s goal.
    connection_recovery_min_interval: 1,
    connection_recovery_max_interval: 2,
    user_agent: 'Hromada Contact console',
  });

  ua.on('connecting', () => report({ type: 'connecting' }));
  ua.on('disconnected', () => {
    if (!stopped) report({ type: 'disconnected' });
  });
  ua.on('registered', () => report({ type: 'registered' }));
  ua.on('unregistered', () => {
    if (!stopped) report({ type: 'unregistered' });
  });
  ua.on('registrationFailed', (e) => {
    const status = e.response?.status_code ?? null;
    report({ type: 'registration_failed', status, cause: String(e.cause ?? '') });
    // A wrong password does not get better by retrying (and the PBX may lock the account): stop, say so.
    if (status === 401 || status === 403 || /authentication|rejected/i.test(String(e.cause ?? ''))) {
      stopped = true;
      ua.stop();
    }
  });
  ua.on('newRTCSession', (e: IncomingRTCSessionEvent | { originator: string; session: RTCSession }) => {
    if (e.originator !== 'remote') return;
    const incoming = e.session;
    if (session && !session.isEnded()) {
      incoming.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    session = incoming;
    const from = (e as IncomingRTCSessionEvent).request?.from;
    report({ type: 'incoming', remote: from?.display_name || from?.uri?.user || '' });
    incoming.on('peerconnection', ({ peerconnection }) => {
      peerconnection.addEventListener('track', (t: RTCTrackEvent) => {
        remoteAudio.srcObject = t.streams[0] ?? new MediaStream([t.track]);
        void applySpeaker();
      });
    });
    incoming.on('confirmed', () => report({ type: 'confirmed' }));
    const ended = (end: { originator: string; cause?: string }) => {
      if (session === incoming) session = null;
      remoteAudio.srcObject = null;
      const by = end.originator === 'local' ? 'local' : end.originator === 'remote' ? 'remote' : 'system';
      report({ type: 'ended', by, cause: end.cause ?? null });
    };
    incoming.on('ended', ended);
    incoming.on('failed', ended);
  });

  async function applySpeaker(): Promise<void> {
    if (chosen.speaker && remoteAudio.setSinkId) await remoteAudio.setSinkId(chosen.speaker).catch(() => undefined);
  }

  return {
    start: () => ua.start(),
    async stop() {
      stopped = true;
      session?.terminate();
      if (ua.isRegistered()) {
        await new Promise<void>((resolve) => {
          const done = () => resolve();
          ua.on('unregistered', done);
          setTimeout(done, 1500);
          ua.unregister();
        });
      }
      ua.stop();
    },
    async answer() {
      const current = session;
      if (!current || current.isEnded()) return;
      report({ type: 'answer' });
      let stream: MediaStream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: chosen.microphone ? { deviceId: { exact: chosen.microphone } } : true, video: false });
      } catch {
        report({ type: 'microphone_denied' });
        return;
      }
      if (current.isEnded()) {
        // The caller hung up while the browser asked for the microphone: nothing to answer any more.
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      current.answer({ mediaStream: stream, pcConfig: { iceServers: creds.iceServers } });
      const release = () => stream.getTracks().forEach((track) => track.stop());
      current.on('ended', release);
      current.on('failed', release);
    },
    hangup() {
      if (session && !session.isEnded()) session.terminate();
    },
    hold(on) {
      if (!session || session.isEnded()) return;
      if (on) session.hold();
      else session.unhold();
      report({ type: 'hold', on });
    },
    mute(on) {
      if (!session || session.isEnded()) return;
      if (on) session.mute({ audio: true });
      else session.unmute({ audio: true });
      report({ type: 'mute', on });
    },
    dtmf(tone) {
      if (session?.isEstablished()) session.sendDTMF(tone, { transportType: 'RFC2833' as DTMF_TRANSPORT });
    },
    useDevices(next) {
      chosen = next;
      void applySpeaker();
    },
  };
}
