// Decodes and parses a CSV file in a worker thread, so the import's own thread validates rows and feeds the
// database while the next rows are parsed (csv-parse alone is a few seconds for 100,000 rows).
// Plain JavaScript: a worker starts without the TypeScript loader.
//
// Sends { rows, bytesRead } batches, then { done: true } or { error }. At most `ahead` batches are in flight:
// each 'more' from the parent lets one more go, so memory stays bounded however far the parser could run ahead.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';

const { path, encoding, delimiter, batch, ahead } = workerData;
let credit = ahead;
let wake = null;
parentPort.on('message', () => {
  credit++;
  wake?.();
});

async function send(rows, bytesRead) {
  while (credit === 0) await new Promise((resolve) => (wake = resolve));
  wake = null;
  credit--;
  parentPort.postMessage({ rows, bytesRead });
}

const file = createReadStream(path);
const parser = file.pipe(iconv.decodeStream(encoding)).pipe(
  parse({ delimiter, quote: '"', bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }),
);
file.on('error', (e) => parser.destroy(e));
try {
  let rows = [];
  for await (const row of parser) {
    rows.push(row);
    if (rows.length >= batch) {
      await send(rows, file.bytesRead);
      rows = [];
    }
  }
  await send(rows, file.bytesRead);
  parentPort.postMessage({ done: true });
} catch (e) {
  parentPort.postMessage({ error: { message: e.message, code: e.code } });
}
