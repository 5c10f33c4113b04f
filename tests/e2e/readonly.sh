#!/usr/bin/env bash
# readonly.sh - issue 6: defcon-search opens the index read-only, and
# works on a read-only file, in a read-only folder and on a read-only
# file system; it never changes the index file. Root ignores file modes,
# so as root the programs run as nobody (setpriv) for the mode cases.
. "$(dirname "$0")/lib.sh"

CHECKER=${DEFCON_CHECK:?run through ctest, or set DEFCON_CHECK to the index-check program}
ARCHIVE=$WORK/archive
IDX=$WORK/idx
DB=$IDX/index.db
chmod 755 "$WORK"
mkdir -p "$ARCHIVE" "$IDX"
cp -R "$DATA/archive/." "$ARCHIVE/"
article() {        # article VERSION: the one article that changes
    printf -- '---\ntitle: Harbour report %s\ndate: 1999-05-0%s\n---\n\nShips in the harbour, version %s.\n' \
        "$1" "$1" "$1" > "$ARCHIVE/harbour.md"
}
article 1
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "index"

as_user() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
    command -v setpriv >/dev/null || skip "running as root without setpriv: file modes cannot be tested"
    as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    chown -R 65534:65534 "$IDX"
fi
# modes SEARCH...: the query in every output mode, as the ordinary user;
# all must succeed.
modes() {
    local what=$1 mode
    for mode in "" "--json" "--csv" "--format paths" "--format count" "--by year" "--facets" "--explain"; do
        # shellcheck disable=SC2086
        run as_user "$SEARCH" --db "$DB" $mode harbour
        check_status 0 "$what: search ${mode:-(text)}"
    done
    run as_user "$SEARCH" --db "$DB" zzyzzx
    check_status 1 "$what: a search that finds nothing"
}
version_seen() { as_user "$SEARCH" --db "$DB" --json harbour 2>&1 | sed -n 's/.*"title":"Harbour report \([0-9]\)".*/\1/p'; }
fingerprint() { (cd "$IDX" && for f in *; do printf '%s %s %s\n' "$f" "$(stat -c '%s %Y' "$f")" "$(cksum < "$f")"; done); }

# R1: a writable folder. Searching changes nothing in the index file.
before=$(cksum < "$DB")
modes "R1 writable folder"
check_eq "$(cksum < "$DB")" "$before" "R1 the index file is unchanged by searches"

# R2: a read-only file in a writable folder.
chmod 444 "$DB"
modes "R2 read-only file"
check_eq "$(cksum < "$DB")" "$before" "R2 the index file is unchanged"

# R3: a read-only folder and file, the index closed cleanly.
rm -f "$DB-wal" "$DB-shm"
chmod 555 "$IDX"
fp=$(fingerprint)
modes "R3 read-only folder"
check_eq "$(fingerprint)" "$fp" "R3 nothing in the folder changed"
check_eq "$(version_seen)" "1" "R3 the index reads as it is"
run as_user "$INDEX" --db "$DB" "$ARCHIVE"
check_status 2 "R3 defcon-index cannot write there"
check_contains "$err" "$DB" "R3 and says so, naming the index"
check_eq "$(fingerprint)" "$fp" "R3 the refused defcon-index changed nothing"

# R4: a read-only folder whose index has committed changes still in its
# WAL (a reader kept the last run from checkpointing), -shm beside it.
chmod 755 "$IDX"; chmod 644 "$DB"
article 2
python3 - "$DB" "$INDEX" "$ARCHIVE" <<'PY'
import os, sqlite3, subprocess, sys
reader = sqlite3.connect(sys.argv[1], isolation_level=None)
reader.execute("BEGIN")
reader.execute("SELECT count(*) FROM meta").fetchone()   # holds a snapshot
subprocess.run([sys.argv[2], "-q", "--db", sys.argv[1], sys.argv[3]], check=True)
os._exit(0)                                              # no checkpoint on close
PY
[ -s "$DB-wal" ] && ok || bad "R4 setup: the WAL should hold the second run"
[ "$(id -u)" -eq 0 ] && chown -R 65534:65534 "$IDX"
chmod 444 "$DB" "$DB-wal" "$DB-shm"
chmod 555 "$IDX"
fp=$(fingerprint)
modes "R4 read-only folder, changes in the WAL"
check_eq "$(version_seen)" "2" "R4 the latest committed version is seen"
check_eq "$(fingerprint)" "$fp" "R4 nothing in the folder changed"

# R5: the same without -shm (copied without it): SQLite cannot read the
# WAL there, and reading the file alone would show an old or half
# checkpointed index. Refused, naming the files.
chmod 755 "$IDX"
rm -f "$DB-shm"
chmod 555 "$IDX"
run as_user "$SEARCH" --db "$DB" harbour
check_status 2 "R5 a WAL without -shm in a read-only folder is refused"
check_contains "$err" "$DB-wal" "R5 the message names the WAL file"
chmod 755 "$IDX"
run as_user "$SEARCH" --db "$DB" --json harbour
check_status 0 "R5 once the folder is writable the index reads again"
check_contains "$out" "Harbour report 2" "R5 with the latest version"

# R6: a read-only file system (root only: mount a small tmpfs, read-only).
if [ "$(id -u)" -eq 0 ] && mkdir -p "$WORK/ro" && mount -t tmpfs -o size=8m tmpfs "$WORK/ro" 2>/dev/null; then
    cp "$DB" "$WORK/ro/index.db"
    [ -e "$DB-wal" ] && cp "$DB-wal" "$WORK/ro/index.db-wal"
    [ -e "$DB-shm" ] && cp "$DB-shm" "$WORK/ro/index.db-shm"
    mount -o remount,ro "$WORK/ro"
    run "$SEARCH" --db "$WORK/ro/index.db" --json harbour
    check_status 0 "R6 search on a read-only file system"
    check_contains "$out" "Harbour report 2" "R6 sees the latest version"
    run "$INDEX" --db "$WORK/ro/index.db" "$ARCHIVE"
    check_status 2 "R6 defcon-index on a read-only file system fails cleanly"
    umount "$WORK/ro"
else
    printf 'note: R6 not run: mounting a read-only file system needs root and mount\n'
fi
finish
