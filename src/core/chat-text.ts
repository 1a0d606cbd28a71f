/**
 * Chat text as people's clients send it, made plain before anything matches it: the one place
 * smart quotes and unusual spaces are undone, used by the bot pipeline (every back-end) and by
 * the offline alias tools (`stormbot match`, `stormbot lint`), so both see the same command.
 *
 * Autocorrecting clients (macOS and iOS "smart punctuation", Slack, Word-pasted text) turn typed
 * quotes into typographic ones, and put non-breaking spaces where a space was typed (Option+Space
 * on a Mac, French typography's narrow space before `:` and `!`, a CJK input method's full-width
 * space). StackStorm formats and `key="a b"` pairs only know the ASCII quote and space, so a
 * quoted value would keep its quotes and a literal word after an NBSP would match nothing.
 * hubot-stackstorm did the quotes on Slack-like chats and the NBSP on Slack only
 * (docs/reference/hubot-stackstorm.md §1).
 */

/** Typographic double quotes: “ ” „ ‟ (left, right, low-9, high-reversed-9). */
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F]/g;

/** Typographic single quotes: ‘ ’ ‚ ‛ (left, right, low-9, high-reversed-9). */
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B]/g;

/**
 * Every space separator but the ASCII space (Unicode category Zs): NBSP U+00A0, the en/em/thin/
 * hair/figure spaces U+2000–U+200A, narrow NBSP U+202F, U+205F, ideographic space U+3000 and
 * U+1680. Zero-width characters are not spaces and are left alone (removing them could join words).
 */
const SPACES = /(?! )\p{Zs}/gu;

/** The characters {@link normalizeChatText} replaces, for checks that look for them. */
export const NORMALISED_CHARACTERS = /[\u201C-\u201F\u2018-\u201B]|(?! )\p{Zs}/u;

/**
 * `text` with typographic quotes made ASCII (`"` and `'`) and every non-ASCII space made a plain
 * space, one character for one: nothing else changes (line breaks, case, other punctuation).
 */
export function normalizeChatText(text: string): string {
  return text.replace(DOUBLE_QUOTES, '"').replace(SINGLE_QUOTES, "'").replace(SPACES, ' ');
}
