export {
  runForRequest,
  requestContext,
  CUSTOMER_HEADER,
  TENANT_HEADER,
  type RequestAttributionOptions,
} from './core.js';
export { expressMiddleware, koaMiddleware, honoMiddleware, fastifyPlugin, withLLMObserve, type FetchHandlerOptions, type NodeRequestLike, type KoaContextLike, type HonoContextLike } from './adapters.js';
