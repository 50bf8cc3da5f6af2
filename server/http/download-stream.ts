import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';

/** How long a download may move no byte before it is cut (DOWNLOAD_STALL_TIMEOUT_MS). */
export const DEFAULT_STALL_MS = 30_000;
/** Where createApp keeps the stall timeout, so every download of the app reads the same one. */
export const STALL_SETTING = 'download stall ms';

export interface Download {
  /** False when the client went away or stalled before the last byte: the file it has is cut short. */
  complete: boolean;
}

/**
 * Sends what `produce` writes into `out` as the response, through `stream.pipeline`, so that when the client
 * goes away the pipe is destroyed, `out` closes, and a producer waiting for room (see `writeWithRoom`) stops
 * and releases what it holds (a cursor, its connection). A client that reads nothing for the stall timeout
 * has its socket closed, which ends the pipe the same way. A producer's own error is rethrown: before the
 * first byte the error handler answers it; after, it can only cut the response.
 */
export async function streamDownload(res: Response, produce: (out: Writable) => Promise<void>): Promise<Download> {
  const out = new PassThrough();
  // No listener: Node closes a socket whose timeout passes with nothing written or read.
  res.setTimeout(Number(res.app.get(STALL_SETTING) ?? DEFAULT_STALL_MS));
  const piping = pipeline(out, res);
  const sent = piping.then(() => true, () => false);
  try {
    // An opaque producer (a PDF, a workbook) may never notice its stream closing: the pipe's end settles it.
    await Promise.race([produce(out), sent.then((ok) => ok || Promise.reject(new ClientGone()))]);
  } catch (e) {
    // The pipe destroys `out` when the client goes: then the producer's error is only the echo of that.
    const clientWent = e instanceof ClientGone || out.destroyed;
    if (!clientWent && !res.headersSent) {
      // Nothing sent yet: leave the response to the error handler, which answers in the usual JSON shape.
      out.unpipe(res);
      throw e;
    }
    out.destroy();
    await sent;
    if (clientWent) return { complete: false };
    throw e;
  }
  return { complete: await sent };
}

class ClientGone extends Error {}

/**
 * Writes a chunk and waits while the reader is behind: backpressure, not a wait for a `drain` that a closed
 * stream never emits. Rejects when `out` is closed meanwhile, which stops the producer's loop.
 */
export async function writeWithRoom(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed) throw new ClientGone();
  if (out.write(chunk)) return;
  await room(out);
}

/** Resolves when `out` can take more, rejects when it closes first. */
export function room(out: Writable): Promise<void> {
  if (out.destroyed) return Promise.reject(new ClientGone());
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (ok: boolean) => () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      if (ok) resolve();
      else reject(new ClientGone());
    };
    const onDrain = done(true);
    const onClose = done(false);
    out.once('drain', onDrain);
    out.once('close', onClose);
  });
}
