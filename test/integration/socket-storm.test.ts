import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../server/startup/console-build';
import { createUsersService } from '../../server/users/users.service';
import { startSimulator, type Simulator } from '../../telephony';
import { ready, spawnNode, type ServerNode } from '../fixtures/process/cluster-node';
import { useTestDatabase } from '../setup/database';
import { connectConsole, type Console } from './calls-harness';

/**
 * Issue 19, item 1, as it was seen: a real server process (server/main.ts with its last-resort handlers, which
 * stop the process after more than five uncaught exceptions a minute) and one logged-in executor and official.
 */
describe('a logged-in user sending malformed socket messages to a real server process', () => {
  let sim: Simulator;
  let node: ServerNode;
  const consoles: Console[] = [];

  const login = async (username: string) => {
    const res = await fetch(`${node.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'password123' }) });
    expect(res.status).toBe(200);
    const c = connectConsole(node.url, res.headers.getSetCookie()[0]!.split(';')[0]!);
    consoles.push(c);
    await c.next('agent:snapshot');
    return c;
  };

  beforeAll(async () => {
    await ensureConsoleBuilt(pino({ level: 'warn' }));
    const db = await useTestDatabase();
    sim = await startSimulator({ agents: 1, loginFailureDelayMs: 10 });
    const users = createUsersService(db.dataSource);
    await users.create({ role: 'executor', username: 'water', password: 'password123', fullName: 'Водоканал', executor: 'WATER' });
    await users.create({ role: 'official', username: 'official', password: 'password123', fullName: 'Коваль Ірина', phone: '0671110001' });
    node = await spawnNode({ id: 'storm', databaseUrl: db.url, sim, env: { LOG_LEVEL: 'info' } });
    await ready(node);
  }, 180_000);

  afterAll(async () => {
    for (const c of consoles) c.close();
    await node?.kill('SIGKILL');
    await sim?.close();
  });

  it('when an executor and an official each send request:unwatch / consultation:unwatch with { id: { toString: 1 } } ten times, then the process serves on and answers them', async () => {
    const executor = await login('water');
    const official = await login('official');
    for (let i = 0; i < 10; i++) {
      executor.socket.emit('request:unwatch', { id: { toString: 1 } } as never);
      official.socket.emit('consultation:unwatch', { id: { toString: 1 } } as never);
    }
    // The same messages with an acknowledgement come after the twenty above on the same sockets: all were handled.
    const refused = { ok: false, error: expect.objectContaining({ code: 'invalid_input' }) };
    expect(await executor.socket.timeout(10_000).emitWithAck('request:unwatch', { id: { toString: 1 } } as never)).toEqual(refused);
    expect(await official.socket.timeout(10_000).emitWithAck('consultation:unwatch', { id: { toString: 1 } } as never)).toEqual(refused);
    expect(await executor.socket.timeout(10_000).emitWithAck('request:watch', { id: { toString: 1 } } as never)).toEqual(refused);

    expect(node.process.exitCode).toBeNull();
    expect((await node.health())?.status).toBeDefined();
    expect(node.output()).not.toMatch(/uncaught exception|unhandled promise rejection|stopping: the process/);
  });
});
