/**
 * The leading literal words a format's regex requires, used to bucket formats in the index.
 */
import { isPySpace, type Node, type ParsedPattern } from './pyre/index.js';

/**
 * Where a format is filed: `words` must equal the command's first tokens and `partial`, when
 * set, must begin the next token. `null` means "could start with anything" (the generic bucket).
 */
export interface IndexKey {
  words: string[];
  partial: string | null;
}

/** Whether a node is `\s*` (any repeat of whitespace with no minimum). */
export function isSpaceStar(n: Node): boolean {
  if (n.t !== 'repeat' || n.min !== 0 || n.body.length !== 1) return false;
  const body = n.body[0];
  return (
    body?.t === 'in' &&
    !body.negate &&
    body.items.length === 1 &&
    body.items[0]?.t === 'cat' &&
    body.items[0].cat === 'space' &&
    !body.items[0].negate
  );
}

/**
 * Derive the key from the compiled regex: it must be anchored at the start of the stream, then
 * only `\s*`, then literal text starting with a non-space. Case-insensitive, multi-line or ASCII
 * patterns go to the generic bucket.
 */
export function indexKey(p: Pick<ParsedPattern, 'seq' | 'flags'>): IndexKey | null {
  if (p.flags.ignoreCase || p.flags.multiline) return null;
  const seq = p.seq;
  const head = seq[0];
  if (head?.t !== 'at' || (head.at !== 'beginning' && head.at !== 'beginning_string')) return null;
  let i = 1;
  while (i < seq.length && isSpaceStar(seq[i] as Node)) i++;
  let literal = '';
  while (i < seq.length) {
    const n = seq[i];
    if (n?.t !== 'lit') break;
    literal += String.fromCodePoint(n.cp);
    i++;
  }
  if (literal === '' || isPySpace(literal.charCodeAt(0))) return null;
  // The literal then only `\s*` and an end anchor: its last word is complete.
  const rest = seq.slice(i);
  const endsHere =
    rest.length === 2 &&
    isSpaceStar(rest[0] as Node) &&
    rest[1]?.t === 'at' &&
    (rest[1].at === 'end' || rest[1].at === 'end_string');
  const words: string[] = [];
  let word = '';
  let complete = false;
  for (let k = 0; k < literal.length; k++) {
    if (isPySpace(literal.charCodeAt(k))) {
      if (word !== '') words.push(word);
      word = '';
      complete = true;
    } else {
      word += literal.charAt(k);
      complete = false;
    }
  }
  if (word !== '') {
    if (endsHere) words.push(word);
    else return { words, partial: word };
  } else if (!complete) return null;
  return { words, partial: null };
}
