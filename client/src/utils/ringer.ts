/** A ring tone made with Web Audio, so the console ships no sound file and needs no network. */
export interface Ringer {
  start(): void;
  stop(): void;
}

const PATTERN_MS = 3000;

/** `sink`: the output device the agent chose for ringing (phone/devices.ts), read at each ring; null = the default. */
export function createRinger(sink: () => string | null = () => null): Ringer {
  const Ctx = typeof window !== 'undefined' ? (window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext) : undefined;
  let context: AudioContext | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  /** Two short tones, like a desk phone; a browser that blocks audio just stays silent. */
  function burst(): void {
    if (!context) return;
    const now = context.currentTime;
    for (const offset of [0, 0.45]) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.value = 440;
      gain.gain.setValueAtTime(0.0001, now + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, now + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.35);
      osc.connect(gain).connect(context.destination);
      osc.start(now + offset);
      osc.stop(now + offset + 0.4);
    }
  }

  return {
    start() {
      if (!Ctx || timer) return;
      try {
        context ??= new Ctx();
        const device = sink();
        // AudioContext.setSinkId (Chromium 110+): the ring on the speaker while the voice stays in the headset.
        const routed = context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
        if (device && routed.setSinkId) void routed.setSinkId(device).catch(() => undefined);
        void context.resume().catch(() => undefined);
        burst();
        timer = setInterval(burst, PATTERN_MS);
      } catch {
        context = null;
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
