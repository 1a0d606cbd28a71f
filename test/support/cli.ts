/**
 * Running the CLI's `main` in-process with captured output.
 */
import { Writable } from 'node:stream';
import { main } from '../../src/cli.js';

/** Collects what is written to it. */
class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

/** Run `stormbot <argv>`; resolves to the exit code and what it printed. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const code = await main(argv, { out, err, env });
  return { code, out: out.text, err: err.text };
}
