#!/usr/bin/env bash
# Sets up a fresh clone: a private Node 24 + pnpm 10 in .tools/ (the machine's own Node may be older),
# the workspace's dependencies, and the plugin bundles. Safe to run again: each step skips what is done.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
node24="$tools/node_modules/.bin/node"

if ! { [ -x "$node24" ] && "$node24" -e 'process.exit(+process.versions.node.split(".")[0] >= 24 ? 0 : 1)' 2>/dev/null; }; then
  echo "mmm setup: installing Node 24 and pnpm 10 into .tools/" >&2
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error node@24 pnpm@10 >&2
fi
export PATH="$tools/node_modules/.bin:$PATH"
# Native addons (isolated-vm, sqlite3) must build against Node 24's headers, not the machine's Node.
hdr=$(find "$tools/node_modules/node/node_modules" -path '*/include/node/node_version.h' 2>/dev/null | head -n 1)
[ -n "$hdr" ] && export npm_config_nodedir="${hdr%/include/node/node_version.h}"

cd "$root"
stamp="$root/node_modules/.mmm-setup-stamp"
want=$( (cat pnpm-lock.yaml package.json */package.json plugins/*/package.json presets/*/package.json 2>/dev/null || true) | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "mmm setup: installing dependencies with pnpm" >&2
  if [ -f pnpm-lock.yaml ] && [ "${CI:-}" = "true" ]; then pnpm install --frozen-lockfile >&2; else pnpm install >&2; fi
  echo "$want" > "$stamp"
fi
pnpm --silent run build >&2
