import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import path from 'node:path';
import express, { type ErrorRequestHandler } from 'express';
import type { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { STALL_SETTING, streamDownload, writeWithRoom, type Download } from './download-stream';

/** A real HTTP server whose one route streams what the test's producer writes; it reports how the download ended. */
async function serve(produce: (out: Writable) => Promise<void>, stallMs = 60_000) {
  const app = express();
  app.set(STALL_SETTING, stallMs);
  let ended!: (d: Download | Error) => void;
  const outcome = new Promise<Download | Error>((resolve) => (ended = resolve));
  app.get('/file', (_req, res, next) => void streamDownload(res, produce).then(ended, (e: Error) => {
    ended(e);
    next(e);
  }));
  app.use(((error, _req, res, _next) => void res.status(500).json({ error: { code: 'internal_error', message: (error as Error).message } })) as ErrorRequestHandler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  afterAll(() => void server.close());
  return { port: (server.address() as AddressInfo).port, outcome };
}

/** Writes `chunks` chunks of 64 KB, more than the sockets hold; `stopped` is set when the producer gives up. */
function endless(state: { stopped?: boolean; sent: number }) {
  return async (out: Writable) => {
    try {
      for (;;) {
        await writeWithRoom(out, Buffer.alloc(65_536, 0x61));
        state.sent++;
      }
    } finally {
      state.stopped = true;
    }
  };
}

function request(port: number, onConnect: (socket: ReturnType<typeof connect>) => void) {
  const socket = connect(port, '127.0.0.1', () => {
    socket.write('GET /file HTTP/1.1\r\nHost: x\r\n\r\n');
    onConnect(socket);
  });
  socket.on('error', () => {});
  return socket;
}

describe('streamDownload', () => {
  it('when the client reads one chunk and goes, then the producer stops and the download is marked cut', async () => {
    const state = { sent: 0 } as { stopped?: boolean; sent: number };
    const { port, outcome } = await serve(endless(state));
    request(port, (socket) => socket.once('data', () => socket.destroy()));
    expect(await outcome).toEqual({ complete: false });
    expect(state.stopped).toBe(true);
  });

  it('when the client stops reading, then the download is cut after the stall timeout and the producer stops', async () => {
    const state = { sent: 0 } as { stopped?: boolean; sent: number };
    const { port, outcome } = await serve(endless(state), 300);
    const socket = request(port, (s) => s.pause());
    expect(await outcome).toEqual({ complete: false });
    expect(state.stopped).toBe(true);
    socket.destroy();
  });

  it('when a producer never notices its stream closing, then the download still ends when the client goes', async () => {
    const { port, outcome } = await serve(async (out) => {
      out.write('first');
      await new Promise(() => {}); // a workbook or PDF library waiting for an event that never comes
    });
    request(port, (socket) => socket.once('data', () => socket.destroy()));
    expect(await outcome).toEqual({ complete: false });
  });

  it('when the producer fails while the client is there, then its error is not swallowed', async () => {
    const { port, outcome } = await serve(async (out) => {
      out.write('part');
      throw new Error('query failed');
    });
    request(port, () => {});
    expect(await outcome).toEqual(new Error('query failed'));
  });

  it('when the producer fails before its first byte, then the error handler answers in JSON (not a reset connection)', async () => {
    const { port, outcome } = await serve(async () => {
      throw new Error('font missing');
    });
    const res = await fetch(`http://127.0.0.1:${port}/file`);
    expect(await outcome).toEqual(new Error('font missing'));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal_error', message: 'font missing' } });
  });

  it('when the whole file is read, then the download is complete', async () => {
    const { port, outcome } = await serve(async (out) => {
      await writeWithRoom(out, 'a;b\r\n');
      out.end();
    });
    request(port, (socket) => socket.resume());
    expect(await outcome).toEqual({ complete: true });
  });
});

describe('every streamed response of the server', () => {
  it('goes through streamDownload: no route writes to or pipes into a response by itself', () => {
    const root = path.resolve(__dirname, '..');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const offenders = files.filter((f) => {
      const source = readFileSync(path.join(root, f), 'utf8');
      return /\bres\.write\(|\.pipe\(res\b|pipeline\([^)]*\bres\b|stream:\s*res\b|,\s*res\)\s*;/.test(source) && !f.endsWith('download-stream.ts');
    });
    expect(offenders).toEqual([]);
  });
});
