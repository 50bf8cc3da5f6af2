import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { RealtimeServer } from './socket.types';
import { emitSliced, ROOMS_PER_SLICE } from './sliced-emit';

describe('a broadcast to many consoles, a slice at a time', async () => {
  const http = createServer();
  const io = new Server(http) as unknown as RealtimeServer;
  io.on('connection', (socket) => void socket.join(`user:${String(socket.handshake.auth.user)}`));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const consoles = 2 * ROOMS_PER_SLICE + 20;
  const heard: string[][] = Array.from({ length: consoles }, () => []);
  const sockets: Socket[] = await Promise.all(Array.from({ length: consoles }, (_, i) => new Promise<Socket>((resolve) => {
    const socket = connect(url, { transports: ['websocket'], auth: { user: i }, forceNew: true });
    socket.on('queues:snapshot', (s: { at: string }) => heard[i]!.push(s.at));
    socket.on('worklist:changed', () => heard[i]!.push('other'));
    socket.once('connect', () => resolve(socket));
  })));
  afterAll(async () => {
    for (const s of sockets) s.close();
    await new Promise((resolve) => io.close(resolve));
  });
  const rooms = Array.from({ length: consoles }, (_, i) => `user:${i}`);
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('when it goes to more consoles than one slice, then every console gets it once, and work of the next turn is not held until the last', async () => {
    // Work waiting for the loop's next turn (another emit, as an AMI frame's pop would be): it goes between the slices.
    setImmediate(() => io.emit('worklist:changed', { at: 'other' }));
    const sent = emitSliced(io, rooms, 'queues:snapshot', { queues: [], at: 'first', link: { state: 'connected', since: 'x' } });
    await sent;
    await until(() => heard.every((h) => h.length === 2));
    expect(heard.filter((h) => h[0] === 'first').length).toBe(ROOMS_PER_SLICE);
    expect(heard.slice(0, ROOMS_PER_SLICE).every((h) => h.join() === 'first,other')).toBe(true);
    expect(heard.slice(ROOMS_PER_SLICE).every((h) => h.join() === 'other,first')).toBe(true);
  });

  it('when it goes to one slice or fewer, then it is written in one go', async () => {
    for (const h of heard) h.length = 0;
    const few = rooms.slice(0, ROOMS_PER_SLICE);
    setImmediate(() => io.to(few).emit('worklist:changed', { at: 'other' }));
    const sent = emitSliced(io, few, 'queues:snapshot', { queues: [], at: 'second', link: { state: 'connected', since: 'x' } });
    await sent;
    await until(() => heard.slice(0, ROOMS_PER_SLICE).every((h) => h.length === 2));
    expect(heard.slice(0, ROOMS_PER_SLICE).every((h) => h.join() === 'second,other')).toBe(true);
    expect(heard.slice(ROOMS_PER_SLICE).every((h) => h.length === 0)).toBe(true);
  });
});
