/**
 * The body of `POST /login/authenticate/<uuid>`.
 *
 * stormbot's page sends `{method, secret_word, username, password}`, `{method, secret_word, token}`
 * or `{method, secret_word, api_key}`. err-stackstorm's field names are accepted too
 * (`shared_word`, `user_token`), and without `method` the kind is read from the fields present.
 */
import { z } from 'zod';
import type { LoginAttempt, LoginMethod } from '../sessions/types.js';

const field = z.string().max(4096, 'is too long').optional();

const loginBodySchema = z.object({
  method: z.enum(['password', 'token', 'apikey']).optional(),
  secret_word: field,
  shared_word: field,
  username: field,
  password: field,
  token: field,
  user_token: field,
  api_key: field,
});

/** The result of reading a login body. `error` never repeats a submitted value. */
export type ParsedLogin =
  | { readonly ok: true; readonly attempt: LoginAttempt }
  | { readonly ok: false; readonly error: string };

/** Read a login request body. */
export function parseLoginBody(body: unknown): ParsedLogin {
  const result = loginBodySchema.safeParse(body);
  if (!result.success) {
    const fields = [
      ...new Set(result.error.issues.map((i) => i.path.map(String).join('.') || 'body')),
    ];
    return { ok: false, error: `invalid field(s): ${fields.join(', ')}` };
  }
  const b = result.data;
  const token = b.token ?? b.user_token;
  let method: LoginMethod | undefined = b.method;
  if (!method) {
    const kinds: LoginMethod[] = [];
    if (b.username !== undefined || b.password !== undefined) kinds.push('password');
    if (token !== undefined) kinds.push('token');
    if (b.api_key !== undefined) kinds.push('apikey');
    if (kinds.length !== 1) {
      return {
        ok: false,
        error: 'send exactly one of: username and password, user_token, api_key',
      };
    }
    method = kinds[0];
  }
  return {
    ok: true,
    attempt: {
      method: method ?? 'password',
      secretWord: b.secret_word ?? b.shared_word ?? '',
      username: b.username,
      password: b.password,
      token,
      apiKey: b.api_key,
    },
  };
}
