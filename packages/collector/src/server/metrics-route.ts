/**
 * GET /metrics (Prometheus text format). Its figures span every tenant, so in required mode it needs the `metrics`
 * scope on a credential of the platform tenant (or a platform administrator's); open mode serves it like every
 * other route. With LLMOBSERVE_METRICS_LISTEN it is served on that separate address instead (metrics-listener.ts).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { boundTenant } from '../auth/principal.js';
import type { MetricsRegistry } from '../metrics/index.js';
import { AUTHENTICATED_ERRORS, errorResponses } from '../schemas/common.js';
import { errorBody } from './errors.js';

export function registerMetricsRoute(app: FastifyInstance, registry: MetricsRegistry, platformTenant: string): void {
  app.get(
    '/metrics',
    {
      config: { requirement: 'metrics' },
      schema: {
        tags: ['ops'],
        summary: 'Prometheus metrics (every tenant): calls, tokens, cost, ingest results and latency, SDK drops, process',
        response: {
          200: { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: Type.String() } } },
          ...errorResponses(...AUTHENTICATED_ERRORS),
        },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p.kind !== 'anonymous' && !p.platformAdmin && boundTenant(p) !== platformTenant) {
        return reply.status(403).send(errorBody('forbidden', `metrics cover every tenant: use a credential of the platform tenant "${platformTenant}" with the "metrics" scope`));
      }
      return reply.type(registry.contentType).send(await registry.render());
    },
  );
}
