import { mkdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import { createTelephony, startSimulator, type Telephony } from '../../telephony';
import type { Config } from '../config';

/** The demo hotline queue and its members: the demo agents' interfaces. */
export const DEMO_QUEUE = 'hotline';

export interface StartedTelephony {
  telephony: Telephony;
  /** Set in demo mode: the built-in PBX the console is connected to. */
  simulator: Awaited<ReturnType<typeof startSimulator>> | null;
}

/**
 * A real Asterisk when AMI_HOST is set; otherwise the built-in PBX simulator generating calls for the demo
 * agents. Either way the server talks to it through the same AMI client over TCP.
 */
export async function startTelephony(config: Config, log: Logger, o: { connect: boolean } = { connect: true }): Promise<StartedTelephony> {
  const amiLog = log.child({ module: 'ami' });
  const logFn = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, data?: object) => amiLog[level](data ?? {}, msg);
  if (config.ami) {
    const telephony = createTelephony({ ...config.ami, log: logFn, localTech: config.telephony.localTech });
    // In a cluster only the elected leader connects (server/main.ts starts and stops the link).
    if (o.connect) {
      telephony.start();
      log.info({ host: config.ami.host, port: config.ami.port }, 'connecting to Asterisk');
    }
    return { telephony, simulator: null };
  }
  // Asterisk has its monitor folder; the demo's is made here (the server checks it before every recording).
  await mkdir(config.recordings.dir, { recursive: true, mode: 0o700 });
  // The simulator's own generator dials random numbers; demo calls come from startDemoCalls instead.
  const simulator = await startSimulator({
    queues: [{ name: DEMO_QUEUE, members: ['PJSIP/1001', 'PJSIP/1002', 'PJSIP/1003'] }],
    callsPerMinute: 0,
    // The demo's recordings land where the server reads them, as Asterisk's monitor folder would be mounted.
    monitorDir: config.recordings.dir,
    // 5 s of synthetic audio a call, not the whole talk: a demo left running stays small (80 KB a call).
    monitorMaxSeconds: 5,
  });
  log.info({ port: simulator.port, callsPerMinute: config.demoCallsPerMinute }, 'no AMI_HOST: the built-in PBX simulator rings the demo agents');
  const telephony = createTelephony({ host: simulator.host, port: simulator.port, ...simulator.credentials, log: logFn, localTech: config.telephony.localTech });
  telephony.start();
  return { telephony, simulator };
}
