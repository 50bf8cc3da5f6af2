/**
 * A percentage as app_queue prints ServicelevelPerf: `100 * ((float)part / (float)whole)` in single
 * precision, then `%2.1f` (glibc rounds an exact tie to even, where JavaScript's toFixed rounds it up).
 * 0 when `whole` is 0, as Asterisk prints 0.0 then.
 */
export function appQueuePercent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  const x = Math.fround(100 * Math.fround(Math.fround(part) / Math.fround(whole)));
  // x is a float: x * 20 is exact in double precision, so an odd integer there is an exact tie at one decimal.
  const twenty = x * 20;
  if (Number.isInteger(twenty) && twenty % 2 === 1) {
    const down = Math.floor(x * 10);
    return (down % 2 === 0 ? down : down + 1) / 10;
  }
  return Number(x.toFixed(1));
}
