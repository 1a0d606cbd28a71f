/**
 * Temporary folders for tests. Each is removed when the test file's process exits, whether its
 * tests passed, failed or threw, so no run leaves folders in the OS temp directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();
let hooked = false;

/** A new empty folder `stormbot-<purpose>-XXXXXX` in the OS temp directory, removed at exit. */
export function tempDir(purpose: string): string {
  const dir = mkdtempSync(join(tmpdir(), `stormbot-${purpose}-`));
  if (!hooked) process.once('exit', removeAll);
  hooked = true;
  made.add(dir);
  return dir;
}

/** Remove every folder made so far (synchronous: it runs in the process's `exit` event). */
export function removeAll(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
