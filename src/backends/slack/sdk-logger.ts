/**
 * The Slack SDK's logger interface on top of the process logger, so the SDK's lines are
 * structured and go where every other line goes (never to the console).
 */
import type { LogLevel, Logger as SlackLogger } from '@slack/socket-mode';
import type { Logger } from '../../log.js';

/**
 * A `@slack/logger` Logger writing to `logger`. The SDK's chatty lines (payloads, pings) are
 * debug; its level follows the process logger's.
 * @param levels the SDK's `LogLevel` enum (passed in, so the SDK loads only when Slack is used)
 */
export function slackSdkLogger(logger: Logger, levels: typeof LogLevel): SlackLogger {
  let child = logger.child({ component: 'slack-sdk' });
  const text = (msg: unknown[]) =>
    msg.map((m) => (typeof m === 'string' ? m : String(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => {
      child.debug(text(msg));
    },
    info: (...msg: unknown[]) => {
      child.info(text(msg));
    },
    warn: (...msg: unknown[]) => {
      child.warn(text(msg));
    },
    error: (...msg: unknown[]) => {
      child.error(text(msg));
    },
    setLevel: () => {
      // The process logger's level rules.
    },
    getLevel: () => (logger.isLevelEnabled('debug') ? levels.DEBUG : levels.INFO),
    setName: (name: string) => {
      child = logger.child({ component: 'slack-sdk', sdk: name });
    },
  };
}
