#!/usr/bin/env bash
# Install the system packages ladderkit needs: each piece is detected on its own and only
# the missing ones are installed (Debian/Ubuntu, through apt-get; root or sudo).
#   system-deps.sh build   what `make build` needs: the native libraries WeasyPrint loads
#                          (Pango, PangoFT2, HarfBuzz, HarfBuzz-Subset, fontconfig) and DejaVu fonts
#   system-deps.sh [test]  also what the tests need: Chromium, qpdf, poppler-utils (pdftoppm),
#                          LibreOffice Calc (opens the CSV exports: no formula may run)
#   --plan (or LADDERKIT_DEPS_DRY_RUN=1)  print the packages it would install and install nothing
# Without apt-get (Fedora, Alpine, macOS) it prints what to install there and exits 1.
set -euo pipefail

scope=test plan="${LADDERKIT_DEPS_DRY_RUN:-0}"
for arg in "$@"; do
  case "$arg" in
    build|test) scope="$arg" ;;
    --plan) plan=1 ;;
    *) echo "usage: system-deps.sh [build|test] [--plan]" >&2; exit 2 ;;
  esac
done

# The shared libraries the loader knows (ldconfig lives in /sbin, often not on a user's PATH).
LDCONFIG=$(command -v ldconfig || echo /sbin/ldconfig)
libraries=$("$LDCONFIG" -p 2>/dev/null || true)
fonts=$(fc-list 2>/dev/null || true)
has_lib() { awk -v name="$1" '$1 == name { found = 1 } END { exit !found }' <<<"$libraries"; }

# One row per piece: name | Debian | Fedora (dnf) | Alpine (apk) | macOS (brew; cask: a cask)
missing=()
piece() { missing+=("$1|$2|$3|$4|$5"); }
# The sonames WeasyPrint opens (weasyprint/text/ffi.py).
has_lib libpango-1.0.so.0        || piece Pango           libpango-1.0-0      pango            so:libpango-1.0.so.0        pango
has_lib libpangoft2-1.0.so.0     || piece PangoFT2        libpangoft2-1.0-0   pango            so:libpangoft2-1.0.so.0     pango
has_lib libharfbuzz.so.0         || piece HarfBuzz        libharfbuzz0b       harfbuzz         so:libharfbuzz.so.0         harfbuzz
has_lib libharfbuzz-subset.so.0  || piece HarfBuzz-Subset libharfbuzz-subset0 harfbuzz         so:libharfbuzz-subset.so.0  harfbuzz
has_lib libfontconfig.so.1       || piece fontconfig      libfontconfig1      fontconfig       so:libfontconfig.so.1       fontconfig
command -v fc-list >/dev/null 2>&1 || piece fc-list       fontconfig          fontconfig       fontconfig                  fontconfig
grep -qi 'DejaVu Sans' <<<"$fonts" || piece "DejaVu fonts" fonts-dejavu-core  dejavu-sans-fonts font-dejavu               cask:font-dejavu
if [ "$scope" = test ]; then
  command -v chromium >/dev/null 2>&1 || piece Chromium   chromium            chromium         chromium                    cask:chromium
  command -v qpdf >/dev/null 2>&1     || piece qpdf       qpdf                qpdf             qpdf                        qpdf
  command -v pdftoppm >/dev/null 2>&1 || piece pdftoppm   poppler-utils       poppler-utils    poppler-utils               poppler
  command -v soffice >/dev/null 2>&1  || piece LibreOffice libreoffice-calc-nogui libreoffice-calc libreoffice         cask:libreoffice
fi
[ ${#missing[@]} -eq 0 ] && exit 0

# Column $1 of every missing piece, each package once, in order.
packages() { printf '%s\n' "${missing[@]}" | cut -d'|' -f"$1" | awk '!seen[$0]++' | paste -sd' ' -; }
names=$(printf '%s\n' "${missing[@]}" | cut -d'|' -f1 | paste -sd, - | sed 's/,/, /g')

if ! command -v apt-get >/dev/null 2>&1; then
  {
    echo "ladderkit needs: $names. This machine has no apt-get; install them with one of:"
    echo "  Fedora:  sudo dnf install $(packages 3)"
    echo "  Alpine:  sudo apk add $(packages 4)"
    formulae=$(packages 5 | tr ' ' '\n' | sed '/^cask:/d' | paste -sd' ' -)
    casks=$(packages 5 | tr ' ' '\n' | sed -n 's/^cask://p' | paste -sd' ' -)
    brew=()
    [ -z "$formulae" ] || brew+=("brew install $formulae")
    [ -z "$casks" ] || brew+=("brew install --cask $casks")
    echo "  macOS:   $(printf '%s\n' "${brew[@]}" | paste -sd'&' - | sed 's/&/ \&\& /g')"
    echo "then run this again."
  } >&2
  exit 1
fi
if [ "$plan" = 1 ]; then
  echo "missing: $names" >&2
  packages 2
  exit 0
fi
echo "Installing Debian packages for $names: $(packages 2)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "Installing needs root and there is no sudo; as root, run: apt-get install -y $(packages 2)" >&2
    exit 1
  fi
  SUDO="sudo"
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2046  # one word per package
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $(packages 2) >/dev/null
