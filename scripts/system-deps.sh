#!/usr/bin/env bash
# Install the Debian packages ladderkit needs, only when they are missing.
#   system-deps.sh build   what `make build` needs: Pango and fonts for WeasyPrint's PDFs
#   system-deps.sh         also what the tests need: Chromium, qpdf, poppler-utils (pdftoppm),
#                          LibreOffice Calc (opens the CSV exports: no formula may run)
set -euo pipefail
need=()
# WeasyPrint loads Pango through ctypes; the PDFs use DejaVu Sans.
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || need+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi 'DejaVu Sans' || need+=(fonts-dejavu-core fontconfig)
if [ "${1:-test}" != "build" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
fi
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
