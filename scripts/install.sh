#!/usr/bin/env bash
# Install g40kg and everything its tests need on a fresh Debian machine (run as root).
#
#   bash scripts/install.sh          # only the Python package (pip install -e .)
#   bash scripts/install.sh --test   # + chromium, chromium-driver, Virtuoso, Frog (Dutch NLP
#                                    #   for `g40kg suggest`: frog, frogdata) (apt) and the
#                                    #   [test] extras (pytest, oxigraph server, ruff, ...)
#
# Idempotent: apt is skipped when every required binary is already present, and the
# script ends by checking that every required tool really is there (non-zero exit if not),
# so a half-finished install can never be mistaken for a working one.
set -euo pipefail

usage() {
    echo "usage: $0 [--test]" >&2
}

with_test=0
for arg in "$@"; do
    case "$arg" in
        --test) with_test=1 ;;
        -h|--help) usage; exit 0 ;;
        *) usage; exit 2 ;;
    esac
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# Debian ships the Virtuoso server as /usr/bin/virtuoso-t and its SQL client as
# /usr/bin/isql-vt (package virtuoso-opensource-7-bin); g40kg.servers runs both.
find_virtuoso() {
    command -v virtuoso-t 2>/dev/null || { [ -x /usr/bin/virtuoso-t ] && echo /usr/bin/virtuoso-t; }
}

system_tools_present() {
    command -v chromium >/dev/null 2>&1 \
        && command -v chromedriver >/dev/null 2>&1 \
        && find_virtuoso >/dev/null \
        && command -v isql-vt >/dev/null 2>&1 \
        && command -v frog >/dev/null 2>&1 \
        && [ -d /usr/share/frog/nld ]
}

if [ "$with_test" -eq 1 ]; then
    if system_tools_present; then
        echo "install.sh: chromium, chromedriver, virtuoso-t and frog already present; skipping apt"
    else
        if [ "$(id -u)" -ne 0 ]; then
            echo "install.sh: apt packages are missing and this is not root; rerun as root" >&2
            exit 1
        fi
        export DEBIAN_FRONTEND=noninteractive
        # The virtuoso-opensource-7 config script asks for a DBA password.  Preseed an
        # empty answer: no prompt, and the postinst then leaves the database at its default
        # password and disables the system-wide daemon (RUN=no in
        # /etc/default/virtuoso-opensource-7), so no Virtuoso with a known password keeps
        # listening on 0.0.0.0:8890/1111.  g40kg does not use that instance: g40kg.servers
        # runs its own throw-away databases on 127.0.0.1.  In a container where services
        # cannot start (policy-rc.d), the postinst prints "Unable to set password for the
        # Virtuoso DBA user"; that message is harmless.
        debconf-set-selections <<'EOF'
virtuoso-opensource-7 virtuoso-opensource-7/dba-password password
virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password
EOF
        apt-get update
        apt-get install -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
            chromium chromium-driver virtuoso-opensource frog frogdata
    fi
    python3 -m pip install -e '.[test]'
else
    python3 -m pip install -e .
fi

# ---- verify -------------------------------------------------------------------------
missing=0
check() {
    local what="$1"
    shift
    if "$@" >/dev/null 2>&1; then
        echo "install.sh: ok      $what"
    else
        echo "install.sh: MISSING $what" >&2
        missing=1
    fi
}

# From / so that the check sees the installed package, not the source tree in the cwd.
check "python package g40kg" bash -c 'cd / && python3 -c "import g40kg"'
if [ "$with_test" -eq 1 ]; then
    check "chromium" command -v chromium
    check "chromedriver" command -v chromedriver
    check "virtuoso-t (Virtuoso server)" find_virtuoso
    check "isql-vt (Virtuoso SQL client)" command -v isql-vt
    check "oxigraph server (oxigraph --version)" oxigraph --version
    # Frog must really tag a Dutch sentence (frogdata holds its models): suggest and the
    # end-to-end test rely on it, and a test skipped for lack of Frog would pass unnoticed.
    check "frog (Dutch NER, with frogdata)" bash -c \
        'cd "$(mktemp -d)" && echo "Jan de Vries werkt bij de VNG." > t.txt \
         && frog -t t.txt --skip=mpacl --threads=1 2>/dev/null | grep -q "B-PER"' 
    check "pytest" python3 -m pytest --version
    check "ruff" python3 -m ruff --version
fi

if [ "$missing" -ne 0 ]; then
    echo "install.sh: installation incomplete" >&2
    exit 1
fi
echo "install.sh: done"
