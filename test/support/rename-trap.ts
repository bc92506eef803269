import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, waitFor } from './service';

const RENAMES = 'rename,renameat,renameat2';

/**
 * strace(1) attached to a running service, acting at its first rename(2):
 * the step that moves an accepted upload into the store. `kill-before` kills
 * the process with the rename refused (so it never happens); `hold-after`
 * holds the thread that renamed for `holdMs` once the file is in place, so a
 * test can kill the process, or break the database or Redis, at that very
 * point. No hook in the service: the kernel's view of its system calls.
 */
export class RenameTrap {
  private constructor(
    private readonly strace: ChildProcess,
    private readonly log: string,
    private readonly sign: RegExp,
  ) {}

  static async attach(pid: number, action: 'kill-before' | 'hold-after', holdMs = 0): Promise<RenameTrap> {
    const log = join(tempDir('strace'), 'log');
    const inject = action === 'kill-before' ? 'error=EINTR:signal=SIGKILL' : `delay_exit=${holdMs * 1000}:when=1`;
    const strace = spawn('strace', ['-f', '-p', String(pid), '-o', log, '-e', `trace=${RENAMES}`, '-e', `inject=${RENAMES}:${inject}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let said = '';
    strace.stderr!.setEncoding('utf8').on('data', (t: string) => (said += t));
    await waitFor(() => /attached/.test(said), 10_000, () => (strace.exitCode !== null ? `strace could not attach: ${said}` : undefined));
    return new RenameTrap(strace, log, action === 'kill-before' ? /killed by SIGKILL/ : /rename\w*\(.*= 0 \(DELAYED\)/);
  }

  /** Resolves once the rename was trapped: refused with the kill, or done and held. */
  reached(timeoutMs = 30_000): Promise<void> {
    return waitFor(() => {
      try {
        return this.sign.test(readFileSync(this.log, 'utf8'));
      } catch {
        return false;
      }
    }, timeoutMs);
  }

  /** Stops tracing; a held thread goes on. strace may sit out a hold of a process already killed: it is ended then. */
  async detach(): Promise<void> {
    if (this.strace.exitCode !== null) return;
    const exited = new Promise((done) => this.strace.once('exit', done));
    this.strace.kill('SIGINT');
    const ended = setTimeout(() => this.strace.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(ended);
  }
}
