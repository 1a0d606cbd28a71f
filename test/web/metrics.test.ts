import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMetrics } from '../../src/web/metrics.js';

describe('metrics port over prom-client', () => {
  test('every counter and gauge keeps its exported name, help and label', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.count('commands', 'denied');
    metrics.count('executions', 'started');
    metrics.count('announcementsDelivered', 'webhook');
    metrics.count('announcementsDropped');
    metrics.count('streamReconnects');
    metrics.count('streamReconnects');
    metrics.count('errors', 'st2');
    metrics.set('streamConnected', 1);
    metrics.set('deliveryQueueSize', 7);
    assert.equal(
      await metrics.registry.metrics(),
      [
        '# HELP stormbot_commands_total Chat commands handled, by result.',
        '# TYPE stormbot_commands_total counter',
        'stormbot_commands_total{result="denied"} 1',
        '',
        '# HELP stormbot_executions_total Action-alias executions requested from StackStorm, by result.',
        '# TYPE stormbot_executions_total counter',
        'stormbot_executions_total{result="started"} 1',
        '',
        '# HELP stormbot_announcements_delivered_total Announcements posted to chat, by source.',
        '# TYPE stormbot_announcements_delivered_total counter',
        'stormbot_announcements_delivered_total{source="webhook"} 1',
        '',
        '# HELP stormbot_announcements_dropped_total Announcements that could not be delivered and were given up on.',
        '# TYPE stormbot_announcements_dropped_total counter',
        'stormbot_announcements_dropped_total 1',
        '',
        '# HELP stormbot_stream_reconnects_total Reconnections of the StackStorm event stream.',
        '# TYPE stormbot_stream_reconnects_total counter',
        'stormbot_stream_reconnects_total 2',
        '',
        '# HELP stormbot_errors_total Errors, by kind.',
        '# TYPE stormbot_errors_total counter',
        'stormbot_errors_total{kind="st2"} 1',
        '',
        '# HELP stormbot_stream_connected 1 while the StackStorm event stream is connected, else 0.',
        '# TYPE stormbot_stream_connected gauge',
        'stormbot_stream_connected 1',
        '',
        '# HELP stormbot_delivery_queue_size Announcements waiting in the delivery queue.',
        '# TYPE stormbot_delivery_queue_size gauge',
        'stormbot_delivery_queue_size 7',
        '',
      ].join('\n'),
    );
  });

  test('process metrics carry the same prefix', async () => {
    const text = await createMetrics().registry.metrics();
    assert.match(text, /^# TYPE stormbot_process_cpu_seconds_total counter$/m);
  });
});
