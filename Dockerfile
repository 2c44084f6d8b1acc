# syntax=docker/dockerfile:1.7
# motcua: multi-stage build of the server and the web bundle; the runtime image runs
# `motcua serve` as an unprivileged user. Build: docker build -t motcua .
# Run:   docker run -p 8080:8080 -v motcua-data:/var/lib/motcua motcua
#        (set MOTCUA_DATABASE_URL=postgres://… and MOTCUA_REDIS_URL=redis://… for production)

ARG RUST_VERSION=1.95
ARG DEBIAN=bookworm

FROM rust:${RUST_VERSION}-slim-${DEBIAN} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends binaryen ca-certificates pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
ENV CARGO_TARGET_DIR=/src/target
# Toolchain pieces first so they cache across source changes.
COPY rust-toolchain.toml ./
RUN rustup show && rustup target add wasm32-unknown-unknown
COPY Cargo.toml Cargo.lock clippy.toml ./
COPY backend backend
COPY frontend frontend
COPY shared shared
COPY migrations migrations
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target,sharing=locked \
    frontend/build \
 && cargo build --release --locked -p backend \
 && mkdir -p /out \
 && cp target/release/motcua /out/motcua \
 && cp -r frontend/dist /out/web

FROM debian:${DEBIAN}-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 motcua \
 && useradd --system --uid 10001 --gid motcua --home-dir /var/lib/motcua --shell /usr/sbin/nologin motcua \
 && mkdir -p /var/lib/motcua && chown motcua:motcua /var/lib/motcua
COPY --from=build /out/motcua /usr/local/bin/motcua
COPY --from=build /out/web /usr/share/motcua/web
ENV MOTCUA_BIND=0.0.0.0:8080 \
    MOTCUA_DATA_DIR=/var/lib/motcua \
    MOTCUA_WEB_DIR=/usr/share/motcua/web \
    MOTCUA_LOG_FORMAT=json
USER motcua:motcua
WORKDIR /var/lib/motcua
VOLUME ["/var/lib/motcua"]
EXPOSE 8080
# Probes: GET /health/live (liveness) and GET /health/ready (readiness) on port 8080.
# tini forwards SIGTERM so motcua shuts down gracefully (30 s for in-flight requests).
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/motcua"]
CMD ["serve"]
