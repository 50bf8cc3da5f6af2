import { io as connect, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../setup/app';

function open(baseUrl: string, cookie?: string): Promise<{ socket: Socket; error?: string }> {
  const socket = connect(baseUrl, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, reconnection: false });
  return new Promise((resolve) => {
    socket.on('connect', () => resolve({ socket }));
    socket.on('connect_error', (e) => resolve({ socket, error: e.message }));
  });
}

describe('Socket.IO authentication', async () => {
  const t = await startTestApp();

  it('when a socket connects without a session, then it is refused', async () => {
    const { socket, error } = await open(t.baseUrl);
    expect(error).toBe('unauthorized');
    socket.close();
  });

  it('when a socket connects with the session cookie, then it is in; when the session logs out, the socket is closed', async () => {
    const { cookie } = await t.login({ role: 'agent', interface: 'PJSIP/1009' });
    const { socket, error } = await open(t.baseUrl, cookie);
    expect(error).toBeUndefined();
    const closed = new Promise((resolve) => socket.on('disconnect', resolve));
    await t.fetch('/api/auth/logout', { method: 'POST', cookie });
    expect(await closed).toBe('io server disconnect');
  });
});
