/**
 * st2 timestamps, parsed and formatted in one place.
 */

/**
 * st2 timestamps: UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, or the variants its ISO pattern accepts
 * (space instead of `T`, 3–6 fraction digits or none, `Z`/`+00`/`+0000`/`+00:00`).
 */
const ST2_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:\s|T)(\d{2}:\d{2}:\d{2})(?:\.(\d{3,6}))?(?:Z|\+00|\+0000|\+00:00)$/;

/** Milliseconds since the epoch of an st2 timestamp, or undefined when it is not one. */
export function parseSt2Time(value: string): number | undefined {
  const m = ST2_TIME.exec(value.trim());
  if (!m) return undefined;
  const fraction = (m[3] ?? '000').slice(0, 3);
  const ms = Date.parse(`${m[1] ?? ''}T${m[2] ?? ''}.${fraction}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Format a time the way st2 does (microseconds, literal `Z`). */
export function formatSt2Time(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
