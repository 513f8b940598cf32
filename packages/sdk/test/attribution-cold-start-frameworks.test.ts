/** Cold-start attribution (see helpers/cold-start.ts), frameworks scenarios. */
import { coldStartTests } from './helpers/cold-start.js';

coldStartTests(['express', 'fastify', 'koa', 'hono', 'next']);
