/**
 * Errors of the Python-compatible regex engine.
 */

/**
 * A pattern Python's `re` would reject (same message and position as Python 3.11), or one this
 * engine does not support (`unsupported` is then true).
 */
export class PyRegexError extends Error {
  constructor(
    readonly msg: string,
    readonly pattern: string,
    readonly pos: number | null,
    readonly unsupported = false,
  ) {
    super(PyRegexError.format(msg, pattern, pos));
    this.name = 'PyRegexError';
  }

  /** Python's `re.error` text: the message, then the position (and line/column if multi-line). */
  static format(msg: string, pattern: string, pos: number | null): string {
    if (pos === null) return msg;
    const cps = Array.from(pattern);
    let text = `${msg} at position ${pos}`;
    if (pattern.includes('\n')) {
      const before = cps.slice(0, pos);
      const line = before.filter((c) => c === '\n').length + 1;
      const col = pos - before.lastIndexOf('\n');
      text += ` (line ${line}, column ${col})`;
    }
    return text;
  }
}

/** Python's `repr()` of a short string, for error messages. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}
