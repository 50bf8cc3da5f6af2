/** The agent's choice of microphone, speaker and ring device, and auto-answer: remembered per browser. */
export interface PhoneDevices {
  microphone: string | null;
  speaker: string | null;
  ring: string | null;
  /** Seconds after ringing the phone answers by itself; 0 = never. */
  autoAnswerSeconds: number;
}

const KEY = 'hromada.phone.devices';
export const NO_DEVICES: PhoneDevices = { microphone: null, speaker: null, ring: null, autoAnswerSeconds: 0 };

const deviceId = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length < 200 ? v : null);

export function loadDevices(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): PhoneDevices {
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<PhoneDevices> | null;
    if (!raw || typeof raw !== 'object') return { ...NO_DEVICES };
    const seconds = Number(raw.autoAnswerSeconds);
    return {
      microphone: deviceId(raw.microphone), speaker: deviceId(raw.speaker), ring: deviceId(raw.ring),
      autoAnswerSeconds: Number.isInteger(seconds) && seconds >= 0 && seconds <= 30 ? seconds : 0,
    };
  } catch {
    return { ...NO_DEVICES };
  }
}

export function saveDevices(devices: PhoneDevices, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(devices));
  } catch {
    // private mode: the choice lasts this visit
  }
}
