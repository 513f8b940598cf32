/**
 * Throwaway folders for tests and benchmarks, removed when the process exits (each `node --test` file is its own
 * process), so a full `npm test` no longer leaves gigabytes of SQLite files and clones in the temp folder.
 * LLMOBSERVE_KEEP_TMP=1 keeps them for a post-mortem.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
let hooked = false;

export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  if (!hooked && process.env.LLMOBSERVE_KEEP_TMP !== '1') {
    hooked = true;
    process.on('exit', () => {
      for (const d of made) rmSync(d, { recursive: true, force: true, maxRetries: 2 });
    });
  }
  return dir;
}
