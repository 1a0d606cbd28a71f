/**
 * The literal words a format's expression requires, read from its syntax tree. The index files a
 * format under one of them (the rarest), so a command is verified only against formats whose
 * words it holds, wherever those words sit in the format.
 *
 * A word counts when every match places it as a whole token of the command (the command's text
 * split at Python whitespace): the character before it is whitespace or nothing (after `^`, a
 * space, `\s+`), and so is the one after it (a space, `\s+`, `$`). A word whose left side only is
 * bounded must begin a token (`deploy-{{v}}`).
 */
import { lowerOf, upperOf } from './pyre/chars.js';
import { isPySpace, type Node, type ParsedPattern } from './pyre/index.js';

/** Where a key is looked for in the command. */
export type KeyMode = 'word' | 'prefix';

/** Words a match must produce: 1 to 3 consecutive whole tokens, or the start of one token. */
export interface WordKey {
  /** The words joined by one space (ASCII lower case when `folded`). */
  readonly text: string;
  readonly mode: KeyMode;
  /** From a case-insensitive format: compared with {@link foldUnit} applied to the command. */
  readonly folded: boolean;
}

/**
 * What a match requires: a key, or one alternative of a branch (each alternative with its own
 * requirements, any one of which it needs).
 */
export type Requirement =
  | { readonly t: 'key'; readonly key: WordKey }
  | { readonly t: 'alt'; readonly alts: readonly (readonly Requirement[])[] };

/** A format's required literals: any one requirement narrows; `substrings` all appear in a match. */
export interface RequiredWords {
  readonly reqs: readonly Requirement[];
  /**
   * Case-sensitive literal runs: every match contains one run of each group (a cheap test
   * before running the format; a group has several runs when they come from a branch).
   */
  readonly substrings: readonly (readonly string[])[];
}

/** Longest run of whole words used as one key. */
export const MAX_GRAM = 3;
/** Nesting (groups, branches, repeats) read; deeper parts count as unknown text. */
const MAX_DEPTH = 12;

/** A node that matches exactly one character, always Python whitespace. */
function isSpaceOnly(n: Node | undefined): boolean {
  if (!n) return false;
  if (n.t === 'lit') return isPySpace(n.cp);
  if (n.t !== 'in' || n.negate || n.items.length === 0) return false;
  // `\s` under the ASCII flag is a subset of Python's whitespace: still only whitespace.
  return n.items.every((it) =>
    it.t === 'lit'
      ? isPySpace(it.cp)
      : it.t === 'cat'
        ? it.cat === 'space' && !it.negate
        : it.lo <= it.hi && rangeIsSpace(it.lo, it.hi),
  );
}

function rangeIsSpace(lo: number, hi: number): boolean {
  if (hi - lo > 64) return false;
  for (let c = lo; c <= hi; c++) if (!isPySpace(c)) return false;
  return true;
}

/**
 * One code unit of a command, folded so that every character a case-insensitive literal ASCII
 * character matches (pyre: equal lower case or equal upper case) folds to that character's ASCII
 * lower case. Checked over every code point by the tests.
 */
export function foldUnit(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  if (c >= 0xd800 && c <= 0xdfff) return c;
  const lo = lowerOf(c);
  if (lo < 128) return lo;
  const up = upperOf(c);
  if (up < 128) return up >= 65 && up <= 90 ? up + 32 : up;
  return c;
}

/** A flattened element: what it consumes, as far as token boundaries go. */
type El =
  | { k: 'char'; cp: number }
  /** One or more characters, all whitespace. */
  | { k: 'space' }
  /** Zero or more characters, all whitespace. */
  | { k: 'spaces' }
  /** `^` / `\A`: nothing or a newline before. */
  | { k: 'start' }
  /** `$` / `\Z`: nothing or a newline after. */
  | { k: 'end' }
  /** Consumes nothing (lookaround, `\b`). */
  | { k: 'zero' }
  /** Unknown text; `sub`, when set, is matched at least once inside it. */
  | { k: 'opaque'; sub: Node[] | null }
  | { k: 'alt'; alts: Node[][] };

const OPAQUE: El = { k: 'opaque', sub: null };

function flatten(seq: readonly Node[], out: El[], depth: number): void {
  for (const n of seq) {
    switch (n.t) {
      case 'lit':
        out.push(isPySpace(n.cp) ? { k: 'space' } : { k: 'char', cp: n.cp });
        break;
      case 'in':
        out.push(isSpaceOnly(n) ? { k: 'space' } : OPAQUE);
        break;
      case 'at':
        if (n.at === 'beginning' || n.at === 'beginning_string') out.push({ k: 'start' });
        else if (n.at === 'end' || n.at === 'end_string') out.push({ k: 'end' });
        else out.push({ k: 'zero' });
        break;
      case 'assert':
        out.push({ k: 'zero' });
        break;
      case 'group':
      case 'atomic':
        if (depth < MAX_DEPTH) flatten(n.body, out, depth + 1);
        else out.push(OPAQUE);
        break;
      case 'branch':
        out.push(depth < MAX_DEPTH ? { k: 'alt', alts: n.alts } : OPAQUE);
        break;
      case 'repeat':
        if (n.body.length === 1 && isSpaceOnly(n.body[0])) {
          out.push(n.min >= 1 ? { k: 'space' } : { k: 'spaces' });
        } else if (n.min === 1 && n.max === 1 && depth < MAX_DEPTH) {
          flatten(n.body, out, depth + 1);
        } else if (n.min === 0 && n.max === 1 && depth < MAX_DEPTH) {
          // Optional: the body or nothing, as a branch (its words are not required).
          out.push({ k: 'alt', alts: [n.body, []] });
        } else {
          out.push({ k: 'opaque', sub: n.min >= 1 && depth < MAX_DEPTH ? n.body : null });
        }
        break;
      default:
        out.push(OPAQUE);
    }
  }
}

/** Reads one sequence with the boundary facts of its surroundings. */
class Reader {
  constructor(
    private readonly ignoreCase: boolean,
    private readonly depth: number,
  ) {}

  private elements(seq: readonly Node[]): El[] {
    const els: El[] = [];
    flatten(seq, els, this.depth);
    return els;
  }

  private inner(): Reader {
    return new Reader(this.ignoreCase, this.depth + 1);
  }

  /** Left boundaries: `lb[i]` = the character before point i is whitespace or absent. */
  private left(els: readonly El[], leftCtx: boolean): boolean[] {
    const lb = [leftCtx];
    els.forEach((e, i) => {
      const here = lb[i] ?? false;
      let next: boolean;
      switch (e.k) {
        case 'space':
        case 'start':
          next = true;
          break;
        case 'spaces':
        case 'end':
        case 'zero':
          next = here;
          break;
        case 'alt':
          next = e.alts.every((alt) => this.endsBounded(alt, here));
          break;
        default:
          next = false;
      }
      lb.push(next);
    });
    return lb;
  }

  /** Right boundaries: `rb[i]` = the character after point i is whitespace or absent. */
  private right(els: readonly El[], rightCtx: boolean): boolean[] {
    const rb = new Array<boolean>(els.length + 1).fill(false);
    rb[els.length] = rightCtx;
    for (let i = els.length - 1; i >= 0; i--) {
      const e = els[i] as El;
      const after = rb[i + 1] ?? false;
      switch (e.k) {
        case 'space':
        case 'end':
          rb[i] = true;
          break;
        case 'spaces':
        case 'start':
        case 'zero':
          rb[i] = after;
          break;
        case 'alt':
          rb[i] = e.alts.every((alt) => this.startsBounded(alt, after));
          break;
        default:
          rb[i] = false;
      }
    }
    return rb;
  }

  private endsBounded(seq: readonly Node[], leftCtx: boolean): boolean {
    const els = this.inner().elements(seq);
    return this.inner().left(els, leftCtx)[els.length] ?? false;
  }

  private startsBounded(seq: readonly Node[], rightCtx: boolean): boolean {
    const els = this.inner().elements(seq);
    return this.inner().right(els, rightCtx)[0] ?? false;
  }

  /** The requirements of a sequence and the literal runs it always contains. */
  read(seq: readonly Node[], leftCtx: boolean, rightCtx: boolean): RequiredWords {
    const els = this.elements(seq);
    const lb = this.left(els, leftCtx);
    const rb = this.right(els, rightCtx);
    const reqs: Requirement[] = [];
    const substrings: (readonly string[])[] = [];
    /** Consecutive whole words so far (separated by whitespace only). */
    let run: string[] = [];
    let sawSpace = false;
    const addKey = (text: string, mode: KeyMode): void => {
      if (this.ignoreCase) {
        if (!/^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(text)) return;
        reqs.push({ t: 'key', key: { text: text.toLowerCase(), mode, folded: true } });
      } else reqs.push({ t: 'key', key: { text, mode, folded: false } });
    };
    const endRun = (): void => {
      run = [];
    };
    let i = 0;
    while (i < els.length) {
      const e = els[i] as El;
      if (e.k === 'char') {
        let j = i;
        let word = '';
        for (; j < els.length; j++) {
          const c = els[j] as El;
          if (c.k !== 'char') break;
          word += String.fromCodePoint(c.cp);
        }
        if (!this.ignoreCase) substrings.push([word]);
        const whole = (lb[i] ?? false) && (rb[j] ?? false);
        if (whole) {
          if (!(run.length > 0 && sawSpace)) run = [];
          run.push(word);
          for (let n = 1; n <= Math.min(MAX_GRAM, run.length); n++) {
            addKey(run.slice(run.length - n).join(' '), 'word');
          }
        } else {
          endRun();
          if (lb[i]) addKey(word, 'prefix');
        }
        sawSpace = false;
        i = j;
        continue;
      }
      if (e.k === 'space') sawSpace = true;
      else if (e.k !== 'spaces') {
        endRun();
        sawSpace = false;
      }
      if (e.k === 'alt') {
        const alts = e.alts.map((alt) =>
          this.inner().read(alt, lb[i] ?? false, rb[i + 1] ?? false),
        );
        reqs.push({ t: 'alt', alts: alts.map((a) => a.reqs) });
        // One run of each alternative (its longest): a match contains one of them.
        const longest = alts.map((a) =>
          a.substrings.reduce(
            (best, g) =>
              g.length === 1 && (g[0] ?? '').length > best.length ? (g[0] ?? '') : best,
            '',
          ),
        );
        if (longest.every((x) => x !== '')) substrings.push(longest);
      } else if (e.k === 'opaque' && e.sub) {
        const sub = this.inner().read(e.sub, false, false);
        reqs.push(...sub.reqs);
        substrings.push(...sub.substrings);
      }
      i++;
    }
    return { reqs, substrings };
  }
}

/** Whether a sequence refers back to a group (matching it may then run out of steps). */
function hasBackref(seq: readonly Node[]): boolean {
  return seq.some((n) => {
    switch (n.t) {
      case 'groupref':
      case 'cond':
        return true;
      case 'branch':
        return n.alts.some(hasBackref);
      case 'group':
      case 'atomic':
      case 'assert':
      case 'repeat':
        return hasBackref(n.body);
      default:
        return false;
    }
  });
}

/**
 * The required words of a parsed format (its whole expression, as st2 searches it). A format
 * with back-references gets no substrings: the full scan runs it, and may stop on its step limit,
 * so the index must run it too whenever its key is there.
 */
export function requiredWords(p: Pick<ParsedPattern, 'seq' | 'flags'>): RequiredWords {
  // A search may start anywhere and end anywhere: neither end of the expression is bounded.
  const found = new Reader(p.flags.ignoreCase, 0).read(p.seq, false, false);
  return hasBackref(p.seq) ? { reqs: found.reqs, substrings: [] } : found;
}

/** Lengths of the prefix keys among requirements (the lookup tries token starts of these). */
export function prefixLengths(reqs: readonly Requirement[], into: Set<number>): void {
  for (const r of reqs) {
    if (r.t === 'alt') for (const alt of r.alts) prefixLengths(alt, into);
    else if (r.key.mode === 'prefix') into.add(r.key.text.length);
  }
}
