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
                        scopes: ("ingest" | "read" | "admin")[];
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
            scopes: ("ingest" | "read" | "admin")[];
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
        };
        /** @description An API key as stored: never the key itself. */
        ApiKey: {
            id: string;
            tenant_id: string;
            name: string | null;
            /** @description The first characters of the key, to recognise it */
            prefix: string;
            scopes: ("ingest" | "read" | "admin")[];
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
