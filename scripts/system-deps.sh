#!/usr/bin/env bash
# System packages beyond Python. `system-deps.sh book`: what a build needs, the CJK fonts (charts,
# PDF). `system-deps.sh dev`: also poppler (the tests' PDF checks) and Debian Chromium (browser
# tests, screenshots). Installs only what is missing; needs root/apt.
set -euo pipefail
need=()
# (no grep -q: it closes the pipe early, fc-list gets SIGPIPE and pipefail reports a miss)
fc-list 2>/dev/null | grep "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
if [ "${1:-dev}" = dev ]; then
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  command -v chromium >/dev/null || need+=(chromium)
fi
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "== installing system packages: ${need[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "error: system packages missing (${need[*]}); run as root or: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
