/**
 * Reads cases from stdin (a JSON array of {provider, kind: "request" | "json" | "stream", endpoint, body | sse}) and
 * prints what the TypeScript SDK's adapters make of each, so that test_parity.py can compare the Python wire
 * formats with them: one convention, two languages, checked on the same bodies.
 */
import { readFileSync } from 'node:fs';
import { allAdapters } from '../../sdk/src/providers/registry.js';
import { parseSse } from '../../sdk/src/providers/sse.js';

interface Case {
  provider: string;
  kind: 'request' | 'json' | 'stream';
  endpoint: string;
  body?: unknown;
  sse?: string;
}

const cases = JSON.parse(readFileSync(0, 'utf8')) as Case[];
const out = cases.map((c) => {
  const a = allAdapters().find((x) => x.name === c.provider);
  if (!a) throw new Error(`unknown provider ${c.provider}`);
  if (c.kind === 'request') return a.summarizeRequest(c.endpoint, c.body);
  if (c.kind === 'json') return a.summarizeJson(c.endpoint, c.body);
  return a.summarizeStream(c.endpoint, parseSse(c.sse ?? ''), null);
});
process.stdout.write(JSON.stringify(out));
