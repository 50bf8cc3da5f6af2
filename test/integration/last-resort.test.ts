import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('../fixtures/process/last-resort-child.ts', import.meta.url));

interface Running {
  proc: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

let running: Running | undefined;
afterEach(() => {
  if (running?.proc.exitCode === null) running.proc.kill('SIGKILL');
  running = undefined;
});

/** The child server as a real process: what systemd would run. */
function start(): Promise<Running> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /PORT (\d+)/.exec(out)?.[1];
      if (port && !running) resolve((running = { proc, port: Number(port), output: () => out, exited }));
    });
    proc.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    void exited.then((code) => reject(new Error(`child exited with ${code} before listening: ${out}`)));
  });
}

const get = (r: Running, path: string) => fetch(`http://127.0.0.1:${r.port}${path}`).then((res) => res.status);

/** Waits for a log line the child prints when the failure has been handled. */
async function logged(r: Running, text: string): Promise<void> {
  while (!r.output().includes(text)) {
    if (r.proc.exitCode !== null) throw new Error(`child exited: ${r.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the last line of defence', () => {
  it('when one callback throws, then the error is logged with its origin and the server keeps serving', async () => {
    const r = await start();
    expect(await get(r, '/throw')).toBe(200);
    await logged(r, 'one bad callback');
    expect(r.output()).toMatch(/"origin":"uncaughtException".*"msg":"uncaught exception"/);
    expect(await get(r, '/ok')).toBe(200);
  });

  it('when a promise is rejected and nobody awaits it, then it is logged and the server keeps serving', async () => {
    const r = await start();
    expect(await get(r, '/reject')).toBe(200);
    await logged(r, 'nobody awaited this');
    expect(r.output()).toContain('unhandled promise rejection; still serving');
    expect(await get(r, '/ok')).toBe(200);
  });

  it('when exceptions come in a storm, then it stops cleanly and exits 1 for the supervisor to restart it', async () => {
    const r = await start();
    await get(r, '/storm');
    expect(await r.exited).toBe(1);
    expect(r.output()).toContain('"msg":"clean stop"');
    expect(r.output()).toMatch(/uncaught exceptions within a minute/);
  });

  it('when the process runs out of a resource, then it stops cleanly and exits 1', async () => {
    const r = await start();
    await get(r, '/exhausted');
    expect(await r.exited).toBe(1);
    expect(r.output()).toContain('resource exhausted: EMFILE');
  });
});
