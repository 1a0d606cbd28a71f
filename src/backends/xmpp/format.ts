/**
 * Plain-text rules of the XMPP back-end: mentions the MUC way (`nick: text`) and bodies that are
 * always valid XML.
 */

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * When `text` starts with `nick:` or `nick,` (case-insensitive), the text after it and `true`;
 * otherwise the text unchanged and `false`.
 */
export function stripMention(text: string, nick: string): { text: string; mentioned: boolean } {
  if (!nick) return { text, mentioned: false };
  const m = new RegExp(`^\\s*${escapeRegExp(nick)}\\s*[:,]\\s*`, 'i').exec(text);
  if (!m) return { text, mentioned: false };
  return { text: text.slice(m[0].length), mentioned: true };
}

/** `text` addressed to `nick` the way MUC clients highlight it. */
export function withMention(text: string, nick: string | undefined): string {
  return nick ? `${nick}: ${text}` : text;
}

/**
 * Characters XML 1.0 forbids (control characters other than tab and line breaks, lone
 * surrogates, U+FFFE/U+FFFF) removed: one of them in a body would make the server close the stream.
 */
export function xmlSafe(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '',
  );
}
