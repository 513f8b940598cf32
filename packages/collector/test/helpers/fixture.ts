/** A throwaway folder holding the given files (path relative to it -> text), for tests of the repository's scripts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { scratchDir } from './scratch.js';
import { dirname, join } from 'node:path';

export function fixtureDir(prefix: string, files: Record<string, string>): string {
  const dir = scratchDir(prefix);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
