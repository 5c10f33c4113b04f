#!/bin/bash
# index_shape.sh - the shape of the full-text index that short searches
# rely on: a run that writes most of the index leaves FTS5 one segment (a
# query seeks every term in every segment), and a small rerun does not
# rewrite the whole index to get there.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || skip "the sqlite3 program is not installed"
GENERATE=${DEFCON_BUILD:-$SOURCE/build}/bench/gen-corpus
[ -x "$GENERATE" ] || { bad "no gen-corpus at $GENERATE"; finish; }

ARCHIVE=$WORK/archive
DB=$WORK/index.db
segments() { sqlite3 "$DB" "SELECT count(DISTINCT segid) FROM fts_idx"; }

run "$GENERATE" --articles 1200 --seed 11 --out "$ARCHIVE"
check_status 0 "gen-corpus writes the archive"
# The first run sees the years before 2010, the second adds the rest: two
# runs, two segments at least, unless the second merges them.
mkdir "$WORK/later"
mv "$ARCHIVE"/20[1-2]* "$WORK/later/"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "indexing the first part"
first=$(sqlite3 "$DB" "SELECT count(*) FROM articles")
mv "$WORK/later"/* "$ARCHIVE/"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "indexing the rest, more than the first part"
total=$(sqlite3 "$DB" "SELECT count(*) FROM articles")
if [ "$((total - first))" -ge "$((total / 2))" ]; then ok; else
    bad "the second run should add at least half the index ($first, then $total)"; fi
check_eq "$(segments)" 1 "a run that wrote most of the index leaves one segment"
run "$SEARCH" --db "$DB" --format count president
check_status 0 "the merged index answers"
run "${DEFCON_CHECK:?run through ctest}" check "$DB"
check_eq "$out" ok "the merged index passes the integrity checks (FTS5's included)"

# A rerun that changes 1% adds its own small segment.
run "$GENERATE" --touch 1 --seed 11 "$ARCHIVE"
check_status 0 "gen-corpus touches 1% of the files"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "the small rerun"
check_contains "$out$err" "updated" "the small rerun updates articles"
if [ "$(segments)" -gt 1 ]; then ok; else
    bad "a small rerun should not rewrite the whole index into one segment"; fi

finish
