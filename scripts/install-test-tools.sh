#!/usr/bin/env bash
# Installs what the tests use from Debian packages: compilers for the test programs (glibc static,
# musl, aarch64 cross), the independent image tools (skopeo, umoci), a runtime (runc) and a real
# registry (docker-registry) with its TLS/htpasswd helpers. Needs root (or passwordless sudo).
set -euo pipefail

packages=(
  gcc libc6-dev musl-tools gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static busybox-static
  skopeo umoci runc crun docker-registry apache2-utils openssl jq ca-certificates tzdata time
)
if [ "$(id -u)" = 0 ]; then
  run=()
else
  run=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "test tools installed: ${packages[*]}"
