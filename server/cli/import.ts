import path from 'node:path';
import type { DataSource } from 'typeorm';
import { AppError } from '../http/errors';
import { IMPORT_FORMATS, MAPPED_FORMATS, type ImportFormat } from '../imports/formats';
import { runImport, type ImportSummary } from '../imports/imports.service';
import type { RowError } from '../imports/rows';
import { loadTopicMap } from '../imports/topic-map';
import { progressBar } from '../seed/progress-bar';
import { text, type parseArgs } from './args';

type Args = ReturnType<typeof parseArgs>;
type WithDatabase = <T>(fn: (ds: DataSource) => Promise<T>) => Promise<T>;

function formatOf(args: Args, allowed: readonly string[]): ImportFormat {
  const format = text(args.format);
  if (!format || !allowed.includes(format)) throw new AppError(400, 'invalid_input', `Give --format ${allowed.join('|')}.`);
  return format as ImportFormat;
}

function fileOf(args: Args): string {
  const file = text(args.file);
  if (!file) throw new AppError(400, 'invalid_input', 'Give --file PATH.');
  return path.resolve(file);
}

const errorLines = (errors: RowError[]) => errors.map((e) => `  row ${e.row}, column "${e.column}": ${e.why}`).join('\n');

/** `import appeals …`: prints the summary; the exit status is 1 when rows were rejected. */
export async function importAppeals(args: Args, withDatabase: WithDatabase): Promise<number> {
  const format = formatOf(args, IMPORT_FORMATS);
  const file = fileOf(args);
  const dryRun = args['dry-run'] === true;
  const s: ImportSummary = await withDatabase((ds) =>
    runImport(ds, {
      format, path: file, fileName: path.basename(file), addressee: text(args.addressee), dryRun,
      actor: { userId: null, name: `cli:${process.env.USER ?? 'unknown'}` }, onProgress: progressBar(),
    }));
  const out = [
    `${s.outcome === 'rejected' ? 'REJECTED, nothing written' : s.dryRun ? 'dry run, nothing written' : 'imported'}: ${s.fileName} (sha256 ${s.fileHash.slice(0, 12)}…)`,
    `rows ${s.total}: new ${s.new}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${s.rejected}; unclassified ${s.unclassified}`,
  ];
  if (s.errors.length) out.push(`bad rows:\n${errorLines(s.errors)}`);
  if (s.stoppedAtRow !== null) out.push(`${s.moreErrors ? `${s.moreErrors} more problems; ` : ''}reading stopped at row ${s.stoppedAtRow}: later rows were not checked`);
  if (s.unmapped.length) out.push(`topics to classify (add them with import topic-map):\n${s.unmapped.map((u) => `  ${u.count} × ${u.text}`).join('\n')}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return s.rejected > 0 ? 1 : 0;
}

/** `import topic-map …`: all lines or none. */
export async function importTopicMap(args: Args, withDatabase: WithDatabase): Promise<number> {
  const format = formatOf(args, MAPPED_FORMATS);
  const { written, errors } = await withDatabase((ds) => loadTopicMap(ds, format, fileOf(args)));
  if (errors.length) {
    process.stdout.write(`REJECTED, nothing written:\n${errorLines(errors)}\n`);
    return 1;
  }
  process.stdout.write(`topic map ${format}: ${written} lines written\n`);
  return 0;
}
