/**
 * Temporary pack folders for loader, lint and CLI tests.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tempDir } from '../support/temp.js';

/** Create a temporary folder with the given files (path → content). */
export async function makePacks(
  files: Record<string, string>,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = tempDir('packs');
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
