# syntax=docker/dockerfile:1
# One image for both processes; docker-compose.yml picks the command
# (node dist/api/main.js or node dist/worker/main.js).
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: full dependencies, TypeScript -> dist/
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Manifests first so the dependency layer is cached while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: production dependencies and compiled output only
# (glibc-based Debian image: the Temporal worker's native core-bridge needs glibc, not musl)
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/api/main.js"]
