/** Every shape the HTTP API declares by $id (registered once with app.addSchema), and the ingest error body. */
import { Type } from '@sinclair/typebox';
import { ErrorResponseSchema, EventSchema, IngestResponseSchema } from '@llmobserve/shared';
import { ADMIN_COMPONENTS } from './admin.js';
import { Closed, Count } from './common.js';
import { QUERY_COMPONENTS } from './query.js';
import { OtlpTraceResponseSchema } from './otlp.js';
import { BILLING_COMPONENTS } from './billing.js';
import { INSIGHT_COMPONENTS } from './insights.js';
import { BUDGET_COMPONENTS } from './budgets.js';

/** POST /events answered 400: the error, plus the counts when the events could be read (none was valid). */
export const IngestErrorSchema = Closed(
  {
    error: Closed({ code: Type.String(), message: Type.String() }),
    accepted: Type.Optional(Count()),
    duplicates: Type.Optional(Count()),
    rejected: Type.Optional(IngestResponseSchema.properties.rejected),
  },
  { description: 'ErrorResponse, plus accepted/duplicates/rejected when events were read' },
);

export const API_COMPONENTS = [EventSchema, IngestResponseSchema, ErrorResponseSchema, ...QUERY_COMPONENTS, ...ADMIN_COMPONENTS, OtlpTraceResponseSchema, ...BILLING_COMPONENTS, ...INSIGHT_COMPONENTS, ...BUDGET_COMPONENTS];
