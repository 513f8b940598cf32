/**
 * Names for the collector's JSON shapes, as the pages use them. Every shape is generated from the collector's
 * /openapi.json into ./openapi.ts (`npm run gen:api`): nothing here is written by hand.
 */
import type { components, paths } from './openapi';

type Schemas = components['schemas'];
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

export type Metrics = Schemas['Metrics'];
export type Insights = Schemas['Insights'];
export type SectionRow = Insights['by_section'][number];
export type UnpricedModel = Insights['unpriced_models'][number];

export type CustomerList = Schemas['CustomerList'];
export type CustomerListRow = CustomerList['customers'][number];
export type CustomerDetail = Schemas['CustomerDetail'];

export type RunSummary = Schemas['RunSummary'];
export type RunList = Schemas['RunList'];
export type StoredEvent = Schemas['StoredEvent'];
export type TreeNode = Schemas['TreeNode'];
export type RunDetail = Schemas['RunDetail'];

export type Session = Schemas['Session'];
export type Scope = Session['scopes'][number];
export type Tenant = Schemas['Tenant'];
export type ApiKey = Schemas['ApiKey'];
export type CreatedKey = Schemas['CreatedKey'];
export type CustomPrice = Schemas['CustomPrice'];

export type Finding = Schemas['Finding'];
export type FindingKind = Finding['kind'];
export type FindingList = Schemas['FindingList'];
export type Evaluation = Schemas['Evaluation'];
/** The body of PUT /prices (USD per million tokens). */
export type PriceInput = NonNullable<paths['/prices']['put']['requestBody']>['content']['application/json'];


export type BillingSettings = Schemas['BillingSettings'];
export type MarkupRule = Schemas['MarkupRule'];
export type Statement = Schemas['Statement'];
export type StatementList = Json<paths['/statements']['get']['responses'][200]>;
export type PeriodList = Json<paths['/billing/periods']['get']['responses'][200]>;
export type CloseResult = Json<paths['/statements/close']['post']['responses'][200]>;
export type RuleInput = NonNullable<paths['/billing/rules']['post']['requestBody']>['content']['application/json'];
export type SettingsInput = NonNullable<paths['/billing/settings']['put']['requestBody']>['content']['application/json'];
export type Budget = Schemas['Budget'];
export type BudgetInstance = Schemas['BudgetInstance'];
export type Alert = Schemas['Alert'];
export type Webhook = Schemas['Webhook'];
export type BudgetStatus = Json<paths['/budgets/{id}/status']['get']['responses'][200]>;
export type BudgetInput = NonNullable<paths['/budgets']['post']['requestBody']>['content']['application/json'];
export type CreatedWebhook = Json<paths['/webhooks']['post']['responses'][201]>;
