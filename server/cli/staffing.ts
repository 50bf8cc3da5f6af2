import type { DataSource } from 'typeorm';
import { AppError } from '../http/errors';
import { backtest, backtestTable } from '../staffing/backtest';
import { addDays, kyivDayOf } from '../staffing/half-hours';
import { verifyStaffing, verifyTable } from '../staffing/verify';
import { text, type parseArgs } from './args';

type Args = ReturnType<typeof parseArgs>;
type WithDatabase = <T>(fn: (ds: DataSource) => Promise<T>) => Promise<T>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const queueOf = (args: Args) => text(args.queue) ?? 'hotline';

function wholeNumber(args: Args, name: string, fallback: number, max: number): number {
  const given = text(args[name]);
  if (given === undefined) return fallback;
  const n = Number(given);
  if (!/^\d+$/.test(given) || n < 1 || n > max) throw new AppError(400, 'invalid_input', `Give --${name} as a whole number from 1 to ${max}.`);
  return n;
}

/** `staffing verify --queue Q --day YYYY-MM-DD [--runs N] [--seed N]`: the table, then one JSON line with the figures. */
export async function staffingVerify(args: Args, withDatabase: WithDatabase): Promise<void> {
  const day = text(args.day) ?? addDays(kyivDayOf(new Date()), 1);
  if (!DAY.test(day) || Number.isNaN(Date.parse(day))) throw new AppError(400, 'invalid_input', 'Give --day YYYY-MM-DD.');
  const runs = wholeNumber(args, 'runs', 20, 1000);
  const seed = wholeNumber(args, 'seed', 28, 2 ** 31);
  const v = await withDatabase((ds) => verifyStaffing(ds, { queue: queueOf(args), day, runs, seed }));
  const { rows, ...figures } = v;
  process.stdout.write(`${verifyTable(v)}\n${JSON.stringify({ ...figures, halfHours: rows.length })}\n`);
}

/** `staffing backtest [--queue Q] [--weeks N] [--until YYYY-MM-DD]`: the table, then one JSON line with the figures. */
export async function staffingBacktest(args: Args, withDatabase: WithDatabase): Promise<void> {
  const until = text(args.until) ?? kyivDayOf(new Date());
  if (!DAY.test(until) || Number.isNaN(Date.parse(until))) throw new AppError(400, 'invalid_input', 'Give --until YYYY-MM-DD.');
  const weeks = wholeNumber(args, 'weeks', 4, 52);
  const b = await withDatabase((ds) => backtest(ds, { queue: queueOf(args), weeks, until }));
  process.stdout.write(`${backtestTable(b)}\n${JSON.stringify(b)}\n`);
}
