// Decodes and parses a CSV file in a worker thread, so the import's own thread validates rows and feeds the
// database while the next rows are parsed (csv-parse alone is a few seconds for 100,000 rows).
import { createReadStream } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { createOutbox } from './worker-outbox.mjs';

const { path, encoding, delimiter, batch, ahead, maxRecordChars } = workerData;
const outbox = createOutbox(ahead);

const file = createReadStream(path);
// `max_record_size`: a quote that never closes would otherwise buffer the rest of the file as one cell.
const parser = file.pipe(iconv.decodeStream(encoding)).pipe(
  parse({ delimiter, quote: '"', bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true, max_record_size: maxRecordChars }),
);
file.on('error', (e) => parser.destroy(e));
try {
  let rows = [];
  for await (const row of parser) {
    rows.push(row);
    if (rows.length >= batch) {
      await outbox.send(rows, file.bytesRead);
      rows = [];
    }
  }
  await outbox.send(rows, file.bytesRead);
  outbox.done();
} catch (e) {
  outbox.fail(e);
}
