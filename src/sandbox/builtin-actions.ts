/**
 * Metadata of the st2 actions the sandbox always knows (a few of the `core` pack and
 * `chatops.post_message`), so aliases that point at them work without their packs.
 */
import type { ActionParameter } from '../stackstorm/model.js';

/** An action's metadata before the sandbox gives it an id. */
export interface ActionSpec {
  name: string;
  pack: string;
  runner_type: string;
  description?: string;
  entry_point?: string;
  enabled?: boolean;
  parameters?: Record<string, ActionParameter>;
  tags?: unknown[];
  metadata_file?: string;
}

const shellParams: Record<string, ActionParameter> = {
  cwd: { type: 'string', description: 'Working directory where the command will be executed in' },
  env: {
    type: 'object',
    description: 'Environment variables which will be available to the command',
  },
  sudo: { type: 'boolean', default: false, description: 'The command will be executed with sudo.' },
  timeout: { type: 'integer', default: 60, description: 'Action timeout in seconds.' },
};

/** The built-in actions. */
export const BUILTIN_ACTIONS: readonly ActionSpec[] = [
  {
    pack: 'core',
    name: 'local',
    runner_type: 'local-shell-cmd',
    description: 'Action that executes an arbitrary Linux command on the localhost.',
    parameters: {
      cmd: {
        type: 'string',
        required: true,
        description: 'Arbitrary Linux command to be executed on the local host.',
      },
      ...shellParams,
    },
  },
  {
    pack: 'core',
    name: 'remote',
    runner_type: 'remote-shell-cmd',
    description: 'Action to execute arbitrary linux command remotely.',
    parameters: {
      cmd: {
        type: 'string',
        required: true,
        description: 'Arbitrary Linux command to be executed on the remote host(s).',
      },
      hosts: {
        type: 'string',
        required: true,
        description:
          'A comma delimited string of a list of hosts where the remote command will be executed.',
      },
      ...shellParams,
    },
  },
  {
    pack: 'core',
    name: 'echo',
    runner_type: 'local-shell-cmd',
    description: 'Action that executes the Linux echo command on the localhost.',
    parameters: {
      message: {
        type: 'string',
        required: true,
        description: 'The message that the command will echo.',
      },
      cmd: {
        type: 'string',
        immutable: true,
        default: 'echo "{{message}}"',
        description: 'Arbitrary Linux command to be executed on the local host.',
      },
      ...shellParams,
    },
  },
  {
    pack: 'core',
    name: 'noop',
    runner_type: 'noop',
    description: 'Action that does nothing',
    parameters: {},
  },
  {
    pack: 'core',
    name: 'http',
    runner_type: 'http-request',
    description: 'Action that performs an http request.',
    parameters: {
      url: { type: 'string', required: true, description: 'URL to the HTTP endpoint.' },
      method: {
        type: 'string',
        default: 'GET',
        enum: ['HEAD', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'PURGE'],
      },
      body: { type: 'string', description: 'Body to send with the request' },
    },
  },
  {
    pack: 'core',
    name: 'ask',
    runner_type: 'inquirer',
    description: 'Action for initiating an Inquiry (usually in a workflow)',
    parameters: {
      schema: {
        type: 'object',
        default: {
          type: 'object',
          properties: {
            continue: {
              type: 'boolean',
              description: 'Would you like to continue the workflow?',
              required: true,
            },
          },
        },
      },
      ttl: {
        type: 'integer',
        default: 1440,
        description: 'Time (in minutes) that an unacknowledged Inquiry is cleaned up',
      },
      users: {
        type: 'array',
        default: [],
        description: 'A list of users allowed to respond to the Inquiry',
      },
      roles: {
        type: 'array',
        default: [],
        description: 'A list of roles allowed to respond to the Inquiry',
      },
      route: {
        type: 'string',
        default: '',
        description:
          'An arbitrary value for allowing rules to route to proper notification channel.',
      },
    },
  },
  {
    pack: 'chatops',
    name: 'post_message',
    runner_type: 'announcement',
    description: 'Post a message to stream for chatops',
    parameters: {
      channel: { type: 'string', required: true, description: 'Channel to post to' },
      message: { type: 'string', required: true, description: 'Message to send.' },
      user: { type: 'string', description: 'Explicitly notify a user' },
      whisper: { type: 'boolean', default: false, description: 'Send a private message to user' },
      extra: { type: 'object', description: 'Extra adapter-specific parameters.' },
      context: { type: 'object', description: 'Original chat context.' },
      route: { type: 'string', default: 'chatops' },
      experimental: { default: true, immutable: true },
    },
  },
];
