/**
 * Running the CLI's `main` in-process with captured output.
 */
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/index.js';

/** Collects what is written to it and wakes whoever waits for more. */
class Sink extends Writable {
  text = '';
  private waiting: (() => void)[] = [];

  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    this.wake();
    done();
  }

  /** Resolves at the next write or at `ended`, whichever comes first. */
  changed(ended: Promise<unknown>): Promise<unknown> {
    return Promise.race([new Promise<void>((resolve) => this.waiting.push(resolve)), ended]);
  }

  private wake(): void {
    for (const w of this.waiting.splice(0)) w();
  }
}

/** A `stormbot` command running in-process (`sandbox`, say), stopped by `stop`. */
export interface RunningCli {
  /** Resolves to the exit code. */
  readonly exit: Promise<number>;
  /** What it has printed on stdout so far. */
  out(): string;
  /** What it has printed on stderr so far. */
  err(): string;
  /**
   * Resolves with stdout once it matches `pattern`; fails, saying what it waited for and what it
   * saw, if the command exits first.
   */
  until(pattern: RegExp): Promise<string>;
  /** Ends the command as SIGINT would. */
  stop(): void;
}

/** Start `stormbot <argv>` in-process, with `input` as its standard input. */
export function startCli(argv: string[], env: NodeJS.ProcessEnv = {}, input = ''): RunningCli {
  const out = new Sink();
  const err = new Sink();
  const stop = new AbortController();
  const exit = main(argv, { in: Readable.from([input]), out, err, env, stop: stop.signal });
  let exited = false;
  void exit.then(() => (exited = true));
  return {
    exit,
    out: () => out.text,
    err: () => err.text,
    async until(pattern) {
      while (!pattern.test(out.text)) {
        if (exited) {
          throw new Error(
            `stormbot ${argv.join(' ')} exited (code ${await exit}) before printing ${pattern}; stdout: ${out.text}; stderr: ${err.text}`,
          );
        }
        await out.changed(exit);
      }
      return out.text;
    },
    stop: () => stop.abort(),
  };
}

/** Run `stormbot <argv>` to its end (reading `input`); resolves to the exit code and what it printed. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  input = '',
): Promise<{ code: number; out: string; err: string }> {
  const running = startCli(argv, env, input);
  const code = await running.exit;
  return { code, out: running.out(), err: running.err() };
}
