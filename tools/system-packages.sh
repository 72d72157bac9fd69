#!/usr/bin/env bash
# What `make test` needs from Debian besides Python: the browser the web tests drive (chromium;
# Playwright never downloads one) and the PostgreSQL server the store tests start for themselves.
# Installs the missing ones with apt-get when it can (root, or sudo without a password); otherwise
# fails, naming the packages and the command, because a skipped real-browser test is not a pass.
set -euo pipefail
missing=""
if [ -z "${STORYLINE_CHROMIUM:-}" ] && ! command -v chromium >/dev/null && [ ! -x /usr/bin/chromium ]; then
    missing="$missing chromium"
fi
if ! command -v initdb >/dev/null && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    missing="$missing postgresql"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
else
    echo "make test needs the Debian packages:$missing. Install them with" >&2
    echo "    sudo apt-get install$missing" >&2
    echo "(or point STORYLINE_CHROMIUM at a Chromium binary) and run make test again." >&2
    exit 1
fi
echo "installing$missing (apt-get)..." >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
