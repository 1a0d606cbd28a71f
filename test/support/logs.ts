/**
 * A logger that records every line, so tests can assert on logs (and on what never appears in them).
 */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.js';

/** Every log line written by loggers from `capturingLogger`, across the whole test process. */
export const allCapturedLogs: string[] = [];

/** A logger plus the lines it wrote, parsed. */
export interface CapturedLogger {
  readonly logger: Logger;
  readonly lines: Record<string, unknown>[];
  /** The raw text of every line. */
  text(): string;
}

/** Create a debug-level logger that records its output in memory. */
export function capturingLogger(level = 'debug'): CapturedLogger {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        raw.push(line);
        allCapturedLogs.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines, text: () => raw.join('\n') };
}
