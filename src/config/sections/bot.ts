/**
 * `bot.*`: how the bot talks to people and who runs it.
 */
import { z } from 'zod';
import type { SectionContext } from '../context.js';
import { csv, idOrList, list, str, text, word, type EnvVarSpec } from '../fields.js';

/** The schema of `bot`. */
export const schema = z.strictObject({
  name: word('a name').min(1).default('stormbot'),
  alt_names: list.default([]),
  prefix: z.string().default('!'),
  prefix_optional_in_direct: z.boolean().default(true),
  admins: idOrList.default([]),
  admin_channels: list.default([]),
  data_dir: text.default('./.data'),
});

/** The environment variables of `bot.*` (hubot's names after stormbot's). */
export const env: readonly EnvVarSpec[] = [
  { name: 'STORMBOT_NAME', key: 'bot.name', parse: str },
  { name: 'HUBOT_NAME', key: 'bot.name', parse: str },
  { name: 'STORMBOT_ALT_NAMES', key: 'bot.alt_names', parse: csv },
  { name: 'STORMBOT_PREFIX', key: 'bot.prefix', parse: str },
  { name: 'HUBOT_ALIAS', key: 'bot.prefix', parse: str },
  { name: 'STORMBOT_ADMINS', key: 'bot.admins', parse: csv },
  { name: 'STORMBOT_ADMIN_CHANNELS', key: 'bot.admin_channels', parse: csv },
  { name: 'STORMBOT_DATA_DIR', key: 'bot.data_dir', parse: str },
];

/** `bot` normalised. */
export function settings(file: z.output<typeof schema>, ctx: SectionContext) {
  return {
    /** The name the bot answers to when addressed (`stormbot: help`). */
    name: file.name,
    altNames: file.alt_names,
    /** Command prefix (Errbot's `BOT_PREFIX`, hubot's `HUBOT_ALIAS`); may be empty. */
    prefix: file.prefix,
    /** In direct messages the prefix may be left out. */
    prefixOptionalInDirect: file.prefix_optional_in_direct,
    /** fnmatch globs over `Principal.aclKey` of the administrators (Errbot's `BOT_ADMINS`). */
    admins: file.admins,
    /** Channels (announcement-style strings) where operational notices go. */
    adminChannels: file.admin_channels,
    /** Absolute path of the directory holding the store and the key file. */
    dataDir: ctx.absolute(file.data_dir),
  };
}
