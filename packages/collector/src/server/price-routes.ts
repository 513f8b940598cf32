/** Tenant custom prices: list (read), set (admin), delete (admin). They price events ingested from then on. */
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DeletedPriceSchema, PriceListSchema, SavedPriceSchema } from '../schemas/admin.js';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, errorResponses } from '../schemas/common.js';
import type { PriceBooks } from '../pricing/custom-prices.js';
import type { CustomPrice, Storage } from '../storage/types.js';
import { ApiError } from './errors.js';
import type { TenancyPolicy } from '../auth/tenancy.js';

const Rate = (description: string) => Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1e6, description }), Type.Null()]));
const TenantQuery = Type.Object({ tenant_id: Type.Optional(Type.String({ maxLength: 64 })) });
const PriceBody = Type.Object({
  tenant_id: Type.Optional(Type.String({ maxLength: 64 })),
  provider: Type.String({ minLength: 1, maxLength: 64 }),
  model: Type.String({ minLength: 1, maxLength: 256 }),
  input_per_mtok: Rate('USD per million input tokens'),
  output_per_mtok: Rate('USD per million output tokens'),
  cache_read_per_mtok: Rate('USD per million cache-read tokens (default: the input rate)'),
  cache_write_per_mtok: Rate('USD per million cache-write tokens (default: the input rate)'),
  unit_prices: Type.Optional(Type.Union([
    Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Number({ minimum: 0, maximum: 1e6 }), { maxProperties: 32 }),
    Type.Null(),
  ], { description: 'USD per unit of non-token usage, e.g. {"read_units": 0.000016}' })),
  effective_from: Type.Optional(Type.String({ format: 'date-time', description: 'Applies to events that started at or after this time (default: always)' })),
}, { additionalProperties: false });
const PriceParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const present = (p: CustomPrice) => ({ ...p, effective_from: new Date(p.effective_from).toISOString(), created_at: new Date(p.created_at).toISOString() });

export function registerPriceRoutes(app: FastifyInstance, storage: Storage, tenancy: TenancyPolicy, books: PriceBooks): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = errorResponses(...AUTHENTICATED_ERRORS);
  api.get('/prices', { config: { requirement: 'read' }, schema: { querystring: TenantQuery, tags: ['prices'], summary: "The tenant's custom prices", response: { 200: PriceListSchema, ...errors } } }, async (req) => {
    const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
    return { tenant_id: tenantId, prices: (await storage.forTenant(tenantId).listPrices()).map(present) };
  });

  api.put('/prices', { config: { requirement: 'admin' }, schema: { body: PriceBody, querystring: TenantQuery, tags: ['prices'], summary: 'Set a custom price for a provider and model (wins over the defaults)', response: { 200: SavedPriceSchema, ...errorResponses(...BODY_ERRORS) } } }, async (req) => {
    const b = req.body;
    const tenantId = tenancy.actingTenant(req, b.tenant_id ?? req.query.tenant_id);
    const price: CustomPrice = {
      id: `price_${randomBytes(6).toString('hex')}`,
      provider: b.provider, model: b.model,
      input_per_mtok: b.input_per_mtok ?? null, output_per_mtok: b.output_per_mtok ?? null,
      cache_read_per_mtok: b.cache_read_per_mtok ?? null, cache_write_per_mtok: b.cache_write_per_mtok ?? null,
      unit_prices: b.unit_prices && Object.keys(b.unit_prices).length > 0 ? b.unit_prices : null,
      effective_from: b.effective_from === undefined ? 0 : Date.parse(b.effective_from),
      created_at: Date.now(),
    };
    if (price.input_per_mtok === null && price.output_per_mtok === null && price.unit_prices === null) {
      throw new ApiError(400, 'invalid_request', 'a price needs input_per_mtok, output_per_mtok or unit_prices');
    }
    const saved = await storage.forTenant(tenantId).setPrice(price);
    books.invalidate(tenantId);
    return { tenant_id: tenantId, price: present(saved) };
  });

  api.delete('/prices/:id', { config: { requirement: 'admin' }, schema: { params: PriceParams, querystring: TenantQuery, tags: ['prices'], summary: 'Delete a custom price', response: { 200: DeletedPriceSchema, ...errors, ...errorResponses(404) } } }, async (req) => {
    const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
    const { id } = req.params;
    if (!(await storage.forTenant(tenantId).deletePrice(id))) throw new ApiError(404, 'not_found', `price ${id} not found in tenant ${tenantId}`);
    books.invalidate(tenantId);
    return { tenant_id: tenantId, deleted: id };
  });
}
