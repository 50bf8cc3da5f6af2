import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { AppError, badRequest } from '../http/errors';
import { clip } from './clip';
import { clientGone } from './imports.service';

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** Uploads wait here, a folder each, named `<pid>-…` after the server that took them (see sweepUploads). */
export const UPLOAD_ROOT = path.join(tmpdir(), 'hc-uploads');

export interface Upload {
  fields: Record<string, string>;
  /** `hash`: the sha256 of the file, taken as it arrived (a 200 MB file is not read again for it). */
  file: { path: string; name: string; hash: string };
  /** Removes the temporary copy. */
  cleanup(): Promise<void>;
}

/**
 * A multipart form with one file, streamed to a temporary file (a 100 MB export never sits in memory). The
 * copy is removed whatever happens: the form read, refused, or the client gone halfway through.
 */
export async function receiveUpload(req: Request, root = UPLOAD_ROOT): Promise<Upload> {
  if (!req.is('multipart/form-data')) throw badRequest('Send the file as multipart/form-data.', { file: 'required' });
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(path.join(root, `${process.pid}-`));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    return { ...(await readForm(req, dir)), cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** The name as the record keeps it: no path, no control characters (PostgreSQL refuses a NUL), not endless. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const fileName = (raw: string | undefined) => clip(path.basename(raw || 'upload').replace(/[\u0000-\u001f\u007f]/g, ''), 255) || 'upload';

function readForm(req: Request, dir: string): Promise<Omit<Upload, 'cleanup'>> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_UPLOAD_BYTES, fields: 20, fieldSize: 1024 } });
    } catch {
      return reject(badRequest('The multipart form could not be read.', { file: 'required' }));
    }
    const fields: Record<string, string> = {};
    let saved: Promise<Upload['file']> | null = null;
    let writing: NodeJS.ReadableStream | null = null;
    let tooLarge = false;
    // A client gone before the form's end: busboy never closes, so nothing else would ever settle or clean up.
    req.once('close', () => {
      if (req.complete) return;
      req.unpipe(bb);
      (writing as { destroy?: (e: Error) => void } | null)?.destroy?.(clientGone());
      reject(clientGone());
    });
    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('file', (_name, stream, info) => {
      const target = path.join(dir, 'upload');
      writing = stream;
      stream.on('limit', () => (tooLarge = true));
      const hash = createHash('sha256');
      stream.on('data', (chunk: Buffer) => hash.update(chunk));
      saved = pipeline(stream, createWriteStream(target)).then(() => ({ path: target, name: fileName(info.filename), hash: hash.digest('hex') }));
      saved.catch(() => {}); // settled through `close` or the client's leaving, whichever comes
    });
    bb.on('error', () => reject(badRequest('The multipart form could not be read.', { file: 'unreadable' })));
    bb.on('close', () => {
      if (!saved) return reject(badRequest('Attach the file.', { file: 'required' }));
      saved.then((file) => {
        if (tooLarge) reject(new AppError(413, 'payload_too_large', `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`));
        else resolve({ fields, file });
      }, reject);
    });
    req.pipe(bb);
  });
}
