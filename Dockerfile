# LLMObserve collector image.
#   podman build -t llmobserve-collector .        (or: docker build -t llmobserve-collector .)
#   podman run -p 8000:8000 -v llmobserve-data:/data -e LLMOBSERVE_AUTH=open llmobserve-collector
# Configuration by environment only (see `llmobserve serve --help`): listens on 0.0.0.0:8000, stores SQLite in the
# /data volume unless DATABASE_URL is a postgres:// URL, and requires an API key or JWT on every request unless
# LLMOBSERVE_AUTH=open is set explicitly. Runs as the unprivileged user "node"; SIGTERM (docker stop) finishes
# in-flight batches and closes the database before exiting. docs/deploy.md has the compose stack.

# -- build: TypeScript → dist for shared and collector, the dashboard's static files --------------------------------
FROM docker.io/library/node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.base.json ./
COPY packages/shared/package.json packages/shared/
COPY packages/collector/package.json packages/collector/
COPY packages/dashboard/package.json packages/dashboard/
COPY packages/sdk/package.json packages/sdk/
COPY packages/mock-providers/package.json packages/mock-providers/
# Only what the three packages need to build; no install scripts (nothing native is needed to compile TypeScript).
ENV npm_config_update_notifier=false
RUN npm ci --ignore-scripts --no-audit --no-fund --include-workspace-root \
      --workspace=@llmobserve/shared --workspace=@llmobserve/collector --workspace=@llmobserve/dashboard
COPY packages/shared packages/shared
COPY packages/collector packages/collector
COPY packages/dashboard packages/dashboard
RUN npx tsc -b packages/shared packages/collector && npm run build --workspace=@llmobserve/dashboard

# -- deps: the collector's production dependencies, better-sqlite3 compiled against this image's Node -------------
FROM docker.io/library/node:24-bookworm-slim AS deps
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/packages/shared/package.json packages/shared/
COPY --from=build /src/packages/collector/package.json packages/collector/
COPY --from=build /src/packages/dashboard/package.json packages/dashboard/
COPY --from=build /src/packages/sdk/package.json packages/sdk/
COPY --from=build /src/packages/mock-providers/package.json packages/mock-providers/
# Headers from the image (no download), built from source (no prebuilt binary fetched from GitHub).
ENV npm_config_nodedir=/usr/local npm_config_build_from_source=true npm_config_update_notifier=false
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --workspace=@llmobserve/collector \
 && npm rebuild better-sqlite3 \
 && node -e "new (require('better-sqlite3'))(':memory:').close()"

# -- runtime --------------------------------------------------------------------------------------------------------
FROM docker.io/library/node:24-bookworm-slim
ENV NODE_ENV=production \
    LLMOBSERVE_HOST=0.0.0.0 \
    LLMOBSERVE_PORT=8000 \
    DATABASE_URL=/data/llmobserve.sqlite \
    LLMOBSERVE_AUTH=required \
    LLMOBSERVE_LOG_LEVEL=info
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=build /src/package.json ./
COPY --from=build /src/packages/shared/package.json packages/shared/
COPY --from=build /src/packages/shared/dist packages/shared/dist
COPY --from=build /src/packages/collector/package.json packages/collector/
COPY --from=build /src/packages/collector/bin packages/collector/bin
COPY --from=build /src/packages/collector/dist packages/collector/dist
COPY --from=build /src/packages/dashboard/dist packages/dashboard/dist
RUN mkdir -p /data && chown node:node /data && ln -s /app/packages/collector/bin/llmobserve.js /usr/local/bin/llmobserve
USER node
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "/app/packages/collector/bin/healthcheck.js"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["llmobserve"]
CMD ["serve"]
