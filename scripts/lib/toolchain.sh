# Toolchain checks and installs for scripts/workshop. Sourced, not run.
# Each ensure_* is idempotent and prints one line when it has nothing to do.

# Colour only on a terminal: CI logs show escape codes literally.
if [ -t 1 ]; then blue=$'\033[1;34m' red=$'\033[1;31m' plain=$'\033[0m'; else blue="" red="" plain=""; fi
# The wall-clock time on each step, so a slow one (apt, npm ci) shows in a CI log.
step() { printf '%s==>%s %s %s\n' "$blue" "$plain" "$(date +%H:%M:%S)" "$*"; }
fail() {
  printf '%serror:%s %s\n' "$red" "$plain" "$*" >&2
  exit 1
}

pinned() { # pinned NAME -> value of NAME in stack/versions.env
  sed -n "s/^$1=//p" stack/versions.env
}

version_at_least() { # version_at_least HAVE WANT
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# System packages, from apt when missing. Chromium drives the browser tests: Debian's
# package is the only browser that installs without reaching a browser CDN.
ensure_system_packages() {
  local browser="${WORKSHOP_CHROMIUM:-/usr/bin/chromium}"
  local missing=()
  if [ -x "$browser" ]; then
    step "browser: $browser"
  else
    missing+=(chromium fonts-noto-cjk)
  fi
  # Native mode compiles Alloy with cgo, as upstream does (its Oracle exporter needs it).
  if command -v cc >/dev/null; then
    step "C compiler: $(command -v cc)"
  else
    missing+=(gcc libc6-dev)
  fi
  # The lessons' and labs' commands use curl and jq, and a test runs each of them.
  local tool
  for tool in curl jq; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  if ! command -v apt-get >/dev/null; then
    step "missing ${missing[*]} and no apt-get: install them (or set WORKSHOP_CHROMIUM=/path/to/chromium)"
    return
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  step "installing ${missing[*]} from Debian's packages (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null || fail "apt-get could not install ${missing[*]}"
}

# Astro 7 needs Node >= 22.12. An older system Node is left alone: the pinned Node from
# the npm registry's `node` package (which ships the binary) goes into .tools/node.
ensure_node() {
  local want
  want="$(pinned NODE_VERSION)"
  [ -n "$want" ] || fail "NODE_VERSION missing from stack/versions.env"
  local local_bin="$root/.tools/node/node_modules/.bin"
  if [ -x "$local_bin/node" ] && [ "$("$local_bin/node" --version)" = "v$want" ]; then
    export PATH="$local_bin:$PATH"
  elif command -v node >/dev/null && version_at_least "$(node --version | tr -d v)" 22.12.0; then
    :
  else
    command -v npm >/dev/null || fail "Node.js is needed: install Node 22.12 or newer (https://nodejs.org)"
    step "installing Node $want into .tools/node (system Node is $(node --version 2>/dev/null || echo missing))"
    mkdir -p "$root/.tools/node"
    [ -f "$root/.tools/node/package.json" ] || echo '{"private":true}' >"$root/.tools/node/package.json"
    (cd "$root/.tools/node" && npm install --no-audit --no-fund --loglevel=error "node@$want" >/dev/null) ||
      fail "could not install node@$want from the npm registry"
    export PATH="$local_bin:$PATH"
  fi
  step "node $(node --version) at $(command -v node)"
}

# npm ci when the lockfile changed since the last install; otherwise nothing.
ensure_npm_packages() {
  local stamp="node_modules/.workshop-lock-hash"
  local hash
  hash="$(sha256sum package-lock.json | cut -d' ' -f1)-$(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
    step "npm packages up to date"
    return
  fi
  step "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error || fail "npm ci failed"
  echo "$hash" >"$stamp"
}
