import { parseConfig, describeConfig } from '../../src/config/index.js';
const c = parseConfig({ stackstorm: { api_url: 'https://st2.example.com/api', api_auth: { user: { name: 'bot', password: 'pw' } } }, acl: { rules: { 'st2:*': { allowusers: 'alice' } } } }, { ST2_API_KEY: 'k', STORMBOT_SECRET_KEY: 'x' }, 'x.yaml', { cwd: '/srv' });
console.log(JSON.stringify(c, null, 1));
console.log(c);
console.log(c.stackstorm.apiAuth.apiKey);
for (const [raw, env] of [[{ bogus: 1 }, {}], [{ stackstorm: { api_ur: 'x' } }, {}], [{ stackstorm: { verify_cert: 'no' } }, {}], [{ web: { port: 'abc' } }, {}], [{}, { STORMBOT_WEB_PORT: 'abc' }], [{}, { STORMBOT_WEB_PORT: '70000' }], [{}, { ST2_API_URL: 'localhost:9101' }], [{}, { ST2_AUTH_USERNAME: 'u', ST2_API_URL: 'http://h:9101' }], [{ stackstorm: { rbac_auth: { standalone: null, clientside: { url: 'https://x/' } } } }, {}], [{ logging: { level: 'loud' } }, {}], [{ acl: { rules: { x: { allowusers: 3 } } } }, {}], [{ stackstorm: { api_url: 'https://h/weird', api_auth: { user: { name: 'a', password: 'b' } } } }, {}]] as const) {
  try { parseConfig(raw, env as NodeJS.ProcessEnv); console.log('OK?', JSON.stringify(raw)); } catch (e) { console.log((e as Error).message); }
}
