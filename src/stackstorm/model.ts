/**
 * The StackStorm model: the st2 objects stormbot reads and sends, each defined once, as described
 * in `docs/reference/st2-api.md`. Every other module imports them from here: the alias engine,
 * the client, the stream, chatops, the webhook, sessions and the sandbox.
 */
export * from './model/action.js';
export * from './model/alias.js';
export * from './model/announcement.js';
export * from './model/credentials.js';
export * from './model/execution.js';
export * from './model/time.js';
export * from './model/inquiry.js';
export * from './model/json-schema.js';
export * from './model/pyrepr.js';
