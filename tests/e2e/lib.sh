# lib.sh - shared helpers of the end-to-end tests (sourced, not run).
#
# Each test runs the real programs ($DEFCON_INDEX, $DEFCON_SEARCH, set by
# ctest) in a fresh work folder and checks exact output and exit codes.
# check_* functions record a failure and go on; finish prints the closing
# "N passed, N failed" line and exits with the status.

set -u
passed=0
failed=0
INDEX=${DEFCON_INDEX:?run through ctest, or set DEFCON_INDEX}
SEARCH=${DEFCON_SEARCH:?run through ctest, or set DEFCON_SEARCH}
SOURCE=${DEFCON_SOURCE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
SHARED=${DEFCON_SHARED:-$SOURCE/../shared}
DATA=${DEFCON_TEST_DATA:-$SOURCE/tests/data}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/defcon-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export NO_COLOR=1 COLUMNS=80
unset DEFCON_DB

# VALGRIND, when set, is a command line that every run of the programs
# goes through (.ci/run sets "valgrind -q --error-exitcode=99 ..."):
# $INDEX and $SEARCH become wrapper scripts, so tests call them as ever.
if [ -n "${VALGRIND:-}" ]; then
    mkdir -p "$WORK/.valgrind"
    for program in INDEX SEARCH; do
        wrapper=$WORK/.valgrind/$(basename "${!program}")
        printf '#!/bin/sh\nDEFCON_VALGRIND_RUN=$(date +%%s%%N)-$$; export DEFCON_VALGRIND_RUN\nexec %s %q "$@"\n' \
            "$VALGRIND" "${!program}" > "$wrapper"
        chmod 755 "$WORK/.valgrind" "$wrapper"
        printf -v "$program" '%s' "$wrapper"
    done
fi

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# run CMD...: runs a command, keeping its stdout, stderr and status in
# $out, $err and $status.
run() {
    out=$("$@" 2>"$WORK/.stderr"); status=$?
    err=$(cat "$WORK/.stderr")
}

check_status() {   # check_status WANT DESCRIPTION
    if [ "$status" -eq "$1" ]; then ok; else bad "$2: exit $status, wanted $1 (stderr: $err)"; fi
}
check_eq() {       # check_eq GOT WANT DESCRIPTION
    if [ "$1" == "$2" ]; then ok; else
        bad "$3"; printf -- '--- got:\n%s\n--- wanted:\n%s\n' "$1" "$2" >&2; fi
}
check_contains() { # check_contains HAYSTACK NEEDLE DESCRIPTION
    case "$1" in *"$2"*) ok ;; *) bad "$3: '$2' not in:"; printf '%s\n' "$1" >&2 ;; esac
}
check_lacks() {    # check_lacks HAYSTACK NEEDLE DESCRIPTION
    case "$1" in *"$2"*) bad "$3: '$2' should not be in:"; printf '%s\n' "$1" >&2 ;; *) ok ;; esac
}
finish() {
    printf '%d passed, %d failed\n' "$passed" "$failed"
    [ "$failed" -eq 0 ]
    exit $?
}
skip() {
    printf 'skipped: %s\n' "$1"
    exit 77
}
# Paths of the hits of a search, one per line.
paths() { "$SEARCH" --format paths "$@" 2>/dev/null; }

# fixture_archive: the bundled corpus plus tests/data/archive, copied into
# $WORK/archive; sets ARCHIVE, DB (not yet built), REAL (the archive's
# physical path, as the index records it).
fixture_archive() {
    ARCHIVE=$WORK/archive
    DB=$WORK/index.db
    mkdir -p "$ARCHIVE"
    cp -R "$SOURCE/corpus/." "$ARCHIVE/"
    cp -R "$DATA/archive/." "$ARCHIVE/"
    REAL=$(cd "$ARCHIVE" && pwd -P)
}

# start_server ARGS...: runs `defcon-search serve --listen 127.0.0.1:0 ARGS`
# in the background, its stderr in $WORK/serve.log; sets SERVER (its pid),
# PORT and URL once it listens. Fails the test when it never does.
start_server() {
    : > "$WORK/serve.log"
    "$SEARCH" serve --listen 127.0.0.1:0 "$@" 2> "$WORK/serve.log" &
    SERVER=$!
    PORT=
    for _ in $(seq 600); do   # up to a minute: valgrind starts slowly
        PORT=$(sed -n 's|.*on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$WORK/serve.log")
        [ -n "$PORT" ] && break
        kill -0 "$SERVER" 2>/dev/null || break
        sleep 0.1
    done
    URL=http://127.0.0.1:$PORT
    [ -n "$PORT" ] || { bad "serve did not start: $(cat "$WORK/serve.log")"; finish; }
}
# stop_server: SIGTERM, then waits; the exit status goes to $status.
stop_server() {
    kill -TERM "$SERVER" 2>/dev/null
    wait "$SERVER"; status=$?
}
