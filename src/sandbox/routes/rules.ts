/**
 * `GET /api/v1/rules`: the notify rules the sandbox behaves as if installed, so `stormbot check`
 * can verify the notification route against it as against a real StackStorm.
 */
import type { FastifyInstance } from 'fastify';
import { authenticate, type SandboxContext } from '../context.js';

const NOTIFY_TRIGGER = 'core.st2.generic.notifytrigger';

/** One notify rule: StackStorm's `chatops.notify`, `chatops.notify-errbot`, or stormbot's own. */
function notifyRule(ref: string, route: string, announceOn: string) {
  const [pack, name] = ref.split('.') as [string, string];
  return {
    id: `rule-${name}`,
    ref,
    uid: `rule:${pack}:${name}`,
    pack,
    name,
    description: `Announce the results of route "${route}" on "${announceOn}".`,
    enabled: true,
    trigger: { type: NOTIFY_TRIGGER, parameters: {}, ref: NOTIFY_TRIGGER },
    criteria: { 'trigger.route': { type: 'equals', pattern: route } },
    action: {
      ref: 'chatops.post_result',
      parameters: {
        channel: '{{ trigger.data.source_channel }}',
        user: '{{ trigger.data.user }}',
        execution_id: '{{ trigger.execution_id }}',
        context: '{{ trigger.data.source_context }}',
        ...(announceOn === 'chatops' ? {} : { route: '{{ trigger.route }}' }),
      },
    },
  };
}

/** Register the rules listing. */
export function registerRuleRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const names: Record<string, string> = {
    hubot: 'chatops.notify',
    errbot: 'chatops.notify-errbot',
  };
  const rules = [
    ...Object.entries(ctx.announcementRoutes).map(([route, on]) =>
      notifyRule(names[route] ?? `chatops.notify-${route}`, route, on),
    ),
    notifyRule('stormbot.notify', 'stormbot', 'stormbot'),
  ];
  for (const path of ['/api/v1/rules', '/v1/rules']) {
    app.get(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      const query = request.query as Record<string, string | undefined>;
      const trigger = query.trigger ?? query.trigger_type;
      return rules.filter((r) => trigger === undefined || r.trigger.type === trigger);
    });
  }
}
