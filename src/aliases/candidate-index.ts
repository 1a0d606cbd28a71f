/**
 * The candidates of one matching pass, filed by the literal words their formats begin with (a
 * word trie), kept in flat typed arrays. At 10,000 aliases a pointer-based trie spreads over a
 * large heap and following it costs more than matching: here one trie level is one table slot,
 * and the candidates filed under a word sit next to each other, with their literal prefixes.
 */
import type { ResultShape } from './format.js';
import { copyCandidate, type CompiledCandidate, type Hit } from './match-core.js';
import { searchWhole, shapeResult, tailStart, tooComplex, type PreparedCommand } from './parser.js';
import { isPySpace, PyRegex, type PyAnchored } from './pyre/index.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 units of a word (the walk computes the same while it reads). */
export function hashWord(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** First table slot of a (parent node, word hash) pair. */
function slotOf(parent: number, hash: number, mask: number): number {
  let x = Math.imul(parent ^ 0x5bd1e995, 0x85ebca6b) ^ hash;
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x & mask;
}

// A table slot: parent node + 1 (0: free), word hash, child node, the child's candidates
// (record range), and flags.
const SLOT = 6;
const HAS_CHILDREN = 1;
const HAS_PARTIALS = 2;

// A record: candidate id (scan order), prefix position in the pool, prefix length (-1: no
// literal prefix), tail program number (-1: none), result shape number.
const REC = 5;

/** Formats whose key ends inside a word (`deploy-{{x}}`), at one node: record ranges by text. */
interface Partials {
  byText: Map<string, [number, number]>;
  longest: number;
}

/** Tails already run for one command: an equal (program, position) pair gives equal slots. */
class TailMemo {
  private readonly tails: number[] = [];
  private readonly at: number[] = [];
  private readonly slots: (Int32Array | null)[] = [];

  find(tail: number, at: number): Int32Array | null | undefined {
    for (let i = 0; i < this.tails.length; i++) {
      if (this.tails[i] === tail && this.at[i] === at) return this.slots[i];
    }
    return undefined;
  }

  add(tail: number, at: number, slots: Int32Array | null): void {
    this.tails.push(tail);
    this.at.push(at);
    this.slots.push(slots && slots.slice());
  }
}

function intern<T>(value: T, list: T[], numbers: Map<T, number>): number {
  let n = numbers.get(value);
  if (n === undefined) {
    n = list.length;
    list.push(value);
    numbers.set(value, n);
  }
  return n;
}

/** A trie node while the index is built. */
interface BuildNode {
  ids: number[];
  partials: Map<string, number[]>;
  children: number;
}

/** Candidates filed by key: the generic bucket, the trie's nodes and its edges. */
interface Filing {
  generic: number[];
  nodes: BuildNode[];
  /** parent node, word hash, child node */
  edges: [number, number, number][];
}

function newNode(): BuildNode {
  return { ids: [], partials: new Map(), children: 0 };
}

/** File every compiled candidate under its key's words (or in the generic bucket). */
function file(candidates: readonly CompiledCandidate[]): Filing {
  const nodes = [newNode()];
  const edges = new Map<string, [number, number, number]>();
  const generic: number[] = [];
  candidates.forEach((c, id) => {
    if (!c.compiled) return;
    const key = c.compiled.key;
    if (!key) {
      generic.push(id);
      return;
    }
    let n = 0;
    for (const w of key.words) {
      const hash = hashWord(w);
      let edge = edges.get(`${n}:${hash}`);
      if (!edge) {
        edge = [n, hash, nodes.length];
        nodes.push(newNode());
        edges.set(`${n}:${hash}`, edge);
        const parent = nodes[n];
        if (parent) parent.children++;
      }
      n = edge[2];
    }
    const node = nodes[n];
    if (!node) return;
    if (key.partial === null) node.ids.push(id);
    else {
      const list = node.partials.get(key.partial);
      if (list) list.push(id);
      else node.partials.set(key.partial, [id]);
    }
  });
  return { generic, nodes, edges: [...edges.values()] };
}

function flagsOf(node: BuildNode | undefined): number {
  if (!node) return 0;
  return (node.children > 0 ? HAS_CHILDREN : 0) | (node.partials.size > 0 ? HAS_PARTIALS : 0);
}

/**
 * One pass's candidates, indexed. {@link hits} gives exactly what trying every candidate in scan
 * order would give (st2's full scan), trying only those filed under the command's first words,
 * under a partial first word, or in the bucket of formats that could begin with anything.
 *
 * The trie is keyed by word hashes: words with equal hashes under one node share a child, which
 * can only add candidates; every candidate's literal prefix is compared in full before its
 * expression runs, so the answer never depends on the hash.
 */
export class CandidateIndex {
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly rootFlags: number;
  private readonly genericEnd: number;
  private readonly partials = new Map<number, Partials>();
  private readonly records: Int32Array;
  /** Literal prefixes, in record order. */
  private readonly pool: string;
  private readonly tails: PyAnchored[] = [];
  private readonly shapes: ResultShape[] = [];
  /**
   * Per record, its candidate: copies made one after the other in record order, so the
   * candidates filed under one word share cache lines.
   */
  private readonly recCandidate: CompiledCandidate[];
  /** Reused list of the records one lookup finds. */
  private found = new Int32Array(64);

  constructor(candidates: readonly CompiledCandidate[]) {
    const { generic, nodes, edges } = file(candidates);

    // Record order: the generic bucket, then each node's candidates and partial groups.
    const order: number[] = [...generic];
    this.genericEnd = order.length;
    const ranges = nodes.map((node, n): [number, number] => {
      const from = order.length;
      for (const id of node.ids) order.push(id);
      const to = order.length;
      if (node.partials.size > 0) {
        const byText = new Map<string, [number, number]>();
        let longest = 0;
        for (const [text, ids] of node.partials) {
          byText.set(text, [order.length, order.length + ids.length]);
          for (const id of ids) order.push(id);
          longest = Math.max(longest, text.length);
        }
        this.partials.set(n, { byText, longest });
      }
      return [from, to];
    });

    const filed = order.map((id) => candidates[id]).filter((c) => c !== undefined);
    this.recCandidate = filed.map(copyCandidate);
    this.records = new Int32Array(filed.length * REC);
    const tailNumbers = new Map<PyAnchored, number>();
    const shapeNumbers = new Map<ResultShape, number>();
    const texts: string[] = [];
    let poolLength = 0;
    filed.forEach((c, r) => {
      const base = r * REC;
      this.records[base] = order[r] ?? 0;
      this.records[base + 1] = poolLength;
      this.records[base + 2] = -1;
      this.records[base + 3] = -1;
      if (c.fast) {
        texts.push(c.fast.prefixText);
        this.records[base + 2] = c.fast.prefixText.length;
        this.records[base + 3] = intern(c.fast.tail, this.tails, tailNumbers);
        poolLength += c.fast.prefixText.length;
      }
      if (c.compiled) this.records[base + 4] = intern(c.compiled.shape, this.shapes, shapeNumbers);
    });
    this.pool = texts.join('');

    let size = 16;
    while (size < edges.length * 2) size *= 2;
    this.mask = size - 1;
    this.table = new Int32Array(size * SLOT);
    this.rootFlags = flagsOf(nodes[0]);
    for (const [parent, hash, child] of edges) {
      let s = slotOf(parent, hash, this.mask);
      while (this.table[s * SLOT] !== 0) s = (s + 1) & this.mask;
      const base = s * SLOT;
      const [from, to] = ranges[child] ?? [0, 0];
      this.table[base] = parent + 1;
      this.table[base + 1] = hash;
      this.table[base + 2] = child;
      this.table[base + 3] = from;
      this.table[base + 4] = to;
      this.table[base + 5] = flagsOf(nodes[child]);
    }
  }

  /** The table slot of a child, or -1. */
  private slot(parent: number, hash: number): number {
    const table = this.table;
    const mask = this.mask;
    for (let s = slotOf(parent, hash, mask); ; s = (s + 1) & mask) {
      const base = s * SLOT;
      const p = table[base] ?? 0;
      if (p === 0) return -1;
      if (p === parent + 1 && table[base + 1] === hash) return base;
    }
  }

  private add(n: number, from: number, to: number): number {
    if (n + to - from > this.found.length) {
      const bigger = new Int32Array(Math.max(this.found.length * 2, n + to - from));
      bigger.set(this.found.subarray(0, n));
      this.found = bigger;
    }
    for (let r = from; r < to; r++) this.found[n++] = r;
    return n;
  }

  private addPartials(n: number, node: number, token: string): { n: number; added: boolean } {
    const partial = this.partials.get(node);
    let added = false;
    if (partial) {
      for (let l = 1; l <= Math.min(token.length, partial.longest); l++) {
        const range = partial.byText.get(token.slice(0, l));
        if (!range) continue;
        n = this.add(n, range[0], range[1]);
        added = true;
      }
    }
    return { n, added };
  }

  /** Records that could match, in scan order, into `found`; returns how many. */
  private lookup(cmd: PreparedCommand): number {
    let n = this.add(0, 0, this.genericEnd);
    let sources = n > 0 ? 1 : 0;
    const str = cmd.stream.str;
    const len = str.length;
    let node = 0;
    let flags = this.rootFlags;
    let i = 0;
    while (flags !== 0) {
      while (i < len && isPySpace(str.charCodeAt(i))) i++;
      if (i >= len) break;
      const start = i;
      let hash = FNV_OFFSET;
      for (; i < len; i++) {
        const c = str.charCodeAt(i);
        if (isPySpace(c)) break;
        hash = Math.imul(hash ^ c, FNV_PRIME);
      }
      if (flags & HAS_PARTIALS) {
        const p = this.addPartials(n, node, str.slice(start, i));
        n = p.n;
        if (p.added) sources++;
      }
      if (!(flags & HAS_CHILDREN)) break;
      const base = this.slot(node, hash);
      if (base < 0) break;
      const table = this.table;
      node = table[base + 2] ?? 0;
      const from = table[base + 3] ?? 0;
      const to = table[base + 4] ?? 0;
      flags = table[base + 5] ?? 0;
      if (to > from) {
        n = this.add(n, from, to);
        sources++;
      }
    }
    if (sources > 1) {
      const records = this.records;
      this.found.subarray(0, n).sort((a, b) => (records[a * REC] ?? 0) - (records[b * REC] ?? 0));
    }
    return n;
  }

  /** Where the record's tail starts when its literal prefix begins the command, else -1. */
  private prefixEnd(r: number, cmd: PreparedCommand): number {
    const stream = cmd.stream;
    if (!stream.ascii) {
      const fast = this.recCandidate[r]?.fast;
      return fast ? tailStart(fast, cmd) : -1;
    }
    const length = this.records[r * REC + 2] ?? 0;
    const str = stream.str;
    const at = cmd.start;
    if (at + length > str.length) return -1;
    const pool = this.pool;
    const from = this.records[r * REC + 1] ?? 0;
    for (let k = 0; k < length; k++) {
      if (str.charCodeAt(at + k) !== pool.charCodeAt(from + k)) return -1;
    }
    return at + length;
  }

  /**
   * The candidates that fit the command, in scan order (st2's single mode: neither no_match nor
   * no_value). Candidates sharing a tail program at the same position run it once. Only flat
   * arrays and objects shared by many formats are read until a candidate fits.
   */
  hits(cmd: PreparedCommand): Hit[] {
    const n = this.lookup(cmd);
    const hits: Hit[] = [];
    const memo = n > 1 ? new TailMemo() : null;
    const records = this.records;
    for (let k = 0; k < n; k++) {
      const r = this.found[k] ?? 0;
      const tailNumber = records[r * REC + 3] ?? -1;
      let slots: Int32Array | null;
      if (tailNumber >= 0) {
        const at = this.prefixEnd(r, cmd);
        if (at < 0) continue;
        const seen = memo?.find(tailNumber, at);
        if (seen === undefined) {
          slots = this.runTail(r, tailNumber, cmd, at);
          memo?.add(tailNumber, at, slots);
        } else slots = seen;
      } else {
        const cf = this.recCandidate[r]?.compiled;
        slots = cf ? searchWhole(cf, cmd) : null;
      }
      if (!slots) continue;
      const shape = this.shapes[records[r * REC + 4] ?? 0];
      const candidate = this.recCandidate[r];
      const cf = candidate?.compiled;
      if (!shape || !candidate || !cf) continue;
      const parameters = shapeResult(shape, slots, cmd, cf);
      if (typeof parameters !== 'string') {
        const { alias, representation } = candidate;
        hits.push({ candidate, alias, representation, parameters });
      }
    }
    return hits;
  }

  /** Run a record's tail program; its format is read only to name it in a limit error. */
  private runTail(
    r: number,
    tailNumber: number,
    cmd: PreparedCommand,
    at: number,
  ): Int32Array | null {
    const tail = this.tails[tailNumber];
    if (!tail) return null;
    try {
      return tail.matchAtBorrowed(cmd.stream, at);
    } catch (e) {
      const cf = this.recCandidate[r]?.compiled;
      if (cf && PyRegex.isBudgetError(e)) throw tooComplex(cf);
      throw e;
    }
  }
}
