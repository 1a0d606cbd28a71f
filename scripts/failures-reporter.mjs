// A node:test reporter that prints only a summary of failed tests at the end, so a long CI log
// shows what failed at its very bottom (next to the counts) instead of somewhere in the middle.
import { inspect } from 'node:util';

export default async function* failuresReporter(source) {
  const failures = [];
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const { name, file, details } = event.data;
    const error = details?.error;
    // A suite fails when one of its tests does; the test itself is already listed.
    if (error?.failureType === 'subtestsFailed') continue;
    const cause = error?.cause ?? error;
    failures.push(
      `not ok: ${name}${file ? ` (${file})` : ''}\n${inspect(cause, { depth: 4 })
        .split('\n')
        .slice(0, 30)
        .map((line) => `    ${line}`)
        .join('\n')}`,
    );
  }
  if (failures.length > 0) {
    yield `\n# ${failures.length} failed:\n${failures.join('\n')}\n`;
  }
}
