/** `llmobserve budgets create|list|delete`: budgets through a running collector's HTTP API (its validation, its evaluation). */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';

export const BUDGETS_HELP = `Usage: llmobserve budgets create --name NAME --amount USD [--period day|week|month|total] [--timezone ZONE]
                                [--customer ID|*] [--section LABEL] [--provider P] [--model M]
                                [--thresholds 0.5,0.8,1] [--action alert|block] [--unpriced flag|block] [--json]
       llmobserve budgets list [--json]
       llmobserve budgets delete <budget_id>

Options:
  --url URL        the collector (env LLMOBSERVE_URL, default http://127.0.0.1:8000)
  --api-key KEY    an API key with scope admin (changes) or read (list) (env LLMOBSERVE_API_KEY; none in open mode)
  --tenant ID      the tenant (open mode, or a platform admin key)
  --customer '*'   a template: every customer gets its own budget instance`;

async function call(url: string, key: string | undefined, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url.replace(/\/+$/, '')}${path}`, {
    method, signal: AbortSignal.timeout(30_000),
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(key ? { authorization: `Bearer ${key}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch((err: Error) => {
    throw new ConfigError(`could not reach the collector at ${url}: ${err.message}`);
  });
  const parsed = await res.json().catch(() => null) as any;
  if (!res.ok) throw new ConfigError(`${method} ${path}: ${res.status} ${parsed?.error?.message ?? ''}`.trim());
  return parsed;
}

export async function budgetsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      url: { type: 'string' }, 'api-key': { type: 'string' }, tenant: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      name: { type: 'string' }, amount: { type: 'string' }, period: { type: 'string' }, timezone: { type: 'string' }, customer: { type: 'string' },
      section: { type: 'string' }, provider: { type: 'string' }, model: { type: 'string' }, thresholds: { type: 'string' }, action: { type: 'string' },
      unpriced: { type: 'string' },
    },
  });
  const [sub, id] = positionals;
  if (values.help || sub === undefined) return void console.log(BUDGETS_HELP);
  const url = values.url ?? process.env.LLMOBSERVE_URL ?? 'http://127.0.0.1:8000';
  const key = values['api-key'] ?? process.env.LLMOBSERVE_API_KEY;
  const q = values.tenant ? `?tenant_id=${encodeURIComponent(values.tenant)}` : '';
  if (sub === 'create') {
    if (!values.name || !values.amount) throw new ConfigError('budgets create: --name and --amount are required');
    const scope = Object.fromEntries(Object.entries({ customer_id: values.customer, section: values.section, provider: values.provider, model: values.model }).filter(([, v]) => v !== undefined));
    const thresholds = values.thresholds?.split(',').map(Number);
    if (thresholds?.some((t) => !Number.isFinite(t))) throw new ConfigError('--thresholds: comma-separated fractions, e.g. 0.5,0.8,1');
    const body = {
      name: values.name, amount_usd: values.amount, scope, ...(values.period ? { period: values.period } : {}), ...(values.timezone ? { timezone: values.timezone } : {}),
      ...(thresholds ? { thresholds } : {}), ...(values.action ? { action: values.action } : {}), ...(values.unpriced ? { unpriced: values.unpriced } : {}),
    };
    const r = await call(url, key, 'POST', `/budgets${q}`, body);
    return void console.log(values.json ? JSON.stringify(r) : `created budget ${r.budget.id} (${r.budget.name}: $${r.budget.amount_usd} per ${r.budget.period})`);
  }
  if (sub === 'list') {
    const r = await call(url, key, 'GET', `/budgets${q}`);
    if (values.json) return void console.log(JSON.stringify(r));
    for (const b of r.budgets) {
      const top = b.summary.top;
      console.log(`${b.id}  ${b.name}  $${b.amount_usd}/${b.period}  ${b.summary.state}${top ? `  $${top.spent_usd} (${Math.round(top.fraction * 100)}%)` : ''}${b.template ? `  ${b.summary.instances} instances` : ''}`);
    }
    return;
  }
  if (sub === 'delete') {
    if (!id) throw new ConfigError('budgets delete: the budget id is required');
    await call(url, key, 'DELETE', `/budgets/${encodeURIComponent(id)}${q}`);
    return void console.log(`deleted budget ${id}`);
  }
  throw new ConfigError(`budgets: unknown command "${sub}"\n${BUDGETS_HELP}`);
}
