#!/usr/bin/env bash
# Installs what the tests use from Debian packages (scripts/test-packages.txt): compilers for the test
# programs (glibc static, musl, aarch64 cross), the independent image tools (skopeo, umoci), a runtime
# (runc) and a real registry (docker-registry) with its TLS/htpasswd helpers. Needs root or sudo.
set -euo pipefail
cd "$(dirname "$0")"
mapfile -t packages < test-packages.txt
run=()
if [ "$(id -u)" != 0 ]; then
  run=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "test tools installed: ${packages[*]}"
