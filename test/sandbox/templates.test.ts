import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toHumanTime } from '../../src/sandbox/jinja-filters.js';
import {
  JinjaUndefinedError,
  renderLenient,
  renderStrict,
  renderValues,
} from '../../src/sandbox/jinja.js';
import { pyRepr } from '../../src/stackstorm/model.js';
import { defaultMessage, formatExecutionResult } from '../../src/sandbox/result-format.js';
import type { AliasRecord, Execution } from '../../src/sandbox/types.js';

const ctx = {
  execution: { id: 'e1', parameters: { cmd: 'ls', n: 2 }, result: { a: 1, b: ['x', true, null] } },
};

describe('Jinja-compatible rendering', () => {
  test('lenient, as Jinja: an attribute of an undefined value and a for over None throw', () => {
    const none = { execution: { result: { a: null } } };
    assert.throws(() => renderLenient('{{ execution.nope.deeper }}', ctx), {
      name: 'JinjaUndefinedError',
      message: "'dict object' has no attribute 'nope'",
    });
    assert.throws(() => renderLenient('{{ nope.deeper | default("d") }}', ctx), {
      name: 'JinjaUndefinedError',
      message: "'nope' is undefined",
    });
    assert.throws(() => renderLenient('{{ execution.result.a.b.c }}', none), {
      name: 'JinjaUndefinedError',
      message: "'None' has no attribute 'b'",
    });
    assert.throws(
      () => renderLenient('{% for x in execution.result.a %}{{ x }}{% endfor %}', none),
      {
        name: 'TypeError',
        message: "'NoneType' object is not iterable",
      },
    );
    assert.equal(renderLenient('{% for x in nope %}{{ x }}{% endfor %}.', ctx), '.');
  });

  test('strict: Jinja texts for undefined names and missing attributes', () => {
    assert.throws(
      () => renderStrict('{{ cmd }}', ctx),
      new JinjaUndefinedError("'cmd' is undefined"),
    );
    assert.throws(
      () => renderStrict('x {{ execution.parameters.host }}', ctx),
      new JinjaUndefinedError("'dict object' has no attribute 'host'"),
    );
    assert.equal(
      renderStrict('{{ execution.parameters.cmd }}/{{ execution.parameters.n }}', ctx),
      'ls/2',
    );
    assert.equal(renderStrict('{{ execution.parameters.host | default("h") }}', ctx), 'h');
    assert.equal(renderStrict('{% for x in [1, 2] %}{{ x }}{% endfor %}', ctx), '12');
  });

  test('lenient: undefined prints nothing; dicts and lists print the Python way', () => {
    assert.equal(renderLenient('[{{ nope }}][{{ execution.nope }}]', ctx), '[][]');
    const none = { execution: { result: { a: null } } };
    assert.equal(renderLenient('[{{ execution.result.a.b }}]', none), '[]');
    assert.equal(renderLenient('{{ execution.result }}', ctx), "{'a': 1, 'b': ['x', True, None]}");
  });

  test('None, True and False print the Python way, in both modes', () => {
    const values = { execution: { parameters: { flavor: null, dry: true, wet: false } } };
    const template =
      '{{ execution.parameters.flavor }} {{ execution.parameters.dry }} {{ execution.parameters.wet }}';
    assert.equal(renderLenient(template, values), 'None True False');
    assert.equal(renderStrict(template, values), 'None True False');
    assert.equal(renderLenient('{% if execution.parameters.flavor %}x{% endif %}.', values), '.');
  });

  test("conditions use Python's truth test: an empty list or dict is false", () => {
    const values = { r: { empty: {}, nil: [], one: ['a'], zero: 0, text: 'x' } };
    assert.equal(renderLenient('{% if r.empty %}y{% else %}n{% endif %}', values), 'n');
    assert.equal(renderLenient('{% if r.nil %}y{% elif r.one %}one{% endif %}', values), 'one');
    assert.equal(renderLenient('{{ "y" if r.empty else "n" }}', values), 'n');
    assert.equal(renderLenient('{% if not r.nil %}empty{% endif %}', values), 'empty');
    assert.equal(
      renderLenient('{{ r.nil or "fallback" }}|{{ r.one and r.text }}', values),
      'fallback|x',
    );
    assert.equal(renderLenient('{{ r.empty and r.text }}|{{ r.zero or r.nil }}', values), '{}|[]');
    assert.equal(renderStrict('{% if r %}y{% endif %}{% if {} %}z{% endif %}', values), 'y');
  });

  test("slices as Python's; Python 2's dict methods fail, as on st2's Python 3", () => {
    assert.equal(renderLenient('{{ [1, 2, 3][1:] }} {{ "abcdef"[:3] }}', {}), '[2, 3] abc');
    const values = { d: { a: 1 } };
    assert.equal(
      renderLenient('{% for k, v in d.items() %}{{ k }}={{ v }}{% endfor %}', values),
      'a=1',
    );
    assert.throws(() =>
      renderLenient('{% for k, v in d.iteritems() %}{{ k }}{% endfor %}', values),
    );
    assert.equal(renderLenient('{% if d.has_key %}y{% else %}n{% endif %}', values), 'n');
  });

  test('trim_blocks and lstrip_blocks', () => {
    assert.equal(renderLenient('  {% if true %}\nyes\n  {% endif %}\nend', {}), 'yes\nend');
  });

  test('st2 filters', () => {
    assert.equal(
      renderLenient('{{ execution.result | to_json_string }}', ctx),
      '{\n    "a": 1,\n    "b": [\n        "x",\n        true,\n        null\n    ]\n}',
    );
    assert.equal(
      renderLenient('{{ {"b": 1, "a": "é"} | tojson }}', {}),
      '{"a": "\\u00e9", "b": 1}',
    );
    assert.equal(renderLenient('{{ "a-b-c" | regex_replace("-", "+") }}', {}), 'a+b+c');
    assert.equal(renderLenient('{{ "v1.2" | regex_search("\\\\d+") }}', {}), 'True');
    assert.equal(renderLenient('{{ 3725 | to_human_time_from_seconds }}', {}), '1h2m5s');
    assert.equal(renderLenient('{{ "/a/b.txt" | basename }}', {}), 'b.txt');
    assert.equal(renderLenient('{{ "say \\"hi\\"" | json_escape }}', {}), 'say \\"hi\\"');
    assert.equal(
      renderLenient('{{ execution.result | to_yaml_string }}', ctx),
      'a: 1\nb:\n  - x\n  - true\n  - null\n',
    );
  });

  test('render_values: strings rendered, dicts through JSON, other values kept', () => {
    assert.deepEqual(
      renderValues(
        { s: '{{ execution.id }}', d: { k: ['{{ execution.parameters.cmd }}'] }, n: 5, b: true },
        ctx,
      ),
      {
        s: 'e1',
        d: { k: ['ls'] },
        n: 5,
        b: true,
      },
    );
    assert.throws(() => renderValues({ s: '{{ nope }}' }, ctx), JinjaUndefinedError);
  });

  test('toHumanTime and pyRepr', () => {
    assert.deepEqual([0, 0.5, 1, 65, 3600, 90061].map(toHumanTime), [
      '0s',
      '0.5\u03bcs',
      '1s',
      '1m5s',
      '1h0m0s',
      '1d1h1m1s',
    ]);
    assert.equal(
      pyRepr({ name: "it's", n: 1.5, ok: false, none: null }),
      `{'name': "it's", 'n': 1.5, 'ok': False, 'none': None}`,
    );
  });
});

describe('format_execution_result', () => {
  const execution = (over: Partial<Execution>): Execution => ({
    id: 'e1',
    status: 'succeeded',
    action: { ref: 'core.remote' },
    runner: { name: 'remote-shell-cmd' },
    liveaction: {},
    parameters: {},
    context: {},
    start_timestamp: '2026-01-01T00:00:00.000000Z',
    log: [],
    ...over,
  });

  test('default layout: per-host sections for remote shell, multi-line values on their own line', () => {
    const message = defaultMessage(
      execution({
        elapsed_seconds: 125,
        result: { web1: { stdout: 'line1\nline2', stderr: '', return_code: 0, succeeded: true } },
      }),
    );
    assert.equal(
      message,
      [
        'Action core.remote completed.',
        'status : succeeded',
        'execution: e1',
        'Took 2m5s to complete.',
        'result :',
        '--------',
        'web1 : ',
        '  stdout : ',
        '    line1\nline2',
      ].join('\n'),
    );
  });

  test('http-request shows every key; other runners the whole mapping or the raw value', () => {
    const http = defaultMessage(
      execution({
        runner: { name: 'http-request' },
        result: { status_code: 200, body: { ok: true } },
      }),
    );
    assert.match(http, /status_code : 200\nbody : \n {2}ok : True$/);
    const raw = defaultMessage(execution({ runner: { name: 'noop' }, result: 'done' }));
    assert.match(raw, /--------\ndone$/);
    const none = defaultMessage(execution({ runner: { name: 'noop' } }));
    assert.doesNotMatch(none, /result :/);
  });

  test('alias result: format, extra, enabled', () => {
    const alias = {
      result: {
        format: '{{ alias.name }}: {{ execution.status }}',
        extra: { slack: { c: '{{ execution.id }}' } },
      },
      name: 'x',
    } as unknown as AliasRecord;
    assert.deepEqual(formatExecutionResult(execution({}), alias), {
      enabled: true,
      message: 'x: succeeded',
      extra: { slack: { c: 'e1' } },
    });
    const off = { result: { enabled: false } } as unknown as AliasRecord;
    assert.equal(formatExecutionResult(execution({}), off).enabled, false);
  });

  test('a template that cannot be rendered is named in the error', () => {
    const bad = (result: object) => () =>
      formatExecutionResult(execution({}), { result } as unknown as AliasRecord);
    assert.throws(bad({ format: '{{ execution.nope.deeper }}' }), {
      name: 'ResultRenderError',
      field: 'result.format',
      message: "result.format: 'dict object' has no attribute 'nope'",
    });
    assert.throws(bad({ extra: { x: '{{ nope }}' } }), {
      name: 'ResultRenderError',
      field: 'result.extra',
      message: "result.extra: 'nope' is undefined",
    });
  });
});
