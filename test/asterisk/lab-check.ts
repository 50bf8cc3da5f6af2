import { HOW_TO_BUILD, labFromEnv, probeLab } from './lab';
import { HOW_TO_GET_THE_PJSIP_LAB, PJSIP_LAB, pjsipLabSettings } from './pjsip/lab-pjsip';

/**
 * Before anything starts: no lab, no run — with a message saying how to get one, never a silent pass. With
 * ASTERISK_PJSIP_LAB set the run is the softphone's (test/asterisk/pjsip/): that lab is the one that must answer.
 */
export async function setup(): Promise<void> {
  if (PJSIP_LAB) {
    const why = await probeLab(labFromEnv({ ...process.env, ...pjsipLabSettings(PJSIP_LAB, []) }));
    if (why) throw new Error(`${why}\n${HOW_TO_GET_THE_PJSIP_LAB}`);
    return;
  }
  const why = await probeLab(labFromEnv());
  if (why) throw new Error(`${why}\n${HOW_TO_BUILD}`);
}
