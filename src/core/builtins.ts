/**
 * The built-in commands every bot has: `help` and `whoami`.
 */
import type { Bot } from './bot.js';
import type { Command } from './command.js';
import type { Feature } from './feature.js';
import { describePlace } from './identity.js';

/** The built-ins as a feature, for `Bot.use`. */
export function builtins(bot: Bot): Feature {
  return { name: 'core', commands: [helpCommand(bot), whoamiCommand(bot)] };
}

/** `help`: the commands this person may run here. */
function helpCommand(bot: Bot): Command {
  return {
    name: 'help',
    aclKey: 'core:help',
    summary: 'list the commands you may run here',
    run(ctx) {
      const prefix = bot.addressing.prefix;
      const lines = bot.commands
        .list()
        .filter((c) => !c.hidden)
        .filter((c) => ctx.may(c.aclKey, c.name) && (!c.adminOnly || ctx.isAdmin))
        .map((c) => `${prefix}${c.name}${c.usage ? ` ${c.usage}` : ''} — ${c.summary}`);
      if (lines.length === 0) return 'There are no commands you may run here.';
      return ['Commands you may run here:', ...lines].join('\n');
    },
  };
}

/** `whoami`: the identity strings ACLs and sessions use, so operators can write rules. */
function whoamiCommand(bot: Bot): Command {
  return {
    name: 'whoami',
    aclKey: 'core:whoami',
    summary: 'show your identity as the ACLs see it',
    run(ctx) {
      const { author, place } = ctx.event;
      return [
        `id: ${author.id}`,
        `name: ${author.name}`,
        `acl key: ${author.aclKey}`,
        place.kind === 'room'
          ? `room: ${place.room.name} (id ${place.room.id}, acl key ${place.room.aclKey})`
          : `room: ${describePlace(place)}`,
        `back-end: ${bot.backend.name}`,
        `admin: ${bot.isAdmin(author) ? 'yes' : 'no'}`,
      ].join('\n');
    },
  };
}
