import { constants } from 'node:fs';
import { access, open, stat, statfs } from 'node:fs/promises';
import path from 'node:path';

export type FolderFault = 'folder_missing' | 'folder_full';

/** Whether a recording may start: the folder is there, writable, with `minFreeMb` to spare. */
export async function folderFault(dir: string, minFreeMb: number): Promise<FolderFault | null> {
  try {
    await access(dir, constants.W_OK);
    const fs = await statfs(dir);
    return (fs.bavail * fs.bsize) / 1_048_576 < minFreeMb ? 'folder_full' : null;
  } catch {
    return 'folder_missing';
  }
}

/** The file of a call, inside the folder whatever the id holds (a Linkedid is ours to name, not a path). */
export function recordingFile(callId: string): string {
  return `${callId.replace(/[^A-Za-z0-9._-]/g, '_')}.wav`;
}

export const recordingPath = (dir: string, file: string) => path.join(dir, path.basename(file));

/** Length and size of a finished WAV (PCM: its data chunk over its byte rate); null when no usable file is there. */
export async function wavFacts(file: string): Promise<{ durationSeconds: number; bytes: number } | null> {
  try {
    const info = await stat(file);
    const handle = await open(file, 'r');
    try {
      const header = Buffer.alloc(44);
      await handle.read(header, 0, 44, 0);
      if (header.toString('ascii', 0, 4) !== 'RIFF' || header.toString('ascii', 8, 12) !== 'WAVE') return null;
      const byteRate = header.readUInt32LE(28);
      // Asterisk fixes the header when it closes the file; before that the data size may still be 0.
      const dataBytes = Math.max(header.readUInt32LE(40), info.size - 44);
      return { durationSeconds: byteRate ? Math.round((dataBytes / byteRate) * 100) / 100 : 0, bytes: info.size };
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}
