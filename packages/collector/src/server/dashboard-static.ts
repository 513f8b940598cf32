/**
 * Serves the built dashboard (packages/dashboard/dist) at /dashboard, with the SPA's index.html for every
 * client-side route. Without a build, /dashboard explains how to make one instead of answering 404.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** The dashboard's dist folder: LLMOBSERVE_DASHBOARD_DIR, else the @llmobserve/dashboard workspace package. */
export function dashboardDir(): string | null {
  const configured = process.env.LLMOBSERVE_DASHBOARD_DIR;
  const candidates = configured ? [configured] : [
    // In this repository: packages/collector/dist/server → packages/dashboard/dist
    fileURLToPath(new URL('../../../dashboard/dist', import.meta.url)),
  ];
  if (!configured) {
    try {
      candidates.push(join(dirname(createRequire(import.meta.url).resolve('@llmobserve/dashboard/package.json')), 'dist'));
    } catch {
      /* not installed as a package */
    }
  }
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>LLMObserve</title>
<body style="font-family:system-ui;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>LLMObserve collector</h1><p>The collector is running, but the dashboard has not been built: run
<code>npm run build</code> at the repository root. Meanwhile the API answers at
<a href="/insights">/insights</a>, <a href="/customers">/customers</a>, <a href="/runs">/runs</a>
(described at <a href="/openapi.json">/openapi.json</a>).</p></body></html>`;

export async function registerDashboard(app: FastifyInstance): Promise<void> {
  const publicRoute = { requirement: 'public' as const };
  app.get('/', { config: publicRoute, schema: { hide: true } }, async (_req, reply) => reply.redirect('/dashboard/'));
  const dir = dashboardDir();
  if (!dir) {
    app.get('/dashboard', { config: publicRoute, schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT));
    app.get('/dashboard/*', { config: publicRoute, schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT));
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/dashboard/',
    decorateReply: true,
    // No routes of its own: @fastify/static's per-file routes would lack `requirement: 'public'`, so in required
    // mode the page's own script and stylesheet answered 401 (dashboard engineer). Files go through the public
    // /dashboard/* route below, with reply.sendFile.
    serve: false,
    wildcard: false,
    index: false,
    // Vite's hashed assets never change; index.html must always be revalidated.
    setHeaders: (res, path) => res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.get('/dashboard', { config: publicRoute, schema: { hide: true } }, async (_req, reply) => reply.redirect('/dashboard/'));
  app.get('/dashboard/', { config: publicRoute, schema: { hide: true } }, async (_req, reply) => reply.sendFile('index.html'));
  // Client-side routes (not files): the SPA. Unknown asset paths still 404.
  app.get<{ Params: { '*': string } }>('/dashboard/*', { config: publicRoute, schema: { hide: true } }, async (req, reply) => {
    const rest = req.params['*'];
    if (rest.startsWith('assets/') || /\.[a-z0-9]+$/i.test(rest)) {
      return reply.sendFile(rest);
    }
    return reply.sendFile('index.html');
  });
}
