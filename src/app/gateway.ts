/**
 * The st2 client as the chatops layer's `St2Gateway` port.
 */
import type { ActionAlias } from '../aliases/index.js';
import type { St2Gateway, UserCredentials } from '../chatops/ports.js';
import type { St2Client } from '../stackstorm/index.js';

/** Adapt the bot-wide client; per-user credentials get a client sharing its connection pool. */
export function st2Gateway(client: St2Client): St2Gateway {
  const as = (credentials: UserCredentials | undefined): St2Client =>
    credentials === undefined
      ? client
      : client.withCredentials(
          credentials.kind === 'token'
            ? { kind: 'token', token: credentials.token }
            : { kind: 'apikey', apiKey: credentials.apiKey },
        );
  return {
    listAliases: async () => (await client.listAliases()) as unknown as ActionAlias[],
    executeAlias: async (request, credentials) => {
      const result = await as(credentials).executeAlias(request);
      return {
        execution: result.execution,
        actionalias: result.actionalias as unknown as ActionAlias | undefined,
        message: result.message,
        extra: isObject(result.extra) ? result.extra : undefined,
      };
    },
    getExecution: (id) => client.getExecution(id),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
