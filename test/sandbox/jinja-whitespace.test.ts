import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderLenient } from '../../src/sandbox/jinja.js';
import { applyJinjaWhitespace } from '../../src/sandbox/jinja-whitespace.js';

/**
 * Template → output, the outputs produced by Jinja2 3.1 with st2's settings
 * (`trim_blocks=True, lstrip_blocks=True`).
 */
const JINJA2_CASES: [string, string][] = [
  ['  {% if 1 %}\nA\n  {% endif %}\nB', 'A\nB'],
  ['x  {% if 1 %}\nA\n{% endif %}', 'x  A\n'],
  ['  {#c#}\nA', 'A'],
  ['a\n  {#c#}  \nA', 'a\n  \nA'],
  ['  {{ 1 }}\nA', '  1\nA'],
  ['  {%+ if 1 %}\nA{% endif +%}\nB', '  A\nB'],
  ['a  {%- if 1 -%}  \n  A  {%- endif %}\n', 'aA'],
  ['a {{- 1 -}} \n b', 'a1b'],
  ['a\n\t {% if 1 %}  x\n{% endif %}', 'a\n  x\n'],
  ['{% for i in [1,2] %}\n  {{ i }}\n{% endfor %}\n', '  1\n  2\n'],
  ['a\r\n  {% if 1 %}\r\nA\r\n{% endif %}\r\nB', 'a\nA\nB'],
  ['{% raw %}  {% x %}\n{% endraw %}\nZ', '  {% x %}\nZ'],
  ['a\n  {% if 1 %}A{% endif %}', 'a\nA'],
  ['a  \n  {%- if 1 %}A{% endif %}', 'aA'],
  ["{{ '}}' }}x", '}}x'],
  ['a {#- c -#} b', 'ab'],
  ['a\n  {#+ c #}\nb', 'a\n  b'],
  ['a\n  {% if 1 +%}\nb{% endif %}', 'a\n\nb'],
  ['a{% set x = 1 %}\n\nb', 'a\nb'],
  ['  {% if 1 %}  {% endif %}  \nq', '    \nq'],
];

describe('Jinja2 whitespace control', () => {
  test('every case renders exactly as Jinja2 does', () => {
    for (const [template, expected] of JINJA2_CASES) {
      assert.equal(renderLenient(template, {}), expected, JSON.stringify(template));
    }
  });

  test('markers and comments are gone before nunjucks sees the template', () => {
    assert.equal(
      applyJinjaWhitespace('a {#- c -#} b {{- x }}{%+ if y -%}\n{% endif %}'),
      'ab{{ x }}{% if y %}{% endif %}',
    );
  });

  test('a per-host result layout: a loop over a dict walks its keys', () => {
    const template = [
      'Ran on {{ execution.result | length }} hosts:',
      '{% for host in execution.result -%}',
      '    {{ host }}: {{ execution.result[host].stdout }}',
      '{%+ endfor %}',
      '',
    ].join('\n');
    const execution = { result: { web1: { stdout: 'up' }, web2: { stdout: 'down' } } };
    assert.equal(renderLenient(template, { execution }), 'Ran on 2 hosts:\nweb1: up\nweb2: down\n');
  });

  test('undefined | join is empty, as with Jinja2 lenient undefined', () => {
    assert.equal(
      renderLenient("[{{ execution.parameters.packs | join(', ') }}]", {
        execution: { parameters: {} },
      }),
      '[]',
    );
  });
});
