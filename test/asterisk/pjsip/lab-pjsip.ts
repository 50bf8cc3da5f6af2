import path from 'node:path';
import type { LabAmi } from '../lab';

/**
 * The pjsip lab (chan_pjsip, WSS, DTLS-SRTP, ICE: README.md "A phone in the console"): set ASTERISK_PJSIP_LAB to
 * its folder to run these tests; without it they are skipped with this message.
 */
export const PJSIP_LAB = process.env.ASTERISK_PJSIP_LAB?.trim() || null;

export const HOW_TO_GET_THE_PJSIP_LAB = `
The softphone's browser tests need the pjsip lab (Asterisk 22 with chan_pjsip, WSS on 8091, AMI on 5039), so they were skipped.
Build it as telephony/asterisk/README.md ("The pjsip lab") says, start it, then:
  ASTERISK_PJSIP_LAB=$HOME/asterisk-pjsip-lab npm run test:asterisk -- test/asterisk/pjsip`;

/** The suite's lab settings (test/asterisk/lab.ts) for the pjsip lab: its AMI, its queue, its phones. */
export const pjsipLabSettings = (dir: string, agents: string[]): Record<string, string> => ({
  ASTERISK_LAB: path.resolve(dir), AMI_HOST: '127.0.0.1', AMI_PORT: process.env.PJSIP_AMI_PORT ?? '5039',
  AMI_USERNAME: 'hromada', AMI_SECRET: 'hromada-lab-secret', LAB_QUEUE: 'hotline',
  LAB_AGENT_EXTENSIONS: agents.join(','), LAB_AGENT_INTERFACE: 'PJSIP/{ext}', QUEUE_LOGIN: 'pause',
  // Real SIP phones here: the server dials a user's own device, as in production.
  ORIGINATE_CHANNEL: '{interface}', CONSULT_OFFICIAL_CHANNEL: '{interface}', CONSULT_CITIZEN_CHANNEL: 'Local/{number}@agents/n',
});

export function usePjsipLab(dir: string, agents: string[]): void {
  Object.assign(process.env, pjsipLabSettings(dir, agents));
}

export const SOFTPHONE = { wsUrl: 'wss://127.0.0.1:8091/ws', domain: '127.0.0.1', iceServers: [], passwordKey: 'pjsip-lab-key' };

/** A caller into the hotline who plays tones (the lab's `lab-caller,talk`), so the agent receives audio. */
export async function placeToneCaller(ami: LabAmi, id: string, number: string): Promise<void> {
  const [reply] = await ami.action({
    Action: 'Originate', Channel: 'Local/5000@from-trunk', Context: 'lab-caller', Exten: 'talk', Priority: '1',
    CallerID: `"Lab ${id}" <${number}>`, Async: 'true', Timeout: '10000', ChannelId: id,
  });
  if (reply.Response !== 'Success') throw new Error(`Originate refused: ${JSON.stringify(reply)}`);
}

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
