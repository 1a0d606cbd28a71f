/**
 * The port through which a back-end serves HTTP routes on the bot's web server, for a chat that
 * calls the bot back over HTTP (Mattermost posts button presses to a URL in the message).
 *
 * The back-end knows nothing of the web server: it lists its routes (`BackendWeb.routes`), the
 * server mounts them under its base path, and once the server listens at a public URL the app
 * tells the back-end that URL (`served`). Until then, whatever needs the routes stays off.
 */

/** One request to a back-end's route, as the web server hands it over. */
export interface BackendHttpRequest {
  /** The parsed body (a JSON value, or the fields of a form); untrusted. */
  readonly body: unknown;
  /** The caller's address, for logs. */
  readonly clientAddress: string;
}

/** The answer to a `BackendHttpRequest`: a status and a JSON object. */
export interface BackendHttpResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/** One `POST` route a back-end serves. */
export interface BackendHttpRoute {
  /** The path under the server's base path, starting with `/` (`/mattermost/actions`). */
  readonly path: string;
  /** Answer one request; never rejects (a failure is a 5xx answer). */
  handle(request: BackendHttpRequest): Promise<BackendHttpResponse>;
}

/** What a back-end that is called back over HTTP offers the web server (`ChatBackend.web`). */
export interface BackendWeb {
  /** The routes to mount. */
  readonly routes: readonly BackendHttpRoute[];
  /**
   * The web server listens and the chat can reach it at `publicUrl` (ending in `/`): the routes
   * are at `publicUrl` + their path without the leading `/`. Called at most once, before `start`.
   */
  served(publicUrl: string): void;
}
