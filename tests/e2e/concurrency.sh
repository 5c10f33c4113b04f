#!/usr/bin/env bash
# concurrency.sh - issue 6: searches during a reindex, and indexers that
# meet on one database.
#
#  - Searches run in a loop while defcon-index rewrites every article of
#    the archive (incrementally, or with --full): every search succeeds,
#    sees each word either in all articles or in none (one run is one
#    transaction), and never an article whose title and body are of two
#    versions; a word every version holds is always found in all of them.
#  - A second defcon-index on a database that another writer holds is
#    refused with a clear message (exit 2) and changes nothing; two
#    indexers started together on a new database never corrupt it.
. "$(dirname "$0")/lib.sh"

CHECKER=${DEFCON_CHECK:?run through ctest, or set DEFCON_CHECK to the index-check program}
ARCHIVE=$WORK/archive
DB=$WORK/index.db
ARTICLES=3000
if [ -n "${VALGRIND:-}" ]; then ARTICLES=300; fi

# write_generation G: every article of the archive in version G. The
# version word ("versa", "versb", ...) is in the title and all through
# the body; "storyline" is in every version.
write_generation() {
    python3 - "$ARCHIVE" "$1" "$ARTICLES" <<'PY'
import os, sys
root, generation, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
word = "vers" + "abcdefghijklmnopqrstuvwxyz"[generation]
filler = ("The committee met again and the storyline continued, said officials "
          "who asked not to be named. ") * 6
for i in range(count):
    folder = os.path.join(root, "%02d" % (i % 30))
    os.makedirs(folder, exist_ok=True)
    body = "\n\n".join("%s %s paragraph %d of article %d." % (filler, word, p, i) for p in range(8))
    with open(os.path.join(folder, "a%05d.md" % i), "w") as out:
        out.write("---\ntitle: Article %d %s\ndate: 2001-%02d-%02d\n---\n\n%s\n"
                  % (i, word, 1 + i % 12, 1 + i % 28, body))
PY
}
version() { printf 'vers%s' "${L:$1:1}"; }
L=abcdefghijklmnopqrstuvwxyz

write_generation 0
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "first index"

# --- searches in a loop during reindexes
searches=0; failures=0; torn=0; partial=0; missing=0
search_during() {  # search_during PID OLD NEW: searches until PID exits
    local pid=$1 old=$2 new=$3 count status
    while kill -0 "$pid" 2>/dev/null; do
        for word in "$old" "$new"; do
            count=$("$SEARCH" --db "$DB" --all-copies --format count "$word" 2>"$WORK/search.err"); status=$?
            searches=$((searches + 1))
            if [ "$status" -gt 1 ]; then
                failures=$((failures + 1)); printf 'search %s failed: %s\n' "$word" "$(cat "$WORK/search.err")" >&2
            elif [ "$count" != "0" ] && [ "$count" != "$ARTICLES" ]; then
                partial=$((partial + 1)); printf '%s found in %s of %s articles\n' "$word" "$count" "$ARTICLES" >&2
            fi
        done
        count=$("$SEARCH" --db "$DB" --all-copies --format count storyline 2>"$WORK/search.err"); status=$?
        searches=$((searches + 1))
        if [ "$status" -ne 0 ] || [ "$count" != "$ARTICLES" ]; then
            missing=$((missing + 1)); printf 'storyline: exit %s, %s articles: %s\n' "$status" "$count" "$(cat "$WORK/search.err")" >&2
        fi
        # Each hit's title and snippet come from one version of the file.
        "$SEARCH" --db "$DB" --all-copies --json --limit 50 --snippet-words 64 "$old OR $new" >"$WORK/hits.json" 2>"$WORK/search.err"
        status=$?
        searches=$((searches + 1))
        if [ "$status" -gt 1 ]; then
            failures=$((failures + 1)); printf 'search failed: %s\n' "$(cat "$WORK/search.err")" >&2
        elif ! python3 - "$WORK/hits.json" "$old" "$new" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    hit = json.loads(line)
    seen = {w for w in sys.argv[2:] if w in hit["title"] or w in hit["snippet"]}
    if len(seen) != 1:
        sys.exit("torn: %s: title %r, snippet %r" % (hit["path"], hit["title"], hit["snippet"]))
PY
        then torn=$((torn + 1)); fi
        # The text footer counts in the same snapshot as the hits.
        "$SEARCH" --db "$DB" --all-copies --limit 3 "$old" >"$WORK/hits.txt" 2>/dev/null
        if [ $? -eq 0 ] && ! grep -q "of $ARTICLES articles" "$WORK/hits.txt"; then
            partial=$((partial + 1)); printf 'footer: %s\n' "$(tail -1 "$WORK/hits.txt")" >&2
        fi
        searches=$((searches + 1))
    done
}
for generation in 1 2 3 4; do
    write_generation "$generation"
    full=""
    [ "$generation" -eq 3 ] && full=--full
    "$INDEX" -q $full --db "$DB" "$ARCHIVE" 2>"$WORK/index.err" &
    pid=$!
    search_during "$pid" "$(version $((generation - 1)))" "$(version "$generation")"
    wait "$pid"
    status=$?
    err=$(cat "$WORK/index.err")
    check_status 0 "reindex to version $generation ${full:+(--full) }with searches running"
    check_eq "$("$SEARCH" --db "$DB" --all-copies --format count "$(version "$generation")")" "$ARTICLES" \
        "after the reindex, version $generation everywhere"
done
printf '%d searches ran during 4 reindexes\n' "$searches"
[ "$searches" -ge 20 ] && ok || bad "too few searches ran during the reindexes ($searches)"
check_eq "$failures" "0" "every search during a reindex succeeded"
check_eq "$partial" "0" "no search saw a word in only part of the articles"
check_eq "$torn" "0" "no search saw a title and a body of two versions"
check_eq "$missing" "0" "a word of every version was always found everywhere"

# --- a second writer while one holds the database: refused, clearly.
# The holder keeps its write transaction open until told to let go.
write_generation 5
python3 - "$DB" "$WORK/holding" "$WORK/release" 2>"$WORK/holder.err" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
for _ in range(6000):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.01)
db.execute("ROLLBACK")
PY
holder=$!
for _ in $(seq 1000); do [ -e "$WORK/holding" ] && break; sleep 0.01; done
before=$("$CHECKER" dump "$DB")
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 2 "a second writer is refused"
check_contains "$err" "$DB is being updated by another defcon-index: try again when it has finished" \
    "the refusal says why and what to do"
touch "$WORK/release"
wait "$holder" || bad "the lock holder failed: $(cat "$WORK/holder.err")"
check_eq "$("$CHECKER" dump "$DB")" "$before" "the refused run changed nothing"

# --- two indexers at once, on the same database: never corrupted
for round in 1 2 3; do
    "$INDEX" -q --db "$DB" "$ARCHIVE" 2>"$WORK/a.err" &
    a=$!
    sleep "0.0$((RANDOM % 10))"
    "$INDEX" -q --full --db "$DB" "$ARCHIVE" 2>"$WORK/b.err" &
    b=$!
    wait "$a"; sa=$?
    wait "$b"; sb=$?
    for side in a b; do
        eval "s=\$s$side"
        # Waiting out the other and then running is fine; refusing must
        # say why.
        if [ "$s" -eq 0 ]; then ok
        elif [ "$s" -eq 2 ] && grep -q "is being updated by another defcon-index" "$WORK/$side.err"; then ok
        else bad "round $round, indexer $side: exit $s: $(cat "$WORK/$side.err")"; fi
    done
    run "$CHECKER" check "$DB"
    check_eq "$out" "ok" "round $round: the index passes both integrity checks"
done
rm -f "$WORK/fresh.db"*
for round in 1 2 3; do
    rm -f "$WORK/fresh.db" "$WORK/fresh.db-wal" "$WORK/fresh.db-shm"
    "$INDEX" -q --db "$WORK/fresh.db" "$ARCHIVE" 2>"$WORK/a.err" &
    a=$!
    "$INDEX" -q --db "$WORK/fresh.db" "$ARCHIVE" 2>"$WORK/b.err" &
    b=$!
    wait "$a"; sa=$?
    wait "$b"; sb=$?
    if { [ "$sa" -eq 0 ] || [ "$sa" -eq 2 ]; } && { [ "$sb" -eq 0 ] || [ "$sb" -eq 2 ]; } \
       && [ $((sa + sb)) -le 2 ]; then ok
    else bad "new database, round $round: exits $sa and $sb: $(cat "$WORK/a.err" "$WORK/b.err")"; fi
    grep -hv "is being updated by another defcon-index" "$WORK/a.err" "$WORK/b.err" | grep -q . \
        && bad "new database, round $round: unclear message: $(cat "$WORK/a.err" "$WORK/b.err")" || ok
    run "$CHECKER" check "$WORK/fresh.db"
    check_eq "$out" "ok" "new database, round $round: both integrity checks pass"
done
# Whatever happened, the last index equals a clean build.
"$INDEX" -q --db "$DB" "$ARCHIVE"
"$INDEX" -q --full --db "$WORK/clean.db" "$ARCHIVE"
check_eq "$("$CHECKER" dump "$DB")" "$("$CHECKER" dump "$WORK/clean.db")" "the index equals a clean build"
finish
