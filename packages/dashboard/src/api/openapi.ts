/**
 * GENERATED from the collector's /openapi.json by `npm run gen:api --workspace=@llmobserve/dashboard`
 * (scripts/api-types.ts, openapi-typescript): do not edit. Aliases for the pages are in ./types.ts.
 */
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                            version: string;
                            auth: "open" | "required";
                        };
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ready";
                            /** @description sqlite or postgres */
                            storage: string;
                        };
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ingest a batch of events (JSON array or {"events": [...]}, gzip allowed) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Events the SDK dropped since its last acknowledged report */
                    "x-llmobserve-dropped"?: string;
                };
                path?: never;
                cookie?: never;
            };
            /** @description An array of Event objects, or {"events": [Event, ...]} */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Event"][] | {
                        events: components["schemas"]["Event"][];
                    };
                };
            };
            responses: {
                /** @description Every event stored (or already stored) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IngestResponse"];
                    };
                };
                /** @description Some events rejected (see rejected); the others stored */
                207: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IngestResponse"];
                    };
                };
                /** @description ErrorResponse, plus accepted/duplicates/rejected when events were read */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                            };
                            accepted?: number;
                            duplicates?: number;
                            rejected?: {
                                index: number;
                                span_id: string | null;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdk-drops": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Events the SDKs reported dropping before delivery (this collector process) */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description SDK-side drops, from the x-llmobserve-dropped header of acknowledged POST /events. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            /** @description Events the SDKs reported dropping (queue full, undeliverable) to this collector process */
                            dropped_events: number;
                            /**
                             * Format: date-time
                             * @description When this collector process started counting
                             */
                            since: string;
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (every tenant): calls, tokens, cost, ingest results and latency, SDK drops, process */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Prometheus text exposition format 0.0.4 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the dashboard is signed in as */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Who the dashboard is signed in as, and what it may do. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        /** Sign in (dashboard): sets an HttpOnly session cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description An API key (llmo_sk_…) or a JWT */
                        credential: string;
                    };
                };
            };
            responses: {
                /** @description Who the dashboard is signed in as, and what it may do. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        /** Sign out (ends the session on every collector) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Signed out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Runs, newest first, with cursor paging */
        get: {
            parameters: {
                query?: {
                    /** @description Open mode: the tenant to read (default default_tenant). */
                    tenant_id?: string;
                    /** @description Only this end-customer. */
                    customer_id?: string;
                    /** @description Only this provider, e.g. openai. */
                    provider?: string;
                    /** @description Only this model, as stored. */
                    model?: string;
                    /** @description Only events whose section path contains this label (or label path) as whole segments. */
                    section?: string;
                    /** @description Inclusive start: ISO 8601 date or date-time, or epoch milliseconds. */
                    from?: string;
                    /** @description Exclusive end: ISO 8601 date or date-time, or epoch milliseconds. */
                    to?: string;
                    limit?: number;
                    /** @description next_cursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RunList"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A run's events and span tree */
        get: {
            parameters: {
                query?: {
                    /** @description Open mode: the tenant to read (default default_tenant). */
                    tenant_id?: string;
                    /** @description Only this end-customer. */
                    customer_id?: string;
                    /** @description Only this provider, e.g. openai. */
                    provider?: string;
                    /** @description Only this model, as stored. */
                    model?: string;
                    /** @description Only events whose section path contains this label (or label path) as whole segments. */
                    section?: string;
                    /** @description Inclusive start: ISO 8601 date or date-time, or epoch milliseconds. */
                    from?: string;
                    /** @description Exclusive end: ISO 8601 date or date-time, or epoch milliseconds. */
                    to?: string;
                };
                header?: never;
                path: {
                    run_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RunDetail"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/insights": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Totals, breakdowns and a time series */
        get: {
            parameters: {
                query?: {
                    /** @description Open mode: the tenant to read (default default_tenant). */
                    tenant_id?: string;
                    /** @description Only this end-customer. */
                    customer_id?: string;
                    /** @description Only this provider, e.g. openai. */
                    provider?: string;
                    /** @description Only this model, as stored. */
                    model?: string;
                    /** @description Only events whose section path contains this label (or label path) as whole segments. */
                    section?: string;
                    /** @description Inclusive start: ISO 8601 date or date-time, or epoch milliseconds. */
                    from?: string;
                    /** @description Exclusive end: ISO 8601 date or date-time, or epoch milliseconds. */
                    to?: string;
                    /** @description Time-series bucket; chosen from the range by default. */
                    bucket?: "hour" | "day";
                    /** @description Rows per breakdown. */
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Totals, breakdowns by customer, provider, model and section, and a time series. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Insights"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per-customer totals and share of spend */
        get: {
            parameters: {
                query?: {
                    /** @description Open mode: the tenant to read (default default_tenant). */
                    tenant_id?: string;
                    /** @description Only this end-customer. */
                    customer_id?: string;
                    /** @description Only this provider, e.g. openai. */
                    provider?: string;
                    /** @description Only this model, as stored. */
                    model?: string;
                    /** @description Only events whose section path contains this label (or label path) as whole segments. */
                    section?: string;
                    /** @description Inclusive start: ISO 8601 date or date-time, or epoch milliseconds. */
                    from?: string;
                    /** @description Exclusive end: ISO 8601 date or date-time, or epoch milliseconds. */
                    to?: string;
                    /** @description Trend bucket (with from); chosen from the range by default. */
                    bucket?: "hour" | "day";
                    limit?: number;
                    offset?: number;
                    sort?: "cost" | "calls";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CustomerList"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{customer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One customer's totals, share and breakdowns */
        get: {
            parameters: {
                query?: {
                    /** @description Open mode: the tenant to read (default default_tenant). */
                    tenant_id?: string;
                    /** @description Only this end-customer. */
                    customer_id?: string;
                    /** @description Only this provider, e.g. openai. */
                    provider?: string;
                    /** @description Only this model, as stored. */
                    model?: string;
                    /** @description Only events whose section path contains this label (or label path) as whole segments. */
                    section?: string;
                    /** @description Inclusive start: ISO 8601 date or date-time, or epoch milliseconds. */
                    from?: string;
                    /** @description Exclusive end: ISO 8601 date or date-time, or epoch milliseconds. */
                    to?: string;
                    /** @description Time-series bucket; chosen from the range by default. */
                    bucket?: "hour" | "day";
                    /** @description Rows per breakdown. */
                    limit?: number;
                };
                header?: never;
                path: {
                    customer_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CustomerDetail"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Registered tenants and tenants with events (platform admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenants: components["schemas"]["Tenant"][];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        /** Register a tenant (platform admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tenant_id: string;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant: components["schemas"]["Tenant"];
                            created: boolean;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant: components["schemas"]["Tenant"];
                            created: boolean;
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{tenant_id}/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a tenant's raw-event retention (platform admin) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenant_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Days raw events are kept, applied in bounded batches; null or 0 keeps them for ever. Rollups and runs are kept. */
                        retention_days: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant: components["schemas"]["Tenant"];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's API keys (never the keys themselves) */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            api_keys: components["schemas"]["ApiKey"][];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        /** Create an API key: the key is in this response only */
        post: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tenant_id?: string;
                        name?: string;
                        scopes: ("ingest" | "read" | "admin" | "metrics")[];
                        /**
                         * Format: date-time
                         * @description ISO 8601; default: never
                         */
                        expires_at?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedKey"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key (effective within a second on every collector) */
        delete: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            api_key: components["schemas"]["ApiKey"];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's custom prices */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            prices: components["schemas"]["CustomPrice"][];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        /** Set a custom price for a provider and model (wins over the defaults) */
        put: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tenant_id?: string;
                        provider: string;
                        model: string;
                        /** @description USD per million input tokens */
                        input_per_mtok?: number | null;
                        /** @description USD per million output tokens */
                        output_per_mtok?: number | null;
                        /** @description USD per million cache-read tokens (default: the input rate) */
                        cache_read_per_mtok?: number | null;
                        /** @description USD per million cache-write tokens (default: the input rate) */
                        cache_write_per_mtok?: number | null;
                        /** @description USD per unit of non-token usage, e.g. {"read_units": 0.000016} */
                        unit_prices?: {
                            [key: string]: number;
                        } | null;
                        /**
                         * Format: date-time
                         * @description Applies to events that started at or after this time (default: always)
                         */
                        effective_from?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            price: components["schemas"]["CustomPrice"];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a custom price */
        delete: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            deleted: string;
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's billing settings */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingSettings"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        /** Set the billing time zone, currency and default markup */
        put: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tenant_id?: string;
                        /** @description IANA time zone, e.g. Europe/Paris */
                        timezone: string;
                        /** @enum {string} */
                        currency: "USD";
                        /** @description percent added to the cost when no rule matches */
                        default_markup_percent: string;
                        /** @description monthly platform fee per customer, USD */
                        platform_fee_usd?: string;
                        /** @description monthly minimum per customer, USD */
                        minimum_usd?: string;
                        stripe_event_name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingSettings"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Markup rules */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            rules: components["schemas"]["MarkupRule"][];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        /** Add a markup rule (percent or price per unit), platform fee or minimum */
        post: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tenant_id?: string;
                        scope: "tenant" | "customer" | "feature" | "model";
                        match?: string;
                        kind?: string | null;
                        type: "percent" | "unit_price" | "platform_fee" | "minimum";
                        /** @description percent, USD per unit, or USD */
                        value: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            rule: components["schemas"]["MarkupRule"];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a markup rule */
        delete: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            deleted: string;
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/periods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Closed periods, and the current one */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            timezone: string;
                            current: string;
                            closed: components["schemas"]["ClosedPeriod"][];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every customer’s statement of a period (format=csv: all lines, streamed) */
        get: {
            parameters: {
                query: {
                    tenant_id?: string;
                    /** @description YYYY-MM */
                    period: string;
                    format?: "json" | "csv";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            period: string;
                            status: "open" | "closed";
                            /** Format: date-time */
                            from: string;
                            /** Format: date-time */
                            to: string;
                            timezone: string;
                            closed: components["schemas"]["ClosedPeriod"] | (never | null);
                            cost_usd: number;
                            amount_usd: number;
                            /** @description amount_usd: exact decimal string */
                            amount: string;
                            statements: {
                                customer_id: string;
                                cost_usd: number;
                                markup_usd: number;
                                amount_usd: number;
                                /** @description amount_usd: exact decimal string */
                                amount: string;
                                lines: number;
                                content_hash: string | null;
                            }[];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/statements/{customer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One customer's statement: a period (YYYY-MM) or a preview range (from, to); format=csv */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                    /** @description YYYY-MM */
                    period?: string;
                    from?: string;
                    to?: string;
                    format?: "json" | "csv";
                };
                header?: never;
                path: {
                    customer_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Statement"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/statements/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close a period: freeze every statement of it (closing twice changes nothing) */
        post: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tenant_id?: string;
                        /** @description YYYY-MM */
                        period: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            /** @description false: the period was already closed (nothing changed) */
                            created: boolean;
                            period: components["schemas"]["ClosedPeriod"];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reprice": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-price stored events of open periods with the current prices (dry_run: only the diff) */
        post: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tenant_id?: string;
                        from: string;
                        to: string;
                        /** @default false */
                        dry_run?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RepriceResult"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The raw events of a range as NDJSON (one event a line, streamed in started_at order) */
        get: {
            parameters: {
                query: {
                    tenant_id?: string;
                    from: string;
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description application/x-ndjson: one event (as in GET /runs/:run_id) a line */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/stripe/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a closed period's billed usage to Stripe (meter events; replays never bill twice) */
        post: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tenant_id?: string;
                        /** @description YYYY-MM */
                        period: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            period: string;
                            /** @description meter events added to the outbox by this call */
                            queued: number;
                            /** @description meter events Stripe acknowledged by this call (a duplicate identifier counts as already sent) */
                            sent: number;
                            /** @description still to send (Stripe unreachable, rate limited) */
                            pending: number;
                            /** @description refused by Stripe (see the reconciliation) */
                            failed: number;
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/reconciliation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per customer: our frozen statement against what Stripe acknowledged */
        get: {
            parameters: {
                query: {
                    tenant_id?: string;
                    /** @description YYYY-MM */
                    period: string;
                    format?: "json" | "csv";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Reconciliation"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/insights/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Findings that cost money, newest first, with cursor paging */
        get: {
            parameters: {
                query?: {
                    /** @description Open mode: the tenant (default default_tenant). */
                    tenant_id?: string;
                    /** @description Findings whose evidence window ends after this (ISO 8601 or epoch ms). */
                    from?: string;
                    /** @description Findings whose evidence window starts before this. */
                    to?: string;
                    kind?: "cost_spike" | "cost_regression" | "retry_loop" | "model_downgrade" | "cache_miss" | "prompt_bloat";
                    /** @description Only findings about this end-customer. */
                    customer_id?: string;
                    /** @description Only findings whose section path contains this label (or label path). */
                    section?: string;
                    /** @description open (default), dismissed, resolved or all */
                    status?: ("open" | "dismissed" | "resolved") | "all";
                    limit?: number;
                    /** @description next_cursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Findings, newest (last seen) first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FindingList"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/insights/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Evaluates the tenant's insights now; answers when the findings are stored */
        post: {
            parameters: {
                query?: {
                    /** @description Open mode: the tenant (default default_tenant). */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Open mode: the tenant (default default_tenant). */
                        tenant_id?: string;
                    };
                };
            };
            responses: {
                /** @description The result of one evaluation, answered once it is stored. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Evaluation"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/insights/findings/{id}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dismisses a finding (it stays dismissed while it lasts) */
        post: {
            parameters: {
                query?: {
                    /** @description Open mode: the tenant (default default_tenant). */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DismissedFinding"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/budgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's budgets, each with its state */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            budgets: components["schemas"]["Budget"][];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        /** Create a budget */
        post: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tenant_id?: string;
                        name: string;
                        scope?: components["schemas"]["BudgetScope"];
                        /** @description USD, exact to 9 decimals (a decimal string keeps it exact) */
                        amount_usd: string | number;
                        period?: "day" | "week" | "month" | "total";
                        /** @description IANA zone of the calendar periods (default UTC) */
                        timezone?: string;
                        /** @description Fractions of the amount; crossed when spend ≥ fraction × amount */
                        thresholds?: number[];
                        action?: "alert" | "block";
                        unpriced?: "flag" | "block";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            budget: components["schemas"]["Budget"];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/budgets/blocked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Budget instances in state blocked, for SDKs with enforceBudgets (scope ingest; conditional: ETag / If-None-Match) */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            blocked: components["schemas"]["BlockedInstance"][];
                        };
                    };
                };
                /** @description Not modified */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/budgets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One budget */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            budget: components["schemas"]["Budget"];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a budget (its alert history stays) */
        delete: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            deleted: string;
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a budget (its instances are evaluated again) */
        patch: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tenant_id?: string;
                        name?: string;
                        scope?: components["schemas"]["BudgetScope"];
                        /** @description USD, exact to 9 decimals (a decimal string keeps it exact) */
                        amount_usd?: string | number;
                        period?: "day" | "week" | "month" | "total";
                        timezone?: string;
                        /** @description Fractions of the amount; crossed when spend ≥ fraction × amount */
                        thresholds?: number[];
                        action?: "alert" | "block";
                        unpriced?: "flag" | "block";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            budget: components["schemas"]["Budget"];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/budgets/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per instance: spent, amount, fraction, state, period, projection (paged for templates) */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            budget: components["schemas"]["Budget"];
                            /** @description Sorted by fraction used, largest first */
                            instances: components["schemas"]["BudgetInstance"][];
                            total: number;
                            next_offset: number | null;
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alert history, newest first */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                    budget_id?: string;
                    customer_id?: string;
                    type?: "budget.threshold_crossed" | "budget.forecast_exceeded" | "budget.reset";
                    from?: string;
                    to?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            alerts: components["schemas"]["Alert"][];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook endpoints and their delivery status */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            webhooks: components["schemas"]["Webhook"][];
                            event_types: string[];
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        put?: never;
        /** Register an endpoint; answers its signing secret once */
        post: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tenant_id?: string;
                        url: string;
                        /** @description Event types (default: all) */
                        events?: string[];
                        format?: "standard" | "slack";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            webhook: components["schemas"]["Webhook"];
                            /** @description whsec_…: shown once */
                            secret: string;
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an endpoint (and its queued deliveries) */
        delete: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            deleted: string;
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a test delivery to the endpoint */
        post: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant_id: string;
                            delivery_id: string;
                        };
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Not found in this tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/traces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OTLP/HTTP trace receiver: GenAI spans become priced events (protobuf or JSON, gzip allowed) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description ExportTraceServiceRequest: application/x-protobuf, or application/json (OTLP JSON encoding: lowerCamelCase fields, hex trace and span ids); gzip allowed */
            requestBody: {
                content: {
                    "application/x-protobuf": unknown;
                    "application/protobuf": unknown;
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Stored (or already stored); partialSuccess counts the spans that were not */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OtlpTraceResponse"];
                    };
                };
                /** @description The request is not valid (error.code says why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Credentials missing or not valid */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The credentials may not do this (scope, tenant, origin) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The body is too large or too complex */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Content-Type must be application/x-protobuf or application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Rate limited, or too many failed sign-ins (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description The collector failed (it logged the details) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Storage or the identity provider is unavailable (see Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description One tracked call or span. */
        Event: {
            /** @description Unique within its tenant; the idempotency key: a replayed span is stored once. */
            span_id: string;
            /** @description Groups everything done for one request/job; defaults to span_id. */
            run_id?: string;
            /** @description The enclosing section/agent/tool span. */
            parent_span_id?: string | null;
            /** @description Defaults to llm. */
            span_type?: "llm" | "embedding" | "vector" | "api" | "section" | "agent" | "tool";
            /** @description Innermost user label, e.g. agent:research. */
            section?: string | null;
            /** @description Labels from the outermost, joined by "/": agent:research/tool:search. */
            section_path?: string | null;
            /** @description Defaults to default_tenant; with auth it must match the credentials. */
            tenant_id?: string;
            /** @description The tenant's end-customer. */
            customer_id?: string | null;
            /** @description openai, anthropic, pinecone, ... */
            provider?: string | null;
            /** @description chat.completions, messages, embeddings, query, ... */
            endpoint?: string | null;
            /** @description As the provider returned it (else as requested). */
            model?: string | null;
            /** @description ALL input tokens, cached ones included. */
            input_tokens?: number;
            /** @description ALL output tokens, reasoning ones included. */
            output_tokens?: number;
            /** @description Part of input_tokens. */
            cache_read_tokens?: number;
            /** @description Part of input_tokens. */
            cache_write_tokens?: number;
            /** @description Part of cache_write_tokens: tokens written to a 1-hour cache (Anthropic), priced at their own rate. */
            cache_write_1h_tokens?: number;
            /** @description Part of output_tokens. */
            reasoning_tokens?: number;
            /** @description Tokens of other modalities than text, priced at their own rates; what is not named is text. */
            token_details?: {
                /** @description Part of input_tokens. */
                input_audio_tokens?: number;
                /** @description Part of input_tokens. */
                input_image_tokens?: number;
                /** @description Part of input_tokens. */
                input_video_tokens?: number;
                /** @description Part of cache_read_tokens and input_audio_tokens. */
                cache_audio_read_tokens?: number;
                /** @description Part of output_tokens. */
                output_audio_tokens?: number;
                /** @description Part of output_tokens. */
                output_image_tokens?: number;
            };
            /** @description Non-token usage: read_units, write_units, characters, audio_seconds, images, requests, ... */
            units?: {
                [key: string]: number;
            };
            /** @description Cost the SDK or the provider reported; the collector decides the stored cost. */
            cost_usd?: number | null;
            /** @description Who reported cost_usd. A provider-reported cost is kept as the stored cost. */
            cost_source?: "provider" | "sdk" | "manual";
            /**
             * Format: date-time
             * @description ISO 8601; when the call started. Default: time received.
             */
            started_at?: string;
            latency_ms?: number;
            /** @description Defaults to ok. */
            status?: "ok" | "error" | "cancelled" | "rate_limited" | "timeout";
            /** @description Short message; truncated to 1000 characters. */
            error?: string | null;
            is_streaming?: boolean;
            /** @description Tokens counted locally because the provider sent none. */
            usage_estimated?: boolean;
            /** @description Small user-supplied tags (at most 8192 bytes as JSON). */
            metadata?: {
                [key: string]: unknown;
            };
            /** @description e.g. llmobserve-js/0.1.0 */
            sdk?: string;
        } & {
            [key: string]: unknown;
        };
        IngestResponse: {
            /** @description Events stored by this request. */
            accepted: number;
            /** @description Events already stored earlier (same tenant and span_id); not counted twice. */
            duplicates: number;
            rejected: {
                index: number;
                span_id: string | null;
                message: string;
            }[];
        };
        ErrorResponse: {
            error: {
                code: string;
                message: string;
            };
        };
        /** @description Totals of a group of events. */
        Metrics: {
            /** @description Priced cost, USD (rounded to 1e-12). */
            cost_usd: number;
            /** @description Provider calls (llm, embedding, vector, api spans). */
            calls: number;
            /** @description Calls that could not be priced. */
            unpriced_calls: number;
            error_calls: number;
            input_tokens: number;
            output_tokens: number;
            cache_read_tokens: number;
            cache_write_tokens: number;
            reasoning_tokens: number;
            /** @description The part of cost_usd whose usage the SDK estimated. */
            estimated_cost_usd: number;
            /** @description Calls whose usage the SDK estimated (the provider reported none). */
            estimated_calls: number;
        };
        RunSummary: {
            run_id: string;
            /** Format: date-time */
            started_at: string;
            /** Format: date-time */
            ended_at: string;
            duration_ms: number;
            customer_id: string | null;
            top_section: string | null;
            cost_usd: number;
            calls: number;
            spans: number;
            unpriced_calls: number;
            error_calls: number;
            input_tokens: number;
            output_tokens: number;
            estimated_cost_usd: number;
            estimated_calls: number;
        };
        /** @description An event as stored and priced. */
        StoredEvent: {
            span_id: string;
            run_id: string;
            parent_span_id: string | null;
            span_type: string;
            section: string | null;
            section_path: string | null;
            tenant_id: string;
            customer_id: string | null;
            provider: string | null;
            endpoint: string | null;
            model: string | null;
            input_tokens: number;
            output_tokens: number;
            cache_read_tokens: number;
            cache_write_tokens: number;
            cache_write_1h_tokens: number;
            /** @description Tokens of other modalities (audio, image, video) */
            token_details: {
                [key: string]: number;
            } | null;
            reasoning_tokens: number;
            /** @description Non-token usage (read_units, characters, ...) */
            units: {
                [key: string]: number;
            } | null;
            cost_usd: number | null;
            cost_status: string;
            cost_source: string | null;
            reported_cost_usd: number | null;
            /** Format: date-time */
            started_at: string;
            latency_ms: number | null;
            status: string;
            error: string | null;
            is_streaming: boolean;
            usage_estimated: boolean;
            /** @description The tags sent with the event (JSON), or null */
            metadata: unknown;
            sdk: string | null;
            /** Format: date-time */
            received_at: string;
        };
        TreeNode: {
            span_id: string;
            span_type: string;
            name: string | null;
            provider: string | null;
            model: string | null;
            status: string;
            /** Format: date-time */
            started_at: string;
            latency_ms: number | null;
            cost_usd: number | null;
            /** @description This span and its descendants */
            total_cost_usd: number;
            unpriced_spans: number;
            children: components["schemas"]["TreeNode"][];
        };
        /** @description Totals, breakdowns by customer, provider, model and section, and a time series. */
        Insights: {
            tenant_id: string;
            range: {
                /**
                 * Format: date-time
                 * @description Inclusive start, or null
                 */
                from: string | null;
                /**
                 * Format: date-time
                 * @description Exclusive end, or null
                 */
                to: string | null;
            };
            bucket: "hour" | "day";
            totals: components["schemas"]["Metrics"];
            by_provider: {
                provider: string | null;
                /** @description Priced cost, USD (rounded to 1e-12). */
                cost_usd: number;
                /** @description Provider calls (llm, embedding, vector, api spans). */
                calls: number;
                /** @description Calls that could not be priced. */
                unpriced_calls: number;
                error_calls: number;
                input_tokens: number;
                output_tokens: number;
                cache_read_tokens: number;
                cache_write_tokens: number;
                reasoning_tokens: number;
                /** @description The part of cost_usd whose usage the SDK estimated. */
                estimated_cost_usd: number;
                /** @description Calls whose usage the SDK estimated (the provider reported none). */
                estimated_calls: number;
            }[];
            by_model: {
                provider: string | null;
                model: string | null;
                /** @description Priced cost, USD (rounded to 1e-12). */
                cost_usd: number;
                /** @description Provider calls (llm, embedding, vector, api spans). */
                calls: number;
                /** @description Calls that could not be priced. */
                unpriced_calls: number;
                error_calls: number;
                input_tokens: number;
                output_tokens: number;
                cache_read_tokens: number;
                cache_write_tokens: number;
                reasoning_tokens: number;
                /** @description The part of cost_usd whose usage the SDK estimated. */
                estimated_cost_usd: number;
                /** @description Calls whose usage the SDK estimated (the provider reported none). */
                estimated_calls: number;
            }[];
            by_section: {
                section_path: string | null;
                /** @description Priced cost, USD (rounded to 1e-12). */
                cost_usd: number;
                /** @description Provider calls (llm, embedding, vector, api spans). */
                calls: number;
                /** @description Calls that could not be priced. */
                unpriced_calls: number;
                error_calls: number;
                input_tokens: number;
                output_tokens: number;
                cache_read_tokens: number;
                cache_write_tokens: number;
                reasoning_tokens: number;
                /** @description The part of cost_usd whose usage the SDK estimated. */
                estimated_cost_usd: number;
                /** @description Calls whose usage the SDK estimated (the provider reported none). */
                estimated_calls: number;
            }[];
            unpriced_models: {
                provider: string | null;
                model: string | null;
                unpriced_calls: number;
            }[];
            timeseries: {
                /**
                 * Format: date-time
                 * @description Start of the bucket (UTC)
                 */
                start: string;
                /** @description Priced cost, USD (rounded to 1e-12). */
                cost_usd: number;
                /** @description Provider calls (llm, embedding, vector, api spans). */
                calls: number;
                /** @description Calls that could not be priced. */
                unpriced_calls: number;
                error_calls: number;
                input_tokens: number;
                output_tokens: number;
                cache_read_tokens: number;
                cache_write_tokens: number;
                reasoning_tokens: number;
                /** @description The part of cost_usd whose usage the SDK estimated. */
                estimated_cost_usd: number;
                /** @description Calls whose usage the SDK estimated (the provider reported none). */
                estimated_calls: number;
            }[];
            by_customer: {
                customer_id: string | null;
                /** @description Priced cost, USD (rounded to 1e-12). */
                cost_usd: number;
                /** @description Provider calls (llm, embedding, vector, api spans). */
                calls: number;
                /** @description Calls that could not be priced. */
                unpriced_calls: number;
                error_calls: number;
                input_tokens: number;
                output_tokens: number;
                cache_read_tokens: number;
                cache_write_tokens: number;
                reasoning_tokens: number;
                /** @description The part of cost_usd whose usage the SDK estimated. */
                estimated_cost_usd: number;
                /** @description Calls whose usage the SDK estimated (the provider reported none). */
                estimated_calls: number;
            }[];
        };
        CustomerDetail: {
            tenant_id: string;
            customer_id: string;
            range: {
                /**
                 * Format: date-time
                 * @description Inclusive start, or null
                 */
                from: string | null;
                /**
                 * Format: date-time
                 * @description Exclusive end, or null
                 */
                to: string | null;
            };
            /** @description Fraction (0..1) of the tenant's spend */
            share: number;
            bucket: "hour" | "day";
            totals: components["schemas"]["Metrics"];
            by_provider: {
                provider: string | null;
                /** @description Priced cost, USD (rounded to 1e-12). */
                cost_usd: number;
                /** @description Provider calls (llm, embedding, vector, api spans). */
                calls: number;
                /** @description Calls that could not be priced. */
                unpriced_calls: number;
                error_calls: number;
                input_tokens: number;
                output_tokens: number;
                cache_read_tokens: number;
                cache_write_tokens: number;
                reasoning_tokens: number;
                /** @description The part of cost_usd whose usage the SDK estimated. */
                estimated_cost_usd: number;
                /** @description Calls whose usage the SDK estimated (the provider reported none). */
                estimated_calls: number;
            }[];
            by_model: {
                provider: string | null;
                model: string | null;
                /** @description Priced cost, USD (rounded to 1e-12). */
                cost_usd: number;
                /** @description Provider calls (llm, embedding, vector, api spans). */
                calls: number;
                /** @description Calls that could not be priced. */
                unpriced_calls: number;
                error_calls: number;
                input_tokens: number;
                output_tokens: number;
                cache_read_tokens: number;
                cache_write_tokens: number;
                reasoning_tokens: number;
                /** @description The part of cost_usd whose usage the SDK estimated. */
                estimated_cost_usd: number;
                /** @description Calls whose usage the SDK estimated (the provider reported none). */
                estimated_calls: number;
            }[];
            by_section: {
                section_path: string | null;
                /** @description Priced cost, USD (rounded to 1e-12). */
                cost_usd: number;
                /** @description Provider calls (llm, embedding, vector, api spans). */
                calls: number;
                /** @description Calls that could not be priced. */
                unpriced_calls: number;
                error_calls: number;
                input_tokens: number;
                output_tokens: number;
                cache_read_tokens: number;
                cache_write_tokens: number;
                reasoning_tokens: number;
                /** @description The part of cost_usd whose usage the SDK estimated. */
                estimated_cost_usd: number;
                /** @description Calls whose usage the SDK estimated (the provider reported none). */
                estimated_calls: number;
            }[];
            unpriced_models: {
                provider: string | null;
                model: string | null;
                unpriced_calls: number;
            }[];
            timeseries: {
                /**
                 * Format: date-time
                 * @description Start of the bucket (UTC)
                 */
                start: string;
                /** @description Priced cost, USD (rounded to 1e-12). */
                cost_usd: number;
                /** @description Provider calls (llm, embedding, vector, api spans). */
                calls: number;
                /** @description Calls that could not be priced. */
                unpriced_calls: number;
                error_calls: number;
                input_tokens: number;
                output_tokens: number;
                cache_read_tokens: number;
                cache_write_tokens: number;
                reasoning_tokens: number;
                /** @description The part of cost_usd whose usage the SDK estimated. */
                estimated_cost_usd: number;
                /** @description Calls whose usage the SDK estimated (the provider reported none). */
                estimated_calls: number;
            }[];
        };
        CustomerList: {
            tenant_id: string;
            range: {
                /**
                 * Format: date-time
                 * @description Inclusive start, or null
                 */
                from: string | null;
                /**
                 * Format: date-time
                 * @description Exclusive end, or null
                 */
                to: string | null;
            };
            /** @description Trend bucket (with `from`) */
            bucket: ("hour" | "day") | (never | null);
            /** @description Start of each trend bucket (with `from`) */
            buckets: string[] | null;
            total_cost_usd: number;
            total_estimated_cost_usd: number;
            total_customers: number;
            customers: {
                customer_id: string | null;
                /** @description Priced cost, USD (rounded to 1e-12). */
                cost_usd: number;
                /** @description Provider calls (llm, embedding, vector, api spans). */
                calls: number;
                /** @description Calls that could not be priced. */
                unpriced_calls: number;
                error_calls: number;
                input_tokens: number;
                output_tokens: number;
                cache_read_tokens: number;
                cache_write_tokens: number;
                reasoning_tokens: number;
                /** @description The part of cost_usd whose usage the SDK estimated. */
                estimated_cost_usd: number;
                /** @description Calls whose usage the SDK estimated (the provider reported none). */
                estimated_calls: number;
                /** @description Fraction (0..1) of the tenant's spend over the same filters */
                share: number;
                /** @description Cost over the same-length period just before `from` (null without `from`) */
                previous_cost_usd: number | null;
                /** @description Cost per bucket over the range (null without `from`) */
                trend: number[] | null;
            }[];
            next_offset: number | null;
        };
        RunList: {
            tenant_id: string;
            runs: components["schemas"]["RunSummary"][];
            /** @description Pass as `cursor` for the next page */
            next_cursor: string | null;
        };
        RunDetail: {
            tenant_id: string;
            run: components["schemas"]["RunSummary"];
            events: components["schemas"]["StoredEvent"][];
            tree: components["schemas"]["TreeNode"][];
        };
        /** @description Who the dashboard is signed in as, and what it may do. */
        Session: {
            authenticated: boolean;
            mode: "open" | "required";
            kind: "anonymous" | "api_key" | "jwt";
            tenant_id: string | null;
            scopes: ("ingest" | "read" | "admin" | "metrics")[];
            platform_admin: boolean;
            /** @description GET /session only */
            sign_in_required?: boolean;
            /** @description Why the session cookie no longer counts (it is cleared) */
            expired?: string;
        };
        Tenant: {
            tenant_id: string;
            name: string | null;
            /**
             * Format: date-time
             * @description null for tenants known only from their events
             */
            created_at: string | null;
            /** @description Days raw events are kept (rollups and runs are kept); null = for ever */
            retention_days: number | null;
        };
        /** @description An API key as stored: never the key itself. */
        ApiKey: {
            id: string;
            tenant_id: string;
            name: string | null;
            /** @description The first characters of the key, to recognise it */
            prefix: string;
            scopes: ("ingest" | "read" | "admin" | "metrics")[];
            /** Format: date-time */
            created_at: string | null;
            /** Format: date-time */
            last_used_at: string | null;
            /** Format: date-time */
            expires_at: string | null;
            /** Format: date-time */
            revoked_at: string | null;
        };
        CreatedKey: {
            /** @description The key: shown in this response only */
            key: string;
            api_key: components["schemas"]["ApiKey"];
            note: string;
        };
        /** @description A tenant's own price for a model, for events that started at or after effective_from. */
        CustomPrice: {
            id: string;
            provider: string;
            model: string;
            /** @description USD per million tokens */
            input_per_mtok: number | null;
            /** @description USD per million tokens */
            output_per_mtok: number | null;
            /** @description USD per million tokens */
            cache_read_per_mtok: number | null;
            /** @description USD per million tokens */
            cache_write_per_mtok: number | null;
            /** @description USD per unit of non-token usage */
            unit_prices: {
                [key: string]: number;
            } | null;
            /** Format: date-time */
            effective_from: string;
            /** Format: date-time */
            created_at: string;
        };
        /** @description ExportTraceServiceResponse (OTLP/HTTP). JSON for a JSON request; a protobuf request gets the protobuf message (application/x-protobuf). Empty when every span was stored or already stored. */
        OtlpTraceResponse: {
            partialSuccess?: {
                /** @description Spans not stored (malformed ids, or events the collector refused) */
                rejectedSpans: number;
                /** @description Why the first rejected span was refused */
                errorMessage: string;
            };
        };
        BillingSettings: {
            tenant_id: string;
            /** @description IANA time zone of the billing periods */
            timezone: string;
            /** @enum {string} */
            currency: "USD";
            /** @description markup when no rule matches, percent (exact decimal string) */
            default_markup_percent: string;
            /** @description monthly platform fee per customer, USD (exact decimal string) */
            platform_fee_usd: string;
            /** @description monthly minimum per customer, USD (exact decimal string) */
            minimum_usd: string;
            /** @description the Stripe meter event name billed usage is sent as */
            stripe_event_name: string;
            /** Format: date-time */
            updated_at: string | null;
        };
        MarkupRule: {
            id: string;
            scope: "tenant" | "customer" | "feature" | "model";
            /** @description customer id, feature, model (or provider/model); '' for the tenant */
            match: string;
            /** @description only lines of this kind (input, cached_input, cache_write, output, reasoning, other, a unit); null: all */
            kind: string | null;
            type: "percent" | "unit_price" | "platform_fee" | "minimum";
            /** @description percent, USD per unit, or USD (exact decimal string) */
            value: string;
            /** Format: date-time */
            created_at: string;
        };
        StatementLine: {
            provider: string | null;
            model: string | null;
            /** @description the outermost section */
            feature: string | null;
            /** @description input, cached_input, cache_write, output, reasoning, other, a unit name, platform_fee, minimum */
            kind: string;
            /** @description tokens, usd, month, or the unit name */
            unit: string;
            quantity: number;
            /** @description what the usage cost */
            cost_usd: number;
            /** @description amount − cost */
            markup_usd: number;
            /** @description billed, rounded to the cent */
            amount_usd: number;
            /** @description cost_usd: exact decimal string */
            cost: string;
            /** @description amount_usd: exact decimal string */
            amount: string;
            rule: {
                /** @description the rule's id, or 'default' (the tenant's default markup, fee or minimum) */
                id: string;
                /** @description customer, feature, model, tenant or default */
                scope: string;
                type: string;
                value: string;
            } | null;
            adjustment: {
                period: string;
                /** @description the original date (YYYY-MM-DD, billing time zone) */
                date: string;
            } | null;
        };
        Statement: {
            tenant_id: string;
            customer_id: string;
            /** @description YYYY-MM; null for a preview range */
            period: string | null;
            status: "open" | "closed";
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            timezone: string;
            /** @enum {string} */
            currency: "USD";
            cost_usd: number;
            markup_usd: number;
            /** @description what the customer is billed: the exact sum of the lines */
            amount_usd: number;
            /** @description cost_usd: exact decimal string */
            cost: string;
            /** @description amount_usd: exact decimal string */
            amount: string;
            /** @description calls without a cost (not billed) */
            unpriced_calls: number;
            price_version: string;
            /** @description sha256 of the frozen statement (closed only) */
            content_hash: string | null;
            /** Format: date-time */
            closed_at: string | null;
            lines: components["schemas"]["StatementLine"][];
        };
        ClosedPeriod: {
            period: string;
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            timezone: string;
            /** Format: date-time */
            closed_at: string;
            price_version: string;
            statements: number;
            content_hash: string;
        };
        RepriceResult: {
            tenant_id: string;
            id: string;
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            dry_run: boolean;
            events_scanned: number;
            events_changed: number;
            skipped_closed_periods: string[];
            old_cost_usd: number;
            new_cost_usd: number;
            diff: {
                customer_id: string | null;
                provider: string | null;
                model: string | null;
                events: number;
                old_cost_usd: number;
                new_cost_usd: number;
                delta_usd: number;
            }[];
        };
        Reconciliation: {
            tenant_id: string;
            period: string;
            customers: {
                customer_id: string;
                /** @description our frozen statement */
                billed_usd: number;
                /** @description acknowledged by Stripe */
                sent_usd: number;
                pending_usd: number;
                failed_usd: number;
                matches: boolean;
            }[];
        };
        /** @description What an insight detector found, with the dollars at stake. */
        Finding: {
            id: string;
            /** @enum {string} */
            kind: "cost_spike" | "cost_regression" | "retry_loop" | "model_downgrade" | "cache_miss" | "prompt_bloat";
            /** @enum {string} */
            status: "open" | "dismissed" | "resolved";
            /** @enum {string} */
            severity: "low" | "medium" | "high";
            title: string;
            /** @description The end-customer it is about, or null */
            customer_id: string | null;
            /** @description The section (feature) it is about, or null */
            section_path: string | null;
            provider: string | null;
            model: string | null;
            /** @description Estimated dollars at stake per month (docs/insights.md says what they mean per kind); presentation of at_stake_nanos_per_month */
            at_stake_usd_per_month: number;
            /** @description The same, exact: integer nano-dollars */
            at_stake_nanos_per_month: number;
            /** @description The numbers behind the finding and their time window (per kind). */
            evidence: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description Start of the evidence window
             */
            window_from: string;
            /**
             * Format: date-time
             * @description End of the evidence window
             */
            window_to: string;
            /** Format: date-time */
            first_seen_at: string;
            /**
             * Format: date-time
             * @description Last evaluation that found it (findings are updated while they last)
             */
            last_seen_at: string;
            /** Format: date-time */
            dismissed_at: string | null;
        };
        /** @description Findings, newest (last seen) first. */
        FindingList: {
            tenant_id: string;
            findings: components["schemas"]["Finding"][];
            /** @description Pass as cursor for the next page, or null */
            next_cursor: string | null;
        };
        /** @description The result of one evaluation, answered once it is stored. */
        Evaluation: {
            tenant_id: string;
            /** Format: date-time */
            evaluated_at: string;
            duration_ms: number;
            /** @description Findings detected by this evaluation */
            found: number;
            /** @description Of them, newly opened */
            new: number;
            /** @description Live findings not seen for two days, now resolved */
            resolved: number;
            findings: components["schemas"]["Finding"][];
        };
        DismissedFinding: {
            tenant_id: string;
            finding: components["schemas"]["Finding"];
        };
        /** @description Optional filters; empty: the tenant's whole spend. */
        BudgetScope: {
            /** @description One customer, or "*": every customer gets its own instance (a template) */
            customer_id?: string;
            /** @description A section label or label path, matched as whole segments */
            section?: string;
            /** @description Provider, e.g. openai */
            provider?: string;
            /** @description Model as stored */
            model?: string;
        };
        BudgetInstance: {
            /** @description The template instance's customer (or the scope's customer) */
            customer_id: string | null;
            spent_usd: number;
            amount_usd: number;
            /** @description spent / amount */
            fraction: number;
            state: "ok" | "warning" | "blocked";
            /**
             * Format: date-time
             * @description null for period total
             */
            period_start: string | null;
            /**
             * Format: date-time
             * @description null for period total
             */
            period_end: string | null;
            /** @description Spend at the period end at the burn rate so far */
            projected_usd: number | null;
            /** @description Calls without a price (counted, never $0) */
            unpriced_calls: number;
        };
        Budget: {
            id: string;
            name: string;
            scope: components["schemas"]["BudgetScope"];
            amount_usd: number;
            period: "day" | "week" | "month" | "total";
            timezone: string;
            thresholds: number[];
            action: "alert" | "block";
            unpriced: "flag" | "block";
            /** @description customer_id "*": one instance per customer */
            template: boolean;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            /** @description The instance with the largest fraction used, and counts */
            summary: {
                state: "ok" | "warning" | "blocked";
                /** @description Instances with spend this period (templates) */
                instances: number;
                blocked: number;
                top: components["schemas"]["BudgetInstance"] | (never | null);
            };
        };
        BlockedInstance: {
            budget_id: string;
            customer_id: string | null;
            scope: components["schemas"]["BudgetScope"];
            amount_usd: number;
            spent_usd: number;
            /** Format: date-time */
            period_end: string | null;
        };
        Alert: {
            id: string;
            /** @description budget.threshold_crossed, budget.forecast_exceeded or budget.reset */
            type: string;
            budget_id: string;
            customer_id: string | null;
            threshold: number | null;
            /** Format: date-time */
            period_start: string | null;
            /** Format: date-time */
            created_at: string;
            /** @description The webhook body's data, as delivered */
            data: unknown;
        };
        Webhook: {
            id: string;
            url: string;
            events: string[];
            format: "standard" | "slack";
            /** Format: date-time */
            created_at: string;
            /** @description Disabled after 10 consecutive failed deliveries */
            disabled: boolean;
            /** Format: date-time */
            disabled_at: string | null;
            consecutive_failures: number;
            /** Format: date-time */
            last_attempt_at: string | null;
            /** Format: date-time */
            last_success_at: string | null;
            last_status: number | null;
            last_error: string | null;
            pending: number;
            delivered: number;
            failed: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
