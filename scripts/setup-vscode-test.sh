#!/usr/bin/env bash
# Sets up what the "tests in a real VS Code" need, offline (npm registry + Debian apt only). Idempotent.
#   1. Debian packages: chromium (the browser playwright-core drives), ripgrep (stands in for the rg that
#      @vscode/ripgrep would download), libkrb5-dev (kerberos, a code-server dependency, compiles against it).
#      As root they are installed with apt-get; otherwise a missing one stops the script with what to install.
#   2. code-server (VS Code in a browser, from npm) into .vscode-test/code-server-$CODE_SERVER_VERSION/,
#      skipped when it is already there and answers --version.
# Prints the code-server binary's path as its last line.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3 # = VS Code 1.100.3; later releases need Node 22+
# @vscode/ripgrep as pinned by code-server 4.100.3, and the rg release it downloads (from GitHub: unreachable here)
VSCODE_RIPGREP_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="$ROOT/.vscode-test"
TARGET="$CACHE/code-server-$CODE_SERVER_VERSION"
BIN="$TARGET/node_modules/.bin/code-server"
DEB_PACKAGES=(chromium ripgrep libkrb5-dev)

log() { printf '[setup-vscode-test] %s\n' "$*" >&2; }

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

# --- 2. code-server ------------------------------------------------------------------------------
# Any code-server command writes ~/.config/code-server/config.yaml: run it with a throw-away HOME.
works() {
  [[ -f "$TARGET/.complete" && -x "$BIN" ]] || return 1
  local home out
  home="$(mktemp -d)"
  out="$(HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" "$BIN" --version 2>/dev/null)" || true
  rm -rf "$home"
  # it prints a log line about the config file first, then "<version> <commit> with Code <vscode version>"
  grep -q "^$CODE_SERVER_VERSION " <<<"$out"
}

if works; then
  log "code-server $CODE_SERVER_VERSION present: $TARGET"
else
  log "installing code-server $CODE_SERVER_VERSION into $TARGET (takes a few minutes: native modules compile)"
  started=$SECONDS
  # installed in place (native modules are built there); .complete marks a finished install
  rm -rf "$TARGET"
  mkdir -p "$TARGET/tmp"
  printf '{ "name": "code-server-cache", "private": true }\n' >"$TARGET/package.json"

  # @vscode/ripgrep's postinstall looks in $TMPDIR/vscode-ripgrep-cache-<version>/<asset> before downloading:
  # a tar.gz holding Debian's rg under the name `rg` satisfies it.
  rgcache="$TARGET/tmp/vscode-ripgrep-cache-$VSCODE_RIPGREP_VERSION"
  mkdir -p "$rgcache/rgbin"
  cp "$(command -v rg)" "$rgcache/rgbin/rg"
  tar -czf "$rgcache/$RIPGREP_ASSET" -C "$rgcache/rgbin" rg
  rm -rf "$rgcache/rgbin"

  # unsafe_perm: code-server's install script refuses to run as root otherwise (npm 11 has no flag for it);
  # yes: node-pty's install step runs `npx node-gyp`. argon2 and kerberos fail their prebuilt downloads and
  # compile from source (g++, make, python3).
  (
    cd "$TARGET"
    TMPDIR="$TARGET/tmp" \
      npm_config_unsafe_perm=true npm_config_yes=true \
      npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false \
      npm install --foreground-scripts --loglevel=warn "code-server@$CODE_SERVER_VERSION" >&2
  )
  rm -rf "$TARGET/tmp"
  touch "$TARGET/.complete"
  if ! works; then
    log "code-server was installed into $TARGET but does not answer --version $CODE_SERVER_VERSION"
    exit 1
  fi
  log "code-server $CODE_SERVER_VERSION installed in $((SECONDS - started)) s"
fi
echo "$BIN"
