# One image for every role: the command picks it (`start` by default; `api`, `scheduler`, `worker --region NAME`,
# `ingester`, `migrate`). See docker-compose.yml for the split deployment.
#
#   docker build -t vigil .
#   docker run -p 3000:3000 -v vigil-data:/app/data vigil          # every role, embedded PGlite + in-process queue
#   docker run -e REDIS_URL=redis://redis:6379 vigil worker --region eu-west

# --- build: compile TypeScript ---------------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
RUN npm run build

# --- runtime: production dependencies, compiled code and migrations --------------------------------------------------
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
# NODE_ENV is deliberately not set here: NODE_ENV=production makes JWT_SECRET mandatory for every role, and workers
# have no use for it. Set NODE_ENV=production on the API (docker-compose.yml does).
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# dist/db/migrate.js reads migrations from ../../drizzle, so the layout is /app/dist and /app/drizzle.
COPY drizzle ./drizzle
COPY --from=build /app/dist ./dist
# DATA_DIR (./data) holds the embedded database and the generated JWT secret when no DATABASE_URL / JWT_SECRET is
# set; it must be writable by the non-root user. Mount a volume there to keep it.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# No HEALTHCHECK here: only the API and `start` listen on HTTP, so a built-in check would mark every worker,
# scheduler and ingester container unhealthy. docker-compose.yml gives the api service a check on GET /health.
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["start"]
