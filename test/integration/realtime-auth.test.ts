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
  // Sockets' sessions are checked again every 100 ms here (30 s in production).
  const t = await startTestApp({ socketRecheckMs: 100 });

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

  it('when a connected session expires, then its socket is closed without any action of the user', async () => {
    const { cookie, user } = await t.login({ role: 'agent', interface: 'PJSIP/1010' });
    const { socket, error } = await open(t.baseUrl, cookie);
    expect(error).toBeUndefined();
    const closed = new Promise((resolve) => socket.on('disconnect', resolve));
    await t.db.dataSource.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    expect(await closed).toBe('io server disconnect');
  });

  it('when a user is deactivated (by another process too), then their sockets are closed; other users stay', async () => {
    const { cookie, user } = await t.login({ role: 'agent', interface: 'PJSIP/1011' });
    const other = await t.login({ role: 'agent', interface: 'PJSIP/1012' });
    const { socket } = await open(t.baseUrl, cookie);
    const { socket: stays } = await open(t.baseUrl, other.cookie);
    const closed = new Promise((resolve) => socket.on('disconnect', resolve));
    await t.db.dataSource.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    expect(await closed).toBe('io server disconnect');
    expect(stays.connected).toBe(true);
    stays.close();
  });

  it('when the server ends a user\'s sockets at once (disconnectUser), then each of them is closed', async () => {
    const { cookie, user } = await t.login({ role: 'supervisor' });
    const first = await open(t.baseUrl, cookie);
    const second = await open(t.baseUrl, cookie);
    const closed = Promise.all([first, second].map(({ socket }) => new Promise((resolve) => socket.on('disconnect', resolve))));
    await t.realtime.disconnectUser(user.id);
    expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
  });
});
