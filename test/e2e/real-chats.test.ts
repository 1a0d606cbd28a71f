/**
 * Issue 7 end to end on real chat servers: a person on Prosody (XMPP) and on ngIRCd (IRC) runs
 * `!st2 greet Hi` in a room and in a direct message, and receives the ack and then the result
 * from the sandbox, through the whole bot.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp, type App } from '../../src/app/build.js';
import { parseConfig } from '../../src/config/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { capturingLogger } from '../support/logs.js';
import {
  connectIrcPerson,
  ircBotSettings,
  ngircdSkipReason,
  startNgircd,
  type IrcPerson,
  type NgircdServer,
} from '../support/ngircd.js';
import {
  connectXmppPerson,
  prosodySkipReason,
  startProsody,
  xmppBotSettings,
  type ProsodyServer,
  type XmppPerson,
} from '../support/prosody.js';

/** The bot on a configured back-end against a fresh sandbox. */
async function startBot(
  backend: string,
  settings: Record<string, unknown>,
): Promise<{ app: App; sandbox: Sandbox }> {
  const sandbox = await startSandbox({ apiKeys: ['real-chat-key'] });
  const config = parseConfig(
    {
      backend,
      backends: { [backend]: settings },
      store: { driver: 'memory' },
      stackstorm: {
        api_url: sandbox.apiUrl,
        auth_url: sandbox.authUrl,
        stream_url: sandbox.streamUrl,
        api_auth: { apikey: 'real-chat-key' },
      },
    },
    {},
  );
  const app = await buildApp(config, { logger: capturingLogger().logger, sandbox, env: {} });
  await app.start();
  return { app, sandbox };
}

const ACK = /details available at http:\/\/127\.0\.0\.1:\d+\/#\/history\/\w+\/general/;
const RESULT = /Hi! StackStorm here/;

describe('XMPP: !st2 greet Hi on a real Prosody', { skip: prosodySkipReason() ?? false }, () => {
  let server: ProsodyServer;
  let bot: { app: App; sandbox: Sandbox };
  let alice: XmppPerson;
  let room: string;

  before(async () => {
    server = await startProsody({ users: { bot: 'secret-bot', alice: 'secret-alice' } });
    room = `chatops@${server.mucDomain}`;
    bot = await startBot(
      'xmpp',
      xmppBotSettings(server, { password: 'secret-bot', rooms: [room] }),
    );
    alice = await connectXmppPerson(server, 'alice', 'secret-alice');
    await alice.joinRoom(room, 'alice');
  });
  after(async () => {
    await alice.stop();
    await bot.app.stop();
    await bot.sandbox.close();
    await server.stop();
  });

  test('in a room: the ack, then the result mentioning the person', async () => {
    const fromBot = (body: RegExp) => (m: { from: string; type: string; body: string }) =>
      m.type === 'groupchat' && m.from === `${room}/stormbot` && body.test(m.body);
    const ack = alice.waitForMessage(fromBot(ACK));
    const result = alice.waitForMessage(fromBot(RESULT));
    await alice.sayInRoom(room, '!st2 greet Hi');
    assert.match((await ack).body, ACK);
    assert.match((await result).body, /^alice: Hi! StackStorm here/);
  });

  test('in a direct message: the ack, then the result', async () => {
    const direct = (body: RegExp) => (m: { type: string; body: string }) =>
      m.type === 'chat' && body.test(m.body);
    const ack = alice.waitForMessage(direct(ACK));
    const result = alice.waitForMessage(direct(RESULT));
    await alice.sayDirect(`bot@${server.domain}`, '!st2 greet Hi');
    await ack;
    await result;
  });
});

describe('IRC: !st2 greet Hi on a real ngIRCd', { skip: ngircdSkipReason() ?? false }, () => {
  let server: NgircdServer;
  let bot: { app: App; sandbox: Sandbox };
  let alice: IrcPerson;

  before(async () => {
    server = await startNgircd();
    bot = await startBot('irc', ircBotSettings(server));
    alice = await connectIrcPerson(server, 'alice');
    await alice.join('#chatops');
  });
  after(async () => {
    await alice.quit();
    await bot.app.stop();
    await bot.sandbox.close();
    await server.stop();
  });

  test('in a channel: the ack, then the result mentioning the person', async () => {
    const fromBot = (body: RegExp) => (m: { nick: string; target: string; message: string }) =>
      m.nick === 'stormbot' && m.target === '#chatops' && body.test(m.message);
    const ack = alice.waitForMessage(fromBot(ACK));
    const result = alice.waitForMessage(fromBot(RESULT));
    alice.say('#chatops', '!st2 greet Hi');
    await ack;
    assert.match((await result).message, /^alice: Hi! StackStorm here/);
  });

  test('in a direct message: the ack, then the result', async () => {
    const direct = (body: RegExp) => (m: { nick: string; target: string; message: string }) =>
      m.nick === 'stormbot' && m.target === 'alice' && body.test(m.message);
    const ack = alice.waitForMessage(direct(ACK));
    const result = alice.waitForMessage(direct(RESULT));
    alice.say('stormbot', '!st2 greet Hi');
    await ack;
    await result;
  });
});
