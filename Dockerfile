# AWS interview-practice bot: build with tsc, run on a slim Node 24 (LTS) image
# with production dependencies only. test/ops/production-build.test.ts reads
# this file: it builds dist/ the same way, lays out the runtime stage's COPYs in
# a temporary folder, starts the CMD there and runs the HEALTHCHECK against it.
# scripts/image-smoke.sh builds and runs the real image where docker or podman
# exists (podman: build with --format docker, or HEALTHCHECK is dropped).
#
# Base image: pin it for production builds by digest, e.g.
#   docker build --build-arg NODE_IMAGE=node:24-bookworm-slim@sha256:<digest> .
# (`docker buildx imagetools inspect node:24-bookworm-slim` prints the digest).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: compile TypeScript, build better-sqlite3 for this image ----------
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts from the dependency tree, then exactly the one native
# build we need — from source, against this image's own Node headers, so the
# build downloads nothing (no prebuilt binary, no header tarball).
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm_config_build_from_source=true npm_config_nodedir=/usr/local npm rebuild better-sqlite3 \
 && cd node_modules/better-sqlite3 \
 && rm -rf build/Release/obj build/Release/obj.target build/Release/.deps build/Release/sqlite3.a build/Release/test_extension.node deps src
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY content ./content
COPY assets ./assets
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 # Every diagram of the bank drawn once, at build time: no reveal ever waits for one.
 && node dist/main.js diagrams /app/diagrams

# ---- runtime ----------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATABASE_PATH=/data/bot.sqlite \
    PORT=3000 \
    HOST=0.0.0.0 \
    OPS_PORT=9090 \
    OPS_HOST=127.0.0.1 \
    CONSOLE=off
WORKDIR /app
# Code and content belong to root and are read-only for the bot; only /data is its own.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/diagrams ./diagrams
COPY db/migrations ./db/migrations
COPY content ./content
COPY assets ./assets
RUN mkdir -p /data && chown node:node /data
VOLUME /data
# The node image's unprivileged user (uid 1000).
USER node
# Slack HTTP mode (/slack/*). /healthz and /metrics stay on OPS_PORT, loopback inside the container.
EXPOSE 3000
# No curl in slim images: Node's fetch does the probe, on the ops port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.OPS_PORT || 9090) + '/healthz', { headers: process.env.OPS_TOKEN ? { authorization: 'Bearer ' + process.env.OPS_TOKEN } : {} }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The bot finishes in-flight work and checkpoints the database on SIGTERM
# (10 s budget): give it more than Docker's default 10 s (compose: stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
