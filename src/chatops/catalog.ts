/**
 * The alias catalog: the current set of StackStorm aliases, as an index, kept fresh from stream
 * events (`st2.actionalias__*`) and a periodic reload for older st2.
 */
import { AliasIndex } from '../aliases/index.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { toError } from '../core/errors.js';
import type { Logger } from '../log.js';
import type { ActionAlias } from '../stackstorm/model.js';
import type { St2Gateway } from './ports.js';

/** Options of the catalog. */
export interface CatalogOptions {
  readonly st2: St2Gateway;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Reload period in milliseconds (`timer_update`); 0 disables polling. */
  readonly refreshMs: number;
  /** The index's rule for several fitting formats (`matching.ambiguous`; default `refuse`). */
  readonly ambiguous?: 'refuse' | 'longest' | undefined;
}

/** The catalog. */
export class AliasCatalog {
  private current: AliasIndex;
  private timer: TimerHandle | undefined;
  private loadedOnce = false;

  constructor(private readonly options: CatalogOptions) {
    this.current = this.build([]);
  }

  /** The index of the aliases known now. */
  get index(): AliasIndex {
    return this.current;
  }

  /** True once aliases have been loaded at least once. */
  get loaded(): boolean {
    return this.loadedOnce;
  }

  /** Load every alias from st2 now. Rejects when st2 cannot be asked (the old index stays). */
  async reload(): Promise<void> {
    const aliases = await this.options.st2.listAliases();
    this.current = this.build(aliases);
    this.loadedOnce = true;
    this.options.logger.info({ aliases: aliases.length }, 'aliases loaded');
  }

  /** Load now, then keep reloading every `refreshMs`. Never rejects. */
  async start(): Promise<void> {
    try {
      await this.reload();
    } catch (error) {
      this.options.logger.error({ err: toError(error) }, 'could not load aliases from StackStorm');
    }
    this.schedule();
  }

  /** Stop polling. */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Apply a `st2.actionalias__create|update|delete` event at once. */
  apply(change: 'create' | 'update' | 'delete', alias: ActionAlias): void {
    const ref = `${alias.pack}.${alias.name}`;
    this.current = this.current.update(
      change === 'delete' ? { remove: [ref] } : { upsert: [alias] },
    );
    this.logProblems(this.current, ref);
    this.options.logger.info({ alias: ref, change }, 'alias changed');
  }

  /**
   * Index the aliases. A format st2 cannot compile makes st2 fail every command (HTTP 500); here
   * it is left out and logged, so one broken pack does not silence the others.
   */
  private build(aliases: readonly ActionAlias[]): AliasIndex {
    const index = new AliasIndex(aliases, {
      invalidFormats: 'skip',
      ambiguous: this.options.ambiguous ?? 'refuse',
    });
    this.logProblems(index);
    return index;
  }

  /** Log the formats the index left out (only those of alias `ref`, when given). */
  private logProblems(index: AliasIndex, ref?: string): void {
    for (const p of index.problems()) {
      if (ref !== undefined && `${p.alias.pack}.${p.alias.name}` !== ref) continue;
      this.options.logger.warn(
        {
          alias: `${p.alias.pack}.${p.alias.name}`,
          format: p.representation,
          reason: p.error.message,
        },
        'alias format skipped: it cannot be compiled (run stormbot lint on the pack)',
      );
    }
  }

  private schedule(): void {
    if (this.options.refreshMs <= 0) return;
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
