/**
 * Starts the mock provider servers of packages/mock-providers for the Python tests and the Python benchmark:
 *   node --import tsx packages/sdk-python/tests/mock_servers.ts
 * Prints one JSON line {"openai": url, "anthropic": url, "pinecone": url, "gemini": url, "voyage": url, "cohere": url} and serves until stdin closes (the Python
 * side exiting, however it exits) or SIGTERM.
 */
import { startMockAnthropic, startMockCohere, startMockGemini, startMockOpenAI, startMockPinecone, startMockVoyage } from '@llmobserve/mock-providers';

const [openai, anthropic, pinecone, gemini, voyage, cohere] = await Promise.all([
  startMockOpenAI({ record: false }),
  startMockAnthropic(),
  startMockPinecone(),
  startMockGemini(),
  startMockVoyage(),
  startMockCohere(),
]);
const servers = { openai, anthropic, pinecone, gemini, voyage, cohere };
process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(servers).map(([k, v]) => [k, v.url]))) + '\n');
let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  void Promise.allSettled(Object.values(servers).map((v) => v.close())).then(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
