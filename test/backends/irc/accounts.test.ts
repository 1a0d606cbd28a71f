/**
 * Services accounts (IRCv3 account-tag, extended-join, account-notify) become ACL keys. ngIRCd
 * reports no accounts, so a small scripted IRC server plays an IRCv3 network here.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { IrcBackend } from '../../../src/backends/irc/index.js';
import { silentLogger } from '../../../src/log.js';
import { RecordingSink } from '../../contracts/backend-contract.js';
import { bounded } from '../../support/wait.js';
import { backendSettings } from '../../../src/config/index.js';

/** A scripted IRCv3 server: registers one client, confirms joins, relays what the test pushes. */
class ScriptedIrcd {
  readonly server: Server;
  private socket: Socket | undefined;
  private nick = '*';
  private connected!: () => void;
  readonly ready = new Promise<void>((r) => (this.connected = r));

  constructor() {
    this.server = createServer((socket) => {
      this.socket = socket;
      let buffer = '';
      socket.on('data', (chunk) => {
        buffer += chunk.toString('utf8');
        let end: number;
        while ((end = buffer.indexOf('\r\n')) >= 0) {
          this.onLine(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      });
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  }

  /** Send a raw line to the bot. */
  push(line: string): void {
    this.socket?.write(`${line}\r\n`);
  }

  private onLine(line: string): void {
    const [command = '', ...params] = line.split(' ');
    switch (command.toUpperCase()) {
      case 'CAP':
        if (params[0] === 'LS') {
          this.push(':irc.test CAP * LS :account-tag account-notify extended-join message-tags');
        } else if (params[0] === 'REQ') {
          this.push(`:irc.test CAP * ACK ${params.slice(1).join(' ')}`);
        } else if (params[0] === 'END') {
          this.push(`:irc.test 001 ${this.nick} :Welcome`);
          this.push(`:irc.test 005 ${this.nick} CHANTYPES=# CASEMAPPING=rfc1459 :are supported`);
          this.push(`:irc.test 376 ${this.nick} :End of MOTD`);
        }
        break;
      case 'NICK':
        this.nick = params[0] ?? this.nick;
        break;
      case 'JOIN':
        this.push(`:${this.nick}!bot@host JOIN ${params[0]} * :bot`);
        this.push(`:irc.test 366 ${this.nick} ${params[0]} :End of NAMES list`);
        this.connected();
        break;
      case 'PING':
        this.push(`:irc.test PONG irc.test ${params.join(' ')}`);
        break;
      default:
        break;
    }
  }

  close(): Promise<void> {
    this.socket?.destroy();
    return new Promise((r) =>
      this.server.close(() => {
        r();
      }),
    );
  }
}

void describe('IRC services accounts', () => {
  const ircd = new ScriptedIrcd();
  const sink = new RecordingSink();
  let backend: IrcBackend;

  before(async () => {
    const port = await ircd.listen();
    backend = new IrcBackend(
      backendSettings('irc', {
        server: '127.0.0.1',
        port,
        nick: 'stormbot',
        channels: ['#chatops'],
      }),
      { logger: silentLogger() },
    );
    await backend.start(sink);
    await bounded(ircd.ready, { what: 'the bot to register with the scripted server' });
  });

  after(async () => {
    await backend.stop();
    await ircd.close();
  });

  test('account-tag: the account is the ACL key, the nick stays the id', async () => {
    ircd.push('@account=alice-acct :alice!a@host PRIVMSG #chatops :tagged hello');
    const event = await sink.next((e) => e.text === 'tagged hello');
    assert.deepEqual(event.author, {
      backend: 'irc',
      id: 'alice',
      name: 'alice',
      aclKey: 'alice-acct',
    });
    // st2 may name the person by account; it maps back to the nick.
    assert.equal((await backend.identity.principalFor('alice-acct'))?.id, 'alice');
  });

  test('extended-join, account-notify and nick changes keep the account', async () => {
    ircd.push(':carol!c@host JOIN #chatops * :Carol');
    ircd.push(':carol!c@host PRIVMSG #chatops :no account yet');
    assert.equal((await sink.next((e) => e.text === 'no account yet')).author.aclKey, 'carol');

    ircd.push(':carol!c@host ACCOUNT carol-acct');
    ircd.push(':carol!c@host PRIVMSG #chatops :logged in');
    assert.equal((await sink.next((e) => e.text === 'logged in')).author.aclKey, 'carol-acct');

    ircd.push(':dave!d@host JOIN #chatops dave-acct :Dave');
    ircd.push(':dave!d@host NICK Davey');
    ircd.push(':Davey!d@host PRIVMSG stormbot :renamed');
    const renamed = await sink.next((e) => e.text === 'renamed');
    assert.deepEqual(renamed.author, {
      backend: 'irc',
      id: 'davey',
      name: 'Davey',
      aclKey: 'dave-acct',
    });
    assert.deepEqual(renamed.place, { kind: 'direct' });

    ircd.push(':carol!c@host ACCOUNT *');
    ircd.push(':carol!c@host PRIVMSG #chatops :logged out');
    assert.equal((await sink.next((e) => e.text === 'logged out')).author.aclKey, 'carol');
  });

  test('server notices and messages to other targets are not events', async () => {
    ircd.push(':irc.test NOTICE stormbot :server notice');
    ircd.push(':erin!e@host PRIVMSG someoneelse :misrouted');
    ircd.push(':erin!e@host PRIVMSG #chatops :marker');
    await sink.next((e) => e.text === 'marker');
    assert.equal(sink.events.filter((e) => /server notice|misrouted/.test(e.text)).length, 0);
  });
});
