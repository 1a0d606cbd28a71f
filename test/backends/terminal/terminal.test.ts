import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { TerminalBackend } from '../../../src/backends/terminal/index.js';
import { Bot } from '../../../src/core/bot.js';
import { builtins } from '../../../src/core/builtins.js';
import { silentLogger } from '../../../src/log.js';
import { runBackendContract, type BackendHarness } from '../../contracts/backend-contract.js';
import { bounded } from '../../support/wait.js';

/** Collects output lines and resolves waiters as lines arrive. */
class Screen {
  readonly lines: string[] = [];
  private waiters: { p: (l: string) => boolean; r: (l: string) => void }[] = [];
  constructor(stream: PassThrough) {
    let buf = '';
    stream.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        this.lines.push(line);
        this.waiters = this.waiters.filter((w) => (w.p(line) ? (w.r(line), false) : true));
      }
    });
  }
  /** The next line (from now on) that satisfies `p`; bounded. */
  next(p: (l: string) => boolean): Promise<string> {
    const line = new Promise<string>((r) => this.waiters.push({ p, r }));
    return bounded(line, { what: `a line matching ${String(p)}`, seen: () => this.lines });
  }
}

runBackendContract(
  'terminal',
  () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const screen = new Screen(output);
    const backend = new TerminalBackend({
      user: 'alice',
      room: '#ops',
      input,
      output,
      interactive: false,
    });
    const harness: BackendHarness = {
      backend,
      roomChannel: '#ops',
      unknownChannel: '',
      personUser: 'alice',
      personSays(text, where) {
        input.write(where.direct ? `/dm\n${text}\n/room #ops\n` : `${text}\n`);
        return Promise.resolve();
      },
      async personReceives(where, predicate = () => true) {
        const line = await screen.next(
          (l) =>
            (where.direct ? l.startsWith('[direct to') : /^\[#ops[\] ]/.test(l)) && predicate(l),
        );
        return line;
      },
      close: () => Promise.resolve(),
    };
    return Promise.resolve(harness);
  },
  { connection: false },
);

/** A bot on `backend` with the default addressing and an open ACL. */
function botOn(backend: TerminalBackend): Bot {
  return new Bot({
    backend,
    addressing: { prefix: '!', names: ['stormbot'], prefixOptionalInDirect: true },
    acl: { rules: [], admins: [], hideDenials: false },
    logger: silentLogger(),
  });
}

/** A bot (not started) on a terminal back-end fed by a pipe as bob; `done` once input ended. */
function pipedBot(): { input: PassThrough; screen: Screen; bot: Bot; done: Promise<void> } {
  const input = new PassThrough();
  const output = new PassThrough();
  const screen = new Screen(output);
  let ended!: () => void;
  const done = new Promise<void>((r) => (ended = r));
  const backend = new TerminalBackend({
    user: 'bob',
    input,
    output,
    interactive: false,
    onEnd: ended,
  });
  return { input, screen, bot: botOn(backend), done };
}

test('piped input: help and whoami answer, lines in order, then onEnd', async () => {
  const { input, screen, bot, done } = pipedBot();
  bot.use(builtins(bot));
  await bot.start();
  input.end('!help\n!whoami\n/room #ops\n!whoami\n');
  await bounded(done, { what: 'the end of the piped input', seen: () => screen.lines });
  const text = screen.lines.join('\n');
  assert.match(text, /\[direct to bob\] stormbot: Commands you may run here:/);
  assert.match(text, /\[direct to bob\] stormbot: id: bob/);
  assert.match(text, /\[#ops\] stormbot: id: bob/);
  assert.ok(text.indexOf('Commands you may run') < text.indexOf('id: bob'));
});

test('a line ending in a backslash continues the command', async () => {
  const { input, screen, bot, done } = pipedBot();
  bot.commands.register({
    name: 'echo',
    aclKey: 'core:echo',
    summary: 'echo',
    run: (c) => `<${c.args}>`,
  });
  await bot.start();
  input.end('!echo one\\\ntwo\n');
  await bounded(done, { what: 'the end of the piped input', seen: () => screen.lines });
  assert.ok(screen.lines.join('\n').includes('<one\ntwo>'));
});

test('/user and /room alone show their usage; /quit ends the input like its end', async () => {
  const { input, screen, bot, done } = pipedBot();
  bot.use(builtins(bot));
  await bot.start();
  input.write('/user\n/room\n/quit\n!whoami\n');
  await bounded(done, { what: 'the input to end at /quit', seen: () => screen.lines });
  assert.deepEqual(screen.lines, [
    '(usage: /user NAME, to type as person NAME)',
    '(usage: /room NAME, to type in room NAME; /dm for a direct message)',
  ]);
});

/** A terminal back-end on a TTY-like input (raw keys), as `npm start` in a terminal has. */
function ttyBot(onInterrupt?: () => void): {
  input: PassThrough;
  screen: Screen;
  bot: Bot;
  done: Promise<void>;
} {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  const screen = new Screen(output);
  let ended!: () => void;
  const done = new Promise<void>((r) => (ended = r));
  const backend = new TerminalBackend({ user: 'bob', input, output, onEnd: ended, onInterrupt });
  return { input, screen, bot: botOn(backend), done };
}

test('TTY: Ctrl+C at the prompt sends the process SIGINT, which stops `run`', async () => {
  const { input, screen, bot } = ttyBot();
  await bot.start();
  const signalled = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  input.write('\x03');
  await bounded(signalled, { what: 'SIGINT after Ctrl+C', seen: () => screen.lines });
  await bot.stop();
});

test('TTY: Ctrl+D while a line is handled ends the input and leaves it paused', async () => {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let began!: () => void;
  const handling = new Promise<void>((r) => (began = r));
  const { input, screen, bot, done } = ttyBot(() => assert.fail('no Ctrl+C was typed'));
  bot.commands.register({
    name: 'slow',
    aclKey: 'core:slow',
    summary: 'slow',
    run: async () => {
      began();
      await released;
      return 'slow done';
    },
  });
  await bot.start();
  input.write('!slow\r');
  await bounded(handling, { what: '!slow to be handled', seen: () => screen.lines });
  input.write('\x04');
  release();
  await bounded(done, { what: 'the end of the input after Ctrl+D', seen: () => screen.lines });
  // A prompt drawn after the end would resume the input, and stdin would keep the process alive.
  assert.ok(input.isPaused(), 'the input is paused once it ended');
  assert.ok(screen.lines.some((l) => l.includes('slow done')));
  await bot.stop();
});
