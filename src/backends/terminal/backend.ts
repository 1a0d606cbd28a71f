/**
 * The terminal back-end: the embedded default for trying stormbot.
 *
 * Reads lines from stdin (an interactive prompt on a TTY, or piped input) as one person in one
 * room or in a direct conversation, and prints what the bot sends as plain text. A line ending in
 * `\` continues on the next line (multi-line commands). Meta commands: `/user NAME`,
 * `/room NAME`, `/dm`, `/quit` (ends the input, as Ctrl+D does). Ctrl+C at the prompt stops the
 * process as SIGINT does.
 */
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Readable } from 'node:stream';
import type {
  BackendCaps,
  BackendIdentity,
  BackendStatus,
  ChatBackend,
  EventSink,
} from '../../core/backend.js';
import type { Principal, Room, Target } from '../../core/identity.js';
import type { OutgoingMessage, SentMessage } from '../../core/message.js';
import { plainIdentity, plainPrincipal, plainRoom } from '../shared/plain-identity.js';

/** Options of the terminal back-end. */
export interface TerminalBackendOptions {
  /** The person typing (default: the `USER` environment variable, else `operator`). */
  readonly user?: string | undefined;
  /** The room the person types in; omitted means a direct conversation with the bot. */
  readonly room?: string | undefined;
  /** The bot's name shown before its messages (default `stormbot`). */
  readonly botName?: string | undefined;
  /** Input (default stdin). */
  readonly input?: Readable | undefined;
  /** Output (default stdout). */
  readonly output?: NodeJS.WritableStream | undefined;
  /** Show a prompt (default: when the input is a TTY). */
  readonly interactive?: boolean | undefined;
  /** Called once the input has ended (or `/quit`) and every line has been handled. */
  readonly onEnd?: (() => void) | undefined;
  /**
   * Ctrl+C at the interactive prompt, which the terminal then delivers as a key rather than a
   * signal (default: send SIGINT to this process, so it stops as on a Ctrl+C anywhere else).
   */
  readonly onInterrupt?: (() => void) | undefined;
}

/** What `/user` and `/room` without an argument print. */
const META_USAGE = {
  user: 'usage: /user NAME, to type as person NAME',
  room: 'usage: /room NAME, to type in room NAME; /dm for a direct message',
} as const;

/** The terminal back-end. */
export class TerminalBackend implements ChatBackend {
  readonly name = 'terminal';
  readonly caps: BackendCaps = {
    length: { max: 10_000, unit: 'chars' },
    threads: false,
    rich: false,
    directMessages: true,
  };
  private user: string;
  private room: string | undefined;
  private readonly botName: string;
  private readonly input: Readable;
  private readonly output: NodeJS.WritableStream;
  private readonly interactive: boolean;
  private rl: Interface | undefined;
  private running = false;
  /** The input has ended: the prompt is never drawn again (that would resume the input). */
  private closed = false;
  /** A typed line is being handled (its replies come before the next prompt). */
  private handling = false;
  private counter = 0;

  readonly identity: BackendIdentity = plainIdentity(this.name, () => this.botName);

  constructor(private readonly options: TerminalBackendOptions = {}) {
    this.user = options.user ?? process.env.USER ?? 'operator';
    this.room = options.room;
    this.botName = options.botName ?? 'stormbot';
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.interactive = options.interactive ?? Boolean((this.input as { isTTY?: boolean }).isTTY);
  }

  start(sink: EventSink): Promise<void> {
    this.running = true;
    const rl = createInterface({
      input: this.input,
      output: this.interactive ? this.output : undefined,
      terminal: this.interactive,
    });
    this.rl = rl;
    rl.once('close', () => {
      // Ended at the prompt (Ctrl+D, Ctrl+C): end its line, so what follows starts on a fresh one.
      if (this.interactive && !this.closed) this.output.write('\n');
      this.closed = true;
    });
    rl.on('SIGINT', this.options.onInterrupt ?? (() => process.kill(process.pid, 'SIGINT')));
    void this.readLoop(rl, sink);
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.running = false;
    this.rl?.close();
    return Promise.resolve();
  }

  status(): BackendStatus {
    return this.running ? { connected: true } : { connected: false, detail: 'stopped' };
  }

  send(target: Target, message: OutgoingMessage): Promise<SentMessage> {
    const where =
      target.kind === 'room'
        ? `[${target.room.name}${target.thread ? ` thread ${target.thread.id}` : ''}]`
        : `[direct to ${target.user.name}]`;
    const mention = message.mention ? `@${message.mention.name} ` : '';
    this.print(`${where} ${this.botName}: ${mention}${message.text}`);
    return Promise.resolve({ messageId: `t${++this.counter}` });
  }

  private async readLoop(rl: Interface, sink: EventSink): Promise<void> {
    this.prompt();
    let pending = '';
    for await (const line of rl) {
      if (line.endsWith('\\')) {
        pending += `${line.slice(0, -1)}\n`;
        continue;
      }
      const text = pending + line;
      pending = '';
      if (!this.meta(text)) {
        this.handling = true;
        const handled = sink.receive({
          author: this.principal(this.user),
          place: this.room ? { kind: 'room', room: this.roomOf(this.room) } : { kind: 'direct' },
          text,
          messageId: `t${++this.counter}`,
        });
        // The core never rejects (see EventSink); should it, the next line is still read.
        await handled.catch(() => this.print('(that line could not be handled)'));
        this.handling = false;
      }
      if (!this.running || this.closed) break;
      this.prompt();
    }
    this.running = false;
    this.options.onEnd?.();
  }

  /** Handle `/user`, `/room`, `/dm`, `/quit`; true when the line was a meta command. */
  private meta(line: string): boolean {
    const m = /^\/(user|room|dm|quit)(?:\s+(\S+))?\s*$/.exec(line.trim());
    if (!m) return false;
    const [, cmd, arg] = m;
    if (cmd === 'quit') {
      this.closed = true;
      this.rl?.close();
      return true;
    }
    if ((cmd === 'user' || cmd === 'room') && !arg) {
      this.print(`(${META_USAGE[cmd]})`);
      return true;
    }
    if (cmd === 'user' && arg) this.user = arg;
    else if (cmd === 'room' && arg) this.room = arg;
    else this.room = undefined;
    this.print(`(you are ${this.user}, ${this.room ? `in ${this.room}` : 'in a direct message'})`);
    return true;
  }

  private prompt(): void {
    if (!this.interactive || !this.rl || this.closed) return;
    this.rl.setPrompt(`${this.user}${this.room ? `@${this.room}` : ''}> `);
    this.rl.prompt();
  }

  private print(text: string): void {
    // A message that arrives while the person is at the prompt (a result, say) replaces the
    // prompt line, which is then drawn again below it with whatever was typed so far.
    const atPrompt = this.interactive && this.rl && !this.handling && this.running && !this.closed;
    if (atPrompt) {
      clearLine(this.output, 0);
      cursorTo(this.output, 0);
    }
    this.output.write(`${text}\n`);
    if (atPrompt) this.rl?.prompt(true);
  }

  private principal(id: string): Principal {
    return plainPrincipal(this.name, id);
  }

  private roomOf(id: string): Room {
    return plainRoom(this.name, id);
  }
}
