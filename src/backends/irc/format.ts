/**
 * Plain-text rules of the IRC back-end: mentions (`nick: text`) and protocol lines that always
 * fit the 512-byte limit.
 */
import { splitText, utf8Length } from '../../core/split.js';

/** The IRC line limit in bytes, CR LF included (RFC 1459 §2.3). */
export const IRC_LINE_BYTES = 512;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * When `text` starts with `nick:` or `nick,` (case-insensitive), the text after it and `true`;
 * otherwise the text unchanged and `false`.
 */
export function stripMention(text: string, nick: string): { text: string; mentioned: boolean } {
  if (!nick) return { text, mentioned: false };
  const m = new RegExp(`^\\s*${escapeRegExp(nick)}[:,]\\s*`, 'i').exec(text);
  if (!m) return { text, mentioned: false };
  return { text: text.slice(m[0].length), mentioned: true };
}

/** `text` addressed to `nick` the IRC way. */
export function withMention(text: string, nick: string | undefined): string {
  return nick ? `${nick}: ${text}` : text;
}

/** Who sends a line to whom, to work out how much text one PRIVMSG can carry. */
export interface LineEnvelope {
  /** The bot's current nick. */
  readonly nick: string;
  /** The bot's user name (the server may prefix `~`). */
  readonly username: string;
  /** The bot's host as others see it, when known; the longest host name is assumed otherwise. */
  readonly host?: string | undefined;
  /** The channel or nick the line goes to. */
  readonly target: string;
}

/**
 * Bytes of text one PRIVMSG to `target` may carry so that the line the server relays to others
 * (`:nick!~user@host PRIVMSG target :text` CR LF) stays within 512 bytes.
 */
export function lineBudget(envelope: LineEnvelope): number {
  const host = envelope.host || 'h'.repeat(63);
  const prefix = `:${envelope.nick}!~${envelope.username}@${host} `;
  const command = `PRIVMSG ${envelope.target} :`;
  return Math.max(32, IRC_LINE_BYTES - 2 - utf8Length(prefix) - utf8Length(command));
}

/**
 * The PRIVMSG payloads for `text`: one per line (empty lines dropped, as IRC cannot send them),
 * each line cut at spaces where possible so that none exceeds `budget` bytes. NUL, CR and LF
 * never reach the wire.
 */
export function ircLines(text: string, budget: number): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\0/g, ''))
    .filter((line) => line.trim().length > 0)
    .flatMap((line) => splitText(line, budget, utf8Length))
    .filter((line) => line.length > 0);
}
