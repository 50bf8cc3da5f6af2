/**
 * Callers' patience from the call log. A caller who hung up after w seconds had patience w; one who was answered
 * after w seconds had patience of more than w (a censored observation). Dropping the answered ones would make
 * callers look impatient, so the survival curve is Kaplan–Meier's (E. L. Kaplan, P. Meier, JASA 53, 1958).
 */
export interface Wait {
  seconds: number;
  abandoned: boolean;
  /** How many callers waited exactly this long with this outcome (the log is read grouped); 1 when left out. */
  count?: number;
}

export interface PatienceCurve {
  /** Times (s) where the curve drops, ascending, and the survival S(t) just after each. */
  times: number[];
  survival: number[];
  /** Mean patience: the area under S up to the last observation, the rest as an exponential tail. */
  meanSeconds: number;
  /** Mean of the exponential tail past the last observation (s): waiting time seen over hang-ups seen. */
  tailMeanSeconds: number;
  abandoned: number;
  observed: number;
}

export function kaplanMeier(waits: Wait[]): PatienceCurve {
  const sorted = [...waits].sort((a, b) => a.seconds - b.seconds || Number(b.abandoned) - Number(a.abandoned));
  const times: number[] = [];
  const survival: number[] = [];
  const n = (w: Wait) => w.count ?? 1;
  let atRisk = sorted.reduce((sum, w) => sum + n(w), 0);
  const observed = atRisk;
  let s = 1;
  let area = 0;
  let last = 0;
  let abandoned = 0;
  let totalWait = 0;
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i].seconds;
    let events = 0;
    let leaving = 0;
    while (i < sorted.length && sorted[i].seconds === t) {
      if (sorted[i].abandoned) events += n(sorted[i]);
      totalWait += sorted[i].seconds * n(sorted[i]);
      leaving += n(sorted[i]);
      i += 1;
    }
    area += s * (t - last);
    last = t;
    if (events > 0) {
      s *= 1 - events / atRisk;
      times.push(t);
      survival.push(s);
      abandoned += events;
    }
    atRisk -= leaving;
  }
  // Past the longest wait seen nothing is known: the exponential with the same censored-data rate carries it on.
  const tailMeanSeconds = abandoned > 0 ? totalWait / abandoned : Infinity;
  const tail = s > 0 && Number.isFinite(tailMeanSeconds) ? s * tailMeanSeconds : 0;
  return { times, survival, meanSeconds: area + tail, tailMeanSeconds, abandoned, observed };
}

/** A patience drawn from the curve (inverse transform); past its end, the exponential tail. */
export function drawPatience(curve: PatienceCurve, random: () => number): number {
  const u = random();
  for (let i = 0; i < curve.times.length; i++) if (curve.survival[i] <= u) return curve.times[i];
  const endS = curve.survival.at(-1) ?? 1;
  const lastT = curve.times.at(-1) ?? 0;
  const mean = Math.max(1, Number.isFinite(curve.tailMeanSeconds) ? curve.tailMeanSeconds : curve.meanSeconds);
  // S(t) = endS · e^{−(t−lastT)/mean} beyond the last drop.
  return lastT + -Math.log(Math.max(u, 1e-12) / endS) * mean;
}
