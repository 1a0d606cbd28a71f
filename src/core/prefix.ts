/**
 * Deciding whether a message is addressed to the bot, and what the command text is.
 */

/** How the bot is addressed. */
export interface AddressingOptions {
  /** The command prefix (`!` by default, Errbot's `BOT_PREFIX`). May be empty. */
  readonly prefix: string;
  /** Names the bot answers to when addressed (`stormbot: help`, `@stormbot help`). */
  readonly names: readonly string[];
  /** In direct messages the prefix may be left out (default true). */
  readonly prefixOptionalInDirect: boolean;
}

/** Facts about one message that decide addressing. */
export interface AddressingInput {
  readonly text: string;
  readonly direct: boolean;
  readonly mentionsBot?: boolean | undefined;
}

/**
 * The command text (what follows the prefix or the bot's name), or undefined when the message is
 * not for the bot. Leading white space of the command is removed; its lines are kept.
 */
export function commandText(
  input: AddressingInput,
  options: AddressingOptions,
): string | undefined {
  const text = input.text.replace(/^\s+/, '');
  if (options.prefix && text.startsWith(options.prefix)) {
    return nonEmpty(text.slice(options.prefix.length));
  }
  const lower = text.toLowerCase();
  for (const name of options.names) {
    const n = name.toLowerCase();
    for (const candidate of [`@${n}`, n]) {
      if (!lower.startsWith(candidate)) continue;
      const rest = text.slice(candidate.length);
      const m = /^(?:[:,;]\s*|\s+)/.exec(rest);
      if (m) return nonEmpty(rest.slice(m[0].length));
    }
  }
  if (input.mentionsBot) return nonEmpty(text);
  if (input.direct && (options.prefixOptionalInDirect || !options.prefix)) return nonEmpty(text);
  return undefined;
}

function nonEmpty(s: string): string | undefined {
  const t = s.replace(/^\s+/, '').replace(/\s+$/, '');
  return t.length > 0 ? t : undefined;
}

/** Split command text into its first word (lower-cased) and the rest. */
export function splitCommand(text: string): { name: string; args: string } {
  const m = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text);
  return { name: (m?.[1] ?? '').toLowerCase(), args: (m?.[2] ?? '').trim() };
}
