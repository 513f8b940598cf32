/**
 * Runs the mock OpenAI server from a shell:
 *   node --import tsx packages/mock-providers/src/cli.ts [--host 127.0.0.1] [--port 0] [--delay-ms 0] [--no-record]
 * Prints one line `mock-openai listening on http://HOST:PORT` and serves until SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { startMockOpenAI } from './openai.js';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    'delay-ms': { type: 'string', default: '0' },
    'no-record': { type: 'boolean', default: false },
  },
});

const mock = await startMockOpenAI({
  host: values.host,
  port: Number(values.port),
  chunkDelayMs: Number(values['delay-ms']),
  record: !values['no-record'],
});
process.stdout.write(`mock-openai listening on ${mock.url}\n`);
const stop = () => {
  void mock.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
