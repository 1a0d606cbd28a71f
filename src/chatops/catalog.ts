/**
 * The alias catalog: the current set of StackStorm aliases, as an index, kept fresh from stream
 * events (`st2.actionalias__*`, applied at once) and a periodic reload for older st2.
 *
 * A reload compares what st2 sends with what is loaded, alias by alias, and applies only the
 * differences (`AliasIndex.update`): an unchanged set builds nothing. Matches keep using the
 * current index until the new one is swapped in.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AliasIndex } from '../aliases/index.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { toError } from '../core/errors.js';
import type { Logger } from '../log.js';
import type { ActionAlias } from '../stackstorm/model.js';
import type { St2Gateway } from './ports.js';

/** Milliseconds of comparing per turn of the event loop, so a reload never holds messages up. */
const COMPARE_SLICE_MS = 4;

/**
 * Above this share of the aliases changed, a reload builds a fresh index from st2's list rather
 * than updating the loaded one (cheaper then, and in st2's order).
 */
const REBUILD_SHARE = 0.5;

/** Options of the catalog. */
export interface CatalogOptions {
  readonly st2: Pick<St2Gateway, 'listAliases'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Reload period in milliseconds (`timer_update`); 0 disables polling. */
  readonly refreshMs: number;
  /** The index's rule for several fitting formats (`matching.ambiguous`; default `refuse`). */
  readonly ambiguous?: 'refuse' | 'longest' | undefined;
}

/** What a reload found: aliases new or changed, and those st2 no longer has. */
interface Changes {
  readonly upsert: ActionAlias[];
  readonly remove: string[];
}

function refOf(alias: ActionAlias): string {
  return `${alias.pack}.${alias.name}`;
}

/** Equal JSON values (what st2 sends): same keys and values, in any key order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameJson(x, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => Object.hasOwn(y, k) && sameJson(x[k], y[k]));
}

/** The catalog. */
export class AliasCatalog {
  private current: AliasIndex;
  private timer: TimerHandle | undefined;
  private stopped = false;
  private loadedOnce = false;
  /** The reload running now, and the one asked for meanwhile (they run one after the other). */
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** Aliases a stream event changed while a reload runs: the event is at least as fresh. */
  private touched: Set<string> | undefined;

  constructor(private readonly options: CatalogOptions) {
    this.current = this.newIndex([]);
  }

  /** The index of the aliases known now. */
  get index(): AliasIndex {
    return this.current;
  }

  /** True once aliases have been loaded at least once. */
  get loaded(): boolean {
    return this.loadedOnce;
  }

  /**
   * Load every alias from st2 now and apply what changed. Rejects when st2 cannot be asked (the
   * old index stays). Called while a reload runs, it runs once that one has finished.
   */
  reload(): Promise<void> {
    if (!this.running) return this.run();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.run();
      });
    return this.queued;
  }

  /**
   * Load (unless loaded already, or wait for the load under way), then keep reloading every
   * `refreshMs`. Never rejects.
   */
  async start(): Promise<void> {
    if (!this.loadedOnce) {
      try {
        await (this.running ?? this.reload());
      } catch (error) {
        this.options.logger.error(
          { err: toError(error) },
          'could not load aliases from StackStorm',
        );
      }
    }
    this.schedule();
  }

  /** Stop polling (a reload under way finishes, and schedules no other). */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Apply a `st2.actionalias__create|update|delete` event at once. */
  apply(change: 'create' | 'update' | 'delete', alias: ActionAlias): void {
    const ref = refOf(alias);
    this.touched?.add(ref);
    this.current = this.current.update(
      change === 'delete' ? { remove: [ref] } : { upsert: [alias] },
    );
    this.logProblems(this.current, ref);
    this.options.logger.info({ alias: ref, change }, 'alias changed');
  }

  private run(): Promise<void> {
    const touched = new Set<string>();
    this.touched = touched;
    this.running = this.load(touched).finally(() => {
      this.running = undefined;
      if (this.touched === touched) this.touched = undefined;
    });
    return this.running;
  }

  private async load(touched: ReadonlySet<string>): Promise<void> {
    const aliases = await this.options.st2.listAliases();
    if (!this.loadedOnce) {
      this.swap(this.fresh(aliases, touched));
      this.loadedOnce = true;
      this.options.logger.info({ aliases: aliases.length }, 'aliases loaded');
      return;
    }
    const changes = await this.changes(aliases, touched);
    const count = changes.upsert.length + changes.remove.length;
    if (count === 0) {
      this.options.logger.debug({ aliases: aliases.length }, 'aliases unchanged');
      return;
    }
    this.swap(
      count > REBUILD_SHARE * Math.max(aliases.length, this.current.size)
        ? this.fresh(aliases, touched)
        : this.current.update(changes),
    );
    this.options.logger.info(
      { aliases: aliases.length, changed: changes.upsert.length, removed: changes.remove.length },
      'aliases reloaded',
    );
  }

  /**
   * What differs between st2's list and the loaded aliases, leaving out those a stream event
   * changed meanwhile. Compared a few milliseconds per turn of the event loop.
   */
  private async changes(
    aliases: readonly ActionAlias[],
    touched: ReadonlySet<string>,
  ): Promise<Changes> {
    const upsert: ActionAlias[] = [];
    const listed = new Set<string>();
    let sliceStart = performance.now();
    for (let i = 0; i < aliases.length; i++) {
      if (i % 64 === 63 && performance.now() - sliceStart > COMPARE_SLICE_MS) {
        await nextTurn();
        sliceStart = performance.now();
      }
      const alias = aliases[i] as ActionAlias;
      const ref = refOf(alias);
      listed.add(ref);
      if (touched.has(ref)) continue;
      if (!sameJson(this.current.get(ref), alias)) upsert.push(alias);
    }
    const remove = this.current
      .all()
      .map(refOf)
      .filter((ref) => !listed.has(ref) && !touched.has(ref));
    return { upsert, remove };
  }

  /** A new index of st2's list, keeping what stream events changed since the reload began. */
  private fresh(aliases: readonly ActionAlias[], touched: ReadonlySet<string>): AliasIndex {
    const index = this.newIndex(aliases);
    if (touched.size === 0) return index;
    const upsert: ActionAlias[] = [];
    const remove: string[] = [];
    for (const ref of touched) {
      const alias = this.current.get(ref);
      if (alias) upsert.push(alias);
      else remove.push(ref);
    }
    return index.update({ upsert, remove });
  }

  /** An index of `aliases` with the catalog's options (formats that cannot compile left out). */
  private newIndex(aliases: readonly ActionAlias[]): AliasIndex {
    return new AliasIndex(aliases, {
      invalidFormats: 'skip',
      ambiguous: this.options.ambiguous ?? 'refuse',
    });
  }

  /** Use `index` from now on; log the formats it left out that the old one did not. */
  private swap(index: AliasIndex): void {
    const before = new Set(this.current.problems().map((p) => p.alias));
    this.current = index;
    this.logProblems(index, undefined, before);
  }

  /**
   * Log the formats the index left out: a format st2 cannot compile makes st2 fail every command
   * (HTTP 500); here it is left out, so one broken pack does not silence the others. Only those
   * of alias `ref` when given; none of the aliases in `known` (logged before).
   */
  private logProblems(index: AliasIndex, ref?: string, known?: ReadonlySet<ActionAlias>): void {
    for (const p of index.problems()) {
      if (ref !== undefined && refOf(p.alias) !== ref) continue;
      if (known?.has(p.alias)) continue;
      this.options.logger.warn(
        { alias: refOf(p.alias), format: p.representation, reason: p.error.message },
        'alias format skipped: it cannot be compiled (run stormbot lint on the pack)',
      );
    }
  }

  private schedule(): void {
    if (this.stopped || this.options.refreshMs <= 0) return;
    this.timer = this.options.clock.setTimeout(() => {
      void this.reload()
        .catch((error: unknown) => {
          this.options.logger.warn({ err: toError(error) }, 'periodic alias reload failed');
        })
        .finally(() => {
          this.schedule();
        });
    }, this.options.refreshMs);
  }
}
