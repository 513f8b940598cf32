#!/usr/bin/env node
// Container healthcheck (Dockerfile HEALTHCHECK, compose.yaml): exit 0 when GET /ready answers 200 within 2.5 s.
const port = process.env.LLMOBSERVE_PORT || '8000';
fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2500) }).then(
  (r) => process.exit(r.ok ? 0 : 1),
  () => process.exit(1),
);
