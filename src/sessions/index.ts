/**
 * Client-side StackStorm sign-in: links, login attempts, credentials and chat commands.
 */
export { sessionsFeature, sessionsOffFeature, type SessionCommandOptions } from './commands.js';
export { SessionManager } from './manager.js';
export { signInHint } from './messages.js';
export type { LoginService, SessionManagerOptions, St2UserCredentials } from './types.js';
