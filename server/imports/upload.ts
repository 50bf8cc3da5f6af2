import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { AppError, badRequest } from '../http/errors';

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export interface Upload {
  fields: Record<string, string>;
  file: { path: string; name: string };
  /** Removes the temporary copy. */
  cleanup(): Promise<void>;
}

/** A multipart form with one file, streamed to a temporary file (a 100 MB export never sits in memory). */
export async function receiveUpload(req: Request): Promise<Upload> {
  if (!req.is('multipart/form-data')) throw badRequest('Send the file as multipart/form-data.', { file: 'required' });
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-upload-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    return { ...(await readForm(req, dir)), cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

function readForm(req: Request, dir: string): Promise<Omit<Upload, 'cleanup'>> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_UPLOAD_BYTES, fields: 20, fieldSize: 1024 } });
    } catch {
      return reject(badRequest('The multipart form could not be read.', { file: 'required' }));
    }
    const fields: Record<string, string> = {};
    let saved: Promise<{ path: string; name: string }> | null = null;
    let tooLarge = false;
    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('file', (_name, stream, info) => {
      const target = path.join(dir, 'upload');
      stream.on('limit', () => (tooLarge = true));
      saved = pipeline(stream, createWriteStream(target)).then(() => ({ path: target, name: path.basename(info.filename || 'upload') }));
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
