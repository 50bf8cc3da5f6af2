import { HOW_TO_BUILD, labFromEnv, probeLab } from './lab';

/** Before anything starts: no lab, no run — with a message saying how to get one, never a silent pass. */
export async function setup(): Promise<void> {
  const why = await probeLab(labFromEnv());
  if (why) throw new Error(`${why}\n${HOW_TO_BUILD}`);
}
