# syntax=docker/dockerfile:1
# Build stage: install everything, compile with SWC. The tag is exact (ADR 0014): bump it with the `node` devDependency.
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json .swcrc ./
COPY src ./src
COPY migrations ./migrations
COPY web ./web
COPY sdk ./sdk
COPY docs ./docs
COPY scripts/copy-guides.mjs ./scripts/
COPY mini-apps ./mini-apps
COPY scripts/pack-mini-apps.mjs ./scripts/
COPY scripts/write-sbom.mjs ./scripts/
# The build also writes dist/sbom.cdx.json: the CycloneDX bill of materials of the production dependencies.
RUN npm run build && npm prune --omit=dev

# Runtime stage: production dependencies and dist only, as an unprivileged user.
FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
LABEL org.opencontainers.image.title="superapp-platform" org.opencontainers.image.description="SBOM (CycloneDX) at /app/dist/sbom.cdx.json"
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
# 9464: /metrics, which production serves on a port of its own (METRICS_PORT); publish it to the scraper only.
EXPOSE 3000 9464
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM reaches node directly (exec form): in-flight requests finish, pools close.
CMD ["node", "--max-semi-space-size=16", "dist/main.js"]
