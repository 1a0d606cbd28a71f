/**
 * Local type declarations for the parts of irc-framework 4.x stormbot uses (the package ships no
 * types). Only what the IRC back-end and its tests touch is declared.
 */
declare module 'irc-framework' {
  namespace IRC {
    /** Options of `Client.connect`. */
    interface ConnectOptions {
      host: string;
      port?: number;
      tls?: boolean;
      rejectUnauthorized?: boolean;
      nick: string;
      username?: string;
      gecos?: string;
      /** Server password (PASS); also used for SASL PLAIN when `account` is absent. */
      password?: string;
      /** SASL PLAIN credentials; an empty object disables SASL. */
      account?: { account?: string; password?: string };
      encoding?: string;
      version?: string | null;
      auto_reconnect?: boolean;
      auto_reconnect_max_wait?: number;
      auto_reconnect_max_retries?: number;
      ping_interval?: number;
      ping_timeout?: number;
      message_max_length?: number;
      sasl_disconnect_on_fail?: boolean;
      enable_echomessage?: boolean;
    }

    /** A PRIVMSG, NOTICE or ACTION. */
    interface MessageEvent {
      from_server: boolean;
      nick: string;
      ident: string;
      hostname: string;
      target: string;
      group?: string;
      message: string;
      tags: Record<string, string>;
      time?: number;
      /** The sender's services account (IRCv3 account-tag), when the server reports one. */
      account?: string | false;
      batch?: unknown;
    }

    /** A JOIN. `account` is set when the server has extended-join enabled. */
    interface JoinEvent {
      nick: string;
      ident: string;
      hostname: string;
      gecos: string;
      channel: string;
      account?: string | false;
      time?: number;
      tags: Record<string, string>;
    }

    /** A KICK. */
    interface KickEvent {
      kicked: string;
      nick: string;
      channel: string;
      message: string;
    }

    /** An account-notify ACCOUNT message. */
    interface AccountEvent {
      nick: string;
      account: string | false;
    }

    /** A NICK change. */
    interface NickEvent {
      nick: string;
      new_nick: string;
    }

    /** A QUIT. */
    interface QuitEvent {
      nick: string;
      message: string;
    }

    /** A raw protocol line, in or out. */
    interface RawEvent {
      line: string;
      from_server: boolean;
    }

    /** The 001 welcome. */
    interface RegisteredEvent {
      nick: string;
    }

    /** An error numeric or an ERROR command. */
    interface IrcErrorEvent {
      error: string;
      channel?: string;
      reason?: string;
      nick?: string;
    }

    /** A failed SASL authentication. */
    interface SaslFailedEvent {
      reason: string;
      message?: string;
    }

    /** The client's own user. */
    interface User {
      nick: string;
      username: string;
      gecos: string;
      host: string;
      away: boolean;
    }

    /** What the server supports (ISUPPORT, CAP). */
    interface NetworkInfo {
      name: string;
      supports(feature: string): string | boolean | undefined;
      isChannelName(name: string): boolean;
      cap: { isEnabled(cap: string): boolean; enabled: string[] };
    }

    /** An IRC connection. */
    class Client {
      constructor(options?: Partial<ConnectOptions>);
      readonly connected: boolean;
      readonly user: User;
      readonly network: NetworkInfo;
      connect(options?: ConnectOptions): void;
      quit(message?: string): void;
      raw(...args: (string | number)[]): void;
      say(target: string, message: string): void;
      notice(target: string, message: string): void;
      join(channel: string, key?: string): void;
      part(channel: string, message?: string): void;
      changeNick(nick: string): void;
      requestCap(cap: string | string[]): void;
      caseCompare(a: string, b: string): boolean;
      caseLower(s: string): string;

      on(event: 'registered' | 'connected', fn: (e: RegisteredEvent) => void): this;
      on(event: 'privmsg' | 'action' | 'notice', fn: (e: MessageEvent) => void): this;
      on(event: 'join', fn: (e: JoinEvent) => void): this;
      on(event: 'kick', fn: (e: KickEvent) => void): this;
      on(event: 'account', fn: (e: AccountEvent) => void): this;
      on(event: 'nick', fn: (e: NickEvent) => void): this;
      on(event: 'quit', fn: (e: QuitEvent) => void): this;
      on(event: 'raw', fn: (e: RawEvent) => void): this;
      on(event: 'irc error', fn: (e: IrcErrorEvent) => void): this;
      on(event: 'nick in use', fn: (e: { nick: string; reason: string }) => void): this;
      on(event: 'sasl failed', fn: (e: SaslFailedEvent) => void): this;
      on(event: 'socket close', fn: (err?: unknown) => void): this;
      on(event: 'socket error', fn: (err: Error) => void): this;
      on(event: 'close', fn: (hadError: boolean) => void): this;
      on(event: string, fn: (...args: never[]) => void): this;
      once(event: 'registered', fn: (e: RegisteredEvent) => void): this;
      once(event: 'close', fn: (hadError: boolean) => void): this;
      once(event: string, fn: (...args: never[]) => void): this;
      removeListener(event: string, fn: (...args: never[]) => void): this;
      removeAllListeners(event?: string): this;
    }
  }

  export = IRC;
}
