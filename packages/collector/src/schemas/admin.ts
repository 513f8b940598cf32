/** Response shapes of the operations, session, management and price routes. */
import { Type } from '@sinclair/typebox';
import { SCOPES } from '../storage/types.js';
import { Closed, IsoTime, Nullable, NullableIso, NullableString } from './common.js';

const ScopeSchema = Type.Union(SCOPES.map((s) => Type.Literal(s)));

export const HealthSchema = Closed({ status: Type.Literal('ok'), version: Type.String(), auth: Type.Union([Type.Literal('open'), Type.Literal('required')]) });
export const ReadySchema = Closed({ status: Type.Literal('ready'), storage: Type.String({ description: 'sqlite or postgres' }) });

export const SessionSchema = Closed(
  {
    authenticated: Type.Boolean(),
    mode: Type.Union([Type.Literal('open'), Type.Literal('required')]),
    kind: Type.Union([Type.Literal('anonymous'), Type.Literal('api_key'), Type.Literal('jwt')]),
    tenant_id: NullableString(),
    scopes: Type.Array(ScopeSchema),
    platform_admin: Type.Boolean(),
    sign_in_required: Type.Optional(Type.Boolean({ description: 'GET /session only' })),
    expired: Type.Optional(Type.String({ description: 'Why the session cookie no longer counts (it is cleared)' })),
  },
  { $id: 'Session', description: 'Who the dashboard is signed in as, and what it may do.' },
);

export const TenantSchema = Closed({
  tenant_id: Type.String(), name: NullableString(), created_at: NullableIso('null for tenants known only from their events'),
  retention_days: Nullable(Type.Integer({ minimum: 1, description: 'Days raw events are kept (rollups and runs are kept); null = for ever' })),
}, { $id: 'Tenant' });
export const TenantResultSchema = Closed({ tenant: Type.Ref(TenantSchema) });
export const TenantListSchema = Closed({ tenants: Type.Array(Type.Ref(TenantSchema)) });
export const CreatedTenantSchema = Closed({ tenant: Type.Ref(TenantSchema), created: Type.Boolean() });

export const ApiKeySchema = Closed(
  {
    id: Type.String(),
    tenant_id: Type.String(),
    name: NullableString(),
    prefix: Type.String({ description: 'The first characters of the key, to recognise it' }),
    scopes: Type.Array(ScopeSchema),
    created_at: NullableIso(),
    last_used_at: NullableIso(),
    expires_at: NullableIso(),
    revoked_at: NullableIso(),
  },
  { $id: 'ApiKey', description: 'An API key as stored: never the key itself.' },
);
export const ApiKeyListSchema = Closed({ tenant_id: Type.String(), api_keys: Type.Array(Type.Ref(ApiKeySchema)) });
export const CreatedKeySchema = Closed({ key: Type.String({ description: 'The key: shown in this response only' }), api_key: Type.Ref(ApiKeySchema), note: Type.String() }, { $id: 'CreatedKey' });
export const RevokedKeySchema = Closed({ api_key: Type.Ref(ApiKeySchema) });

const Rate = Nullable(Type.Number({ description: 'USD per million tokens' }));
export const CustomPriceSchema = Closed(
  {
    id: Type.String(),
    provider: Type.String(),
    model: Type.String(),
    input_per_mtok: Rate,
    output_per_mtok: Rate,
    cache_read_per_mtok: Rate,
    cache_write_per_mtok: Rate,
    unit_prices: Nullable(Type.Unsafe<Record<string, number>>({ type: 'object', additionalProperties: { type: 'number' }, description: 'USD per unit of non-token usage' })),
    effective_from: IsoTime(),
    created_at: IsoTime(),
  },
  { $id: 'CustomPrice', description: "A tenant's own price for a model, for events that started at or after effective_from." },
);
export const PriceListSchema = Closed({ tenant_id: Type.String(), prices: Type.Array(Type.Ref(CustomPriceSchema)) });
export const SavedPriceSchema = Closed({ tenant_id: Type.String(), price: Type.Ref(CustomPriceSchema) });
export const DeletedPriceSchema = Closed({ tenant_id: Type.String(), deleted: Type.String() });

export const SdkDropsSchema = Closed(
  {
    tenant_id: Type.String(),
    dropped_events: Type.Integer({ description: 'Events the SDKs reported dropping (queue full, undeliverable) to this collector process' }),
    since: IsoTime('When this collector process started counting'),
  },
  { description: 'SDK-side drops, from the x-llmobserve-dropped header of acknowledged POST /events.' },
);

export const ADMIN_COMPONENTS = [SessionSchema, TenantSchema, ApiKeySchema, CreatedKeySchema, CustomPriceSchema];
