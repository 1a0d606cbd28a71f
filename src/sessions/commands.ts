/**
 * The chat commands of client-side sign-in: `st2session_start`, `st2session_end`,
 * `st2session_list` and `st2session_cancel` (names follow the `st2help` prefix); with sign-in off,
 * the same words answer that it is off and how to turn it on.
 */
import type { Bot } from '../core/bot.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Command } from '../core/command.js';
import { CommandError } from '../core/errors.js';
import type { Feature } from '../core/feature.js';
import type { LoginService, SessionSummary } from './types.js';

/** Options of `sessionsFeature`. */
export interface SessionCommandOptions {
  /** The word before `session_start` etc. (err-stackstorm's `plugin_prefix`); default `st2`. */
  readonly namePrefix?: string | undefined;
  /** Tells the remaining lifetime of a link. */
  readonly clock?: Clock | undefined;
}

/** The four command words after the `st2` word (err-stackstorm's `plugin_prefix`). */
function commandNames(word = 'st2') {
  return {
    start: `${word}session_start`,
    end: `${word}session_end`,
    list: `${word}session_list`,
    cancel: `${word}session_cancel`,
  };
}

/** The session commands as a feature, for `Bot.use` (client-side mode only). */
export function sessionsFeature(
  bot: Bot,
  service: LoginService,
  options: SessionCommandOptions = {},
): Feature {
  const clock = options.clock ?? systemClock;
  const names = commandNames(options.namePrefix);
  const typed = (name: string) => `${bot.addressing.prefix}${name}`;

  const start: Command = {
    name: names.start,
    aclKey: `st2:${names.start}`,
    summary: 'get a one-time link to sign in to StackStorm as yourself (direct message only)',
    usage: '<secret word>',
    async run(ctx) {
      if (ctx.event.place.kind === 'room') {
        const exposed = ctx.args
          ? ' Choose a different secret word there: the one you just typed is visible to everyone in this room.'
          : '';
        throw new CommandError(
          `For your safety, sign-in links are only given in a direct message. Send me "${typed(names.start)} <secret word>" in a direct message.${exposed}`,
        );
      }
      if (!ctx.args) {
        throw new CommandError(
          `Please give a secret word: "${typed(names.start)} <secret word>". You will type it again on the login page, so that only you can use the link.`,
        );
      }
      const { url, expiresAt } = await service.start(ctx.event.author, ctx.args);
      const minutes = Math.max(1, Math.round((expiresAt - clock.now()) / 60_000));
      return [
        `Open this link to sign in to StackStorm: ${url}`,
        `It works once and expires in ${minutes} minute${minutes === 1 ? '' : 's'} (${isoMinute(expiresAt)}).`,
        'Type your secret word there, then sign in with your StackStorm username and password, a user token or an API key.',
      ].join('\n');
    },
  };

  const end: Command = {
    name: names.end,
    aclKey: `st2:${names.end}`,
    summary: 'forget your StackStorm sign-in',
    async run(ctx) {
      const existed = await service.end(ctx.event.author);
      return existed
        ? 'Your StackStorm sign-in is removed. Sign in again to run StackStorm commands as yourself.'
        : 'You had no StackStorm sign-in to remove.';
    },
  };

  const list: Command = {
    name: names.list,
    aclKey: `st2:${names.list}`,
    summary: 'list StackStorm sign-in sessions (admins)',
    adminOnly: true,
    async run() {
      const sessions = await service.list();
      if (sessions.length === 0) return 'There are no sign-in sessions.';
      return [`Sign-in sessions (${sessions.length}):`, ...sessions.map(describe)].join('\n');
    },
  };

  const cancel: Command = {
    name: names.cancel,
    aclKey: `st2:${names.cancel}`,
    summary: 'cancel a StackStorm sign-in session by id (admins)',
    usage: '<session id>',
    adminOnly: true,
    async run(ctx) {
      const id = ctx.args.trim().toLowerCase();
      if (!id)
        throw new CommandError(
          `Give the session id: "${typed(names.cancel)} <session id>" (see ${typed(names.list)}).`,
        );
      const removed = await service.cancel(id);
      if (!removed)
        throw new CommandError(`There is no session with id ${id}. See ${typed(names.list)}.`);
      return `Cancelled session ${removed.id} (${removed.state}) of ${removed.backend}/${removed.user}.`;
    },
  };

  return { name: 'sessions', commands: [start, end, list, cancel] };
}

/**
 * With per-user sign-in off (standalone): the session words, unlisted, say so and how to turn it
 * on, instead of "unknown command".
 */
export function sessionsOffFeature(namePrefix?: string): Feature {
  const off =
    "Per-user sign-in is off: StackStorm commands run with the bot's own credentials. " +
    'To sign in as yourself, an admin turns it on with stackstorm.rbac_auth.clientside.url ' +
    "(or STORMBOT_LOGIN_URL) in the bot's configuration: the public URL of its login page.";
  const commands = Object.values(commandNames(namePrefix)).map((name): Command => ({
    name,
    aclKey: `st2:${name}`,
    summary: 'per-user sign-in (off)',
    hidden: true,
    run: () => off,
  }));
  return { name: 'sessions', commands };
}

function describe(s: SessionSummary): string {
  const facts: string[] = [s.state];
  if (s.method) facts.push(`signed in with ${s.method === 'apikey' ? 'an API key' : s.method}`);
  if (s.st2User) facts.push(`st2 user ${s.st2User}`);
  facts.push(`since ${isoMinute(s.createdAt)}`);
  if (s.expiresAt !== undefined && s.state !== 'expired')
    facts.push(`expires ${isoMinute(s.expiresAt)}`);
  return `- ${s.id} ${s.backend}/${s.user} (${s.name}): ${facts.join(', ')}`;
}

function isoMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}
