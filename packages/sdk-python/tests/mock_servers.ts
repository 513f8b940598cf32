/**
 * Starts the mock provider servers of packages/mock-providers for the Python tests and the Python benchmark:
 *   node --import tsx packages/sdk-python/tests/mock_servers.ts
 * Prints one JSON line {"openai": url, "anthropic": url, "pinecone": url} and serves until stdin closes (the Python
 * side exiting, however it exits) or SIGTERM.
 */
import { startMockAnthropic, startMockOpenAI, startMockPinecone } from '@llmobserve/mock-providers';

const [openai, anthropic, pinecone] = await Promise.all([
  startMockOpenAI({ record: false }),
  startMockAnthropic(),
  startMockPinecone(),
]);
process.stdout.write(JSON.stringify({ openai: openai.url, anthropic: anthropic.url, pinecone: pinecone.url }) + '\n');
let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  void Promise.allSettled([openai.close(), anthropic.close(), pinecone.close()]).then(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
