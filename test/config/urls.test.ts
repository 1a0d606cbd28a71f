import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { urlProblem } from '../../src/config/fields.js';
import { assertWarning, parse } from './support.js';

interface UrlCase {
  readonly name: string;
  readonly stackstorm: Record<string, unknown>;
  readonly api: string;
  readonly auth: string;
  readonly stream: string;
}

const key = { api_auth: { apikey: 'k' } };

const derivation: UrlCase[] = [
  {
    name: 'st2chatops form https://host/api',
    stackstorm: { api_url: 'https://st2.example.com/api' },
    api: 'https://st2.example.com/api/v1',
    auth: 'https://st2.example.com/auth/v1',
    stream: 'https://st2.example.com/stream/v1',
  },
  {
    name: 'err-stackstorm form https://host/api/v1',
    stackstorm: { api_url: 'https://st2.example.com/api/v1' },
    api: 'https://st2.example.com/api/v1',
    auth: 'https://st2.example.com/auth/v1',
    stream: 'https://st2.example.com/stream/v1',
  },
  {
    name: 'trailing slashes are ignored',
    stackstorm: { api_url: 'https://st2.example.com/api/v1//' },
    api: 'https://st2.example.com/api/v1',
    auth: 'https://st2.example.com/auth/v1',
    stream: 'https://st2.example.com/stream/v1',
  },
  {
    name: 'a path prefix before /api is kept',
    stackstorm: { api_url: 'https://tools.example.com/st2/api' },
    api: 'https://tools.example.com/st2/api/v1',
    auth: 'https://tools.example.com/st2/auth/v1',
    stream: 'https://tools.example.com/st2/stream/v1',
  },
  {
    name: 'a non-default port is kept',
    stackstorm: { api_url: 'https://st2.example.com:8443/api' },
    api: 'https://st2.example.com:8443/api/v1',
    auth: 'https://st2.example.com:8443/auth/v1',
    stream: 'https://st2.example.com:8443/stream/v1',
  },
  {
    name: 'direct port 9101 without /v1',
    stackstorm: { api_url: 'http://st2.internal:9101' },
    api: 'http://st2.internal:9101/v1',
    auth: 'http://st2.internal:9100/v1',
    stream: 'http://st2.internal:9102/v1',
  },
  {
    name: 'direct port 9101 with /v1 (err-stackstorm default)',
    stackstorm: { api_url: 'http://localhost:9101/v1' },
    api: 'http://localhost:9101/v1',
    auth: 'http://localhost:9100/v1',
    stream: 'http://localhost:9102/v1',
  },
  {
    name: 'query and fragment are dropped',
    stackstorm: { api_url: 'https://st2.example.com/api?x=1#y' },
    api: 'https://st2.example.com/api/v1',
    auth: 'https://st2.example.com/auth/v1',
    stream: 'https://st2.example.com/stream/v1',
  },
  {
    name: 'explicit st2chatops-style auth and stream URLs get /v1',
    stackstorm: {
      api_url: 'https://api.example.com/api',
      auth_url: 'https://auth.example.com/auth',
      stream_url: 'https://stream.example.com/stream/',
    },
    api: 'https://api.example.com/api/v1',
    auth: 'https://auth.example.com/auth/v1',
    stream: 'https://stream.example.com/stream/v1',
  },
  {
    name: 'explicit err-stackstorm URLs are kept as they are',
    stackstorm: {
      api_url: 'https://st2.example.com/api/v1',
      auth_url: 'https://st2.example.com/auth/v1',
      stream_url: 'https://st2.example.com/stream/v1',
    },
    api: 'https://st2.example.com/api/v1',
    auth: 'https://st2.example.com/auth/v1',
    stream: 'https://st2.example.com/stream/v1',
  },
  {
    name: 'an unknown layout falls back to the API URL',
    stackstorm: { api_url: 'https://st2.example.com:9000' },
    api: 'https://st2.example.com:9000/v1',
    auth: 'https://st2.example.com:9000/v1',
    stream: 'https://st2.example.com:9000/v1',
  },
];

describe('StackStorm URL derivation', () => {
  for (const c of derivation) {
    test(c.name, () => {
      const st2 = parse({ stackstorm: { ...key, ...c.stackstorm } }).stackstorm;
      assert.deepEqual([st2.apiUrl, st2.authUrl, st2.streamUrl], [c.api, c.auth, c.stream]);
    });
  }

  test('an unknown layout warns about both fallbacks', () => {
    const config = parse({ stackstorm: { ...key, api_url: 'https://st2.example.com:9000' } });
    assertWarning(
      config,
      'stackstorm.auth_url cannot be derived from api_url https://st2.example.com:9000/v1',
    );
    assertWarning(
      config,
      'stackstorm.stream_url cannot be derived from api_url https://st2.example.com:9000/v1',
    );
  });

  test('the web UI URL loses its trailing slash', () => {
    const st2 = parse({ stackstorm: { webui_url: 'https://st2.example.com/ui/' } }).stackstorm;
    assert.equal(st2.webuiUrl, 'https://st2.example.com/ui');
  });
});

describe('urlProblem', () => {
  const cases: [string, string, string | undefined][] = [
    ['https URL', 'https://st2.example.com/api', undefined],
    ['http URL with port', 'http://127.0.0.1:9101', undefined],
    [
      'missing scheme',
      'st2.example.com/api',
      'must be an absolute URL starting with http:// or https://',
    ],
    [
      'host and port only',
      'localhost:9101',
      'must be an absolute URL starting with http:// or https://',
    ],
    ['other scheme', 'ftp://st2.example.com/', 'must start with http:// or https://, not ftp://'],
    ['credentials', 'https://user:pw@st2.example.com/', 'must not contain a user name or password'],
    ['bad host', 'http://exa mple.com/', 'is not a valid URL'],
    ['empty', '', 'must not be empty'],
  ];
  for (const [name, value, expected] of cases) {
    test(name, () => {
      assert.equal(urlProblem(value), expected);
    });
  }

  test('redis URLs may carry a password', () => {
    assert.equal(urlProblem('rediss://:pw@redis:6380/0', ['redis:', 'rediss:'], true), undefined);
  });
});
