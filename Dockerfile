# syntax=docker/dockerfile:1

# ---- build: install all dependencies (native better-sqlite3), generate Prisma clients, compile ----
FROM node:20-bookworm-slim AS build
WORKDIR /app

# Toolchain for node-gyp, used when better-sqlite3 has no prebuilt binary for this platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

# Dependency layer: only what `npm ci` and its postinstall (scripts/prisma-generate.mjs) read,
# so source edits do not invalidate the cached install.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/ ./prisma/
COPY scripts/ ./scripts/
# The image's npm 10 ignores package.json's allowScripts, so install scripts are skipped and the
# two that are needed run by name (Prisma's own would try to download engines the app never uses).
RUN npm ci --ignore-scripts \
 && npm rebuild better-sqlite3 \
 && node scripts/prisma-generate.mjs

COPY tsconfig*.json ./
COPY src/ ./src/
RUN npm run build \
 && npm prune --omit=dev

# ---- runtime ----
FROM node:20-bookworm-slim AS runtime
WORKDIR /app

ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0

# Root-owned, read-only for the app user; only ./data (the default SQLite location) is writable.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/package.json ./package.json
RUN mkdir -p /app/data && chown node:node /app/data

USER node
EXPOSE 3000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# The same command as `npm start` (package.json): --max-semi-space-size is read only when V8 starts,
# so it must be on the command line (test/compose.test.ts checks the two stay equal).
CMD ["node", "--max-semi-space-size=2", "dist/server.js"]
