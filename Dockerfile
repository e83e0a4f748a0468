# syntax=docker/dockerfile:1
# AWS interview-practice bot: build with tsc, run on a slim Node 20 image with
# production dependencies only. test/ops/production-build.test.ts reads this
# file: it builds dist/ the same way, lays out the runtime stage's COPYs in a
# temporary folder, starts the CMD there and runs the HEALTHCHECK against it.

# ---- build: compile TypeScript, build better-sqlite3 for this image ----------
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts from the dependency tree, then exactly the one native
# build we need. This behaves the same on npm 10 (this image) and npm 11
# (which reads package.json "allowScripts").
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime ----------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATABASE_PATH=/data/bot.sqlite \
    PORT=3000 \
    HOST=0.0.0.0 \
    CONSOLE=off
WORKDIR /app
# Code and content belong to root and are read-only for the bot; only /data is its own.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY db/migrations ./db/migrations
COPY content ./content
RUN mkdir -p /data && chown node:node /data
VOLUME /data
# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# No curl in slim images: Node 20's fetch does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The bot finishes in-flight work and checkpoints the database on SIGTERM
# (10 s budget): give it more than Docker's default 10 s (compose: stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
