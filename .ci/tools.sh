#!/usr/bin/env bash
# Source this file: puts Node >= 22.17 and pnpm 10 on PATH, installing them into
# a project-local .tools folder from the npm registry when the system's are too old.
# The system Node is never touched (other users keep theirs).
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_tools="$_root/.tools"
_need_node() {
  command -v node >/dev/null 2>&1 || return 0
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=17)?1:0)'
}
if [ -x "$_tools/node_modules/.bin/node" ]; then
  export PATH="$_tools/node_modules/.bin:$PATH"
fi
if _need_node; then
  echo "[tools] installing Node 24 into $_tools"
  mkdir -p "$_tools"
  (cd "$_tools" && [ -f package.json ] || echo '{"private":true}' > package.json)
  npm install --prefix "$_tools" --no-save --no-audit --no-fund node@24 pnpm@10 >/dev/null
  export PATH="$_tools/node_modules/.bin:$PATH"
fi
if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version 2>/dev/null | grep -q '^10\.'; then
  echo "[tools] installing pnpm 10 into $_tools"
  mkdir -p "$_tools"
  npm install --prefix "$_tools" --no-save --no-audit --no-fund pnpm@10 >/dev/null
  export PATH="$_tools/node_modules/.bin:$PATH"
fi
export COREPACK_ENABLE_STRICT=0
