/** 8 kHz, 16-bit mono PCM: what Asterisk's `wav` format writes for a MixMonitor. */
export const WAV_RATE = 8000;

/** A WAV file's header for `samples` 16-bit mono samples at `rate`. */
export function wavHeader(samples: number, rate = WAV_RATE): Buffer {
  const header = Buffer.alloc(44);
  const bytes = samples * 2;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + bytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(bytes, 40);
  return header;
}

/**
 * A call's "audio": a murmur that rises and falls like speech, so the console's waveform has something to draw;
 * silent wherever `muted(second)` says the recording was paused.
 */
export function syntheticCall(seconds: number, muted: (second: number) => boolean, rate = WAV_RATE): Buffer {
  const samples = Math.max(0, Math.round(seconds * rate));
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    if (muted(t)) continue;
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 0.4 * t) * Math.sin(2 * Math.PI * 1.7 * t);
    data.writeInt16LE(Math.round(4000 * envelope * Math.sin(2 * Math.PI * 220 * t)), i * 2);
  }
  return Buffer.concat([wavHeader(samples, rate), data]);
}
