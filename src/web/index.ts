/**
 * stormbot's HTTP server: webhooks, health, metrics and the client-side sign-in page.
 */
export { parseAnnouncementBody } from './announcement-payload.js';
export type { HealthBody, HealthCheck, HealthReport } from './health.js';
export { LOGIN_STATIC_DIR, type LoginResponseBody } from './login.js';
export { parseLoginBody, type ParsedLogin } from './login-payload.js';
export { createMetrics, type MetricsOptions, type StormbotMetrics } from './metrics.js';
export { createWebServer, type WebServer, type WebServerOptions } from './server.js';
export {
  DEFAULT_MAX_SKEW_SECONDS,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  TOKEN_HEADER,
  secretsEqual,
  signWebhook,
  verifyWebhook,
  webhookAuthConfigured,
  type WebhookAuthOptions,
  type WebhookAuthResult,
} from './webhook-auth.js';
