/**
 * Handing inbound chat messages to the core in the order the chat sent them, each once, even when
 * turning one into a `ChatEvent` takes look-ups (names, rooms) that finish out of order.
 */
import type { EventSink } from '../../core/backend.js';
import { toError } from '../../core/errors.js';
import type { ChatEvent } from '../../core/message.js';
import type { Logger } from '../../log.js';
import { RecentKeys } from './cache.js';

/** An ordered, de-duplicated queue of inbound messages on their way to the core. */
export class InboundQueue {
  private readonly recent = new RecentKeys();
  private tail: Promise<void> = Promise.resolve();

  /**
   * @param logger where a message that could not be handled is logged
   * @param failure the log line for such a message (`could not handle a Slack message`)
   */
  constructor(
    private readonly logger: Logger,
    private readonly failure: string,
  ) {}

  /**
   * Queue the message identified by `key` (dropped when that key was seen recently): once every
   * earlier message has been handed over, `toEvent` builds its event and `sink` receives it.
   */
  push(sink: EventSink, key: string, toEvent: () => Promise<ChatEvent>): void {
    if (this.recent.seen(key)) return;
    this.tail = this.tail
      .then(() => toEvent())
      .then((event) => {
        // Not awaited (the next message need not wait for this one's replies), but never escaping.
        sink.receive(event).catch((error: unknown) => {
          this.logger.error({ err: toError(error) }, this.failure);
        });
      })
      .catch((error: unknown) => {
        this.logger.error({ err: toError(error) }, this.failure);
      });
  }
}
