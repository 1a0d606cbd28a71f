/**
 * What the command line touches of the process: its output streams, its environment, what ends
 * a long-running command and what asks it to reload. Injectable, so tests run the CLI in-process.
 */

/** Where the CLI writes and what it reads; `bin/stormbot.js` passes the process's own. */
export interface CliIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Standard input (`match --json` reads commands from it); the process's when absent. */
  readonly in?: NodeJS.ReadableStream | undefined;
  /** Ends a long-running command (`run`, `sandbox`) as SIGINT or SIGTERM do; for tests. */
  readonly stop?: AbortSignal | undefined;
  /**
   * Ends the process at once, with the exit code the command returned, when something a stop
   * could not close would keep it running; `bin/stormbot.js` passes `process.exit`, in-process
   * tests leave it out.
   */
  readonly exit?: (() => void) | undefined;
}

/** Resolves on the first of SIGINT, SIGTERM or `io.stop`, then removes its listeners. */
export function stopRequested(io: CliIo): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stop?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (io.stop?.aborted) stop();
    else io.stop?.addEventListener('abort', stop, { once: true });
  });
}

/** The signals that ask a running bot to reload its aliases: hubot's SIGUSR2, and SIGHUP. */
const RELOAD_SIGNALS = ['SIGUSR2', 'SIGHUP'] as const;

/**
 * Call `reload` with the signal's name on every SIGUSR2 or SIGHUP (which would otherwise end the
 * process) until the returned function is called.
 */
export function onReloadRequested(
  reload: (signal: (typeof RELOAD_SIGNALS)[number]) => void,
): () => void {
  const handlers = RELOAD_SIGNALS.map((signal) => {
    const handler = (): void => reload(signal);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
