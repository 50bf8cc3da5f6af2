// The sending side of a reader worker (csv-worker.mjs, xlsx-worker.mjs). Plain JavaScript: a worker starts
// without the TypeScript loader.
//
// Batches go as { rows, bytesRead }, then { done: true } or { error }. At most `ahead` batches are in flight:
// each 'more' from the parent lets one more go, so memory stays bounded however far the reader could run ahead.
import { parentPort } from 'node:worker_threads';

export function createOutbox(ahead) {
  let credit = ahead;
  let wake = null;
  parentPort.on('message', () => {
    credit++;
    wake?.();
  });
  return {
    async send(rows, bytesRead) {
      while (credit === 0) await new Promise((resolve) => (wake = resolve));
      wake = null;
      credit--;
      parentPort.postMessage({ rows, bytesRead });
    },
    done: () => parentPort.postMessage({ done: true }),
    fail: (e) => parentPort.postMessage({ error: { message: e.message, code: e.code, limit: e.limit } }),
  };
}
