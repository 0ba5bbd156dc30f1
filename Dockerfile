# syntax=docker/dockerfile:1
# Build stage: install everything, compile TypeScript.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
RUN npm ci --ignore-scripts && npm run build

# Runtime stage: production dependencies only, non-root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY alerts ./alerts
COPY dashboards ./dashboards
# The configuration is read from here; mount yours over it.
COPY examples/ontap-upgrade-exporter.yml /etc/ontap-upgrade-exporter/config.yml
USER node
EXPOSE 10123
# A TCP connect, not GET /-/healthy: with a web config (TLS, basic auth) that path needs credentials.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "require('net').connect(10123,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"
ENTRYPOINT ["node", "bin/ontap-upgrade-exporter.js"]
CMD ["serve", "--config.file=/etc/ontap-upgrade-exporter/config.yml", "--web.listen-address=:10123"]
