#!/usr/bin/env bash
# core.sh - issue 2 end to end: index a fixture archive (the bundled seed
# capture plus tests/data/archive), search it, reindex incrementally.
. "$(dirname "$0")/lib.sh"

fixture_archive
hits() { "$SEARCH" --db "$DB" --all --format paths "$@" 2>/dev/null | sed "s|^$REAL/||"; }

# --- a search before any index says how to build one
run "$SEARCH" --db "$DB" anything
check_status 2 "search without an index"
check_contains "$err" "defcon-index --db $DB" "missing index message tells how to build it"

# --- first index
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "first index"
check_contains "$err" "5 added, 0 updated, 0 removed, 0 unchanged, 0 failed; 5 articles" "first summary"
check_contains "$err" "articles/s" "summary gives the rate"
check_contains "$err" "MB/s" "summary gives the throughput"

# --- the done-when queries of the issue
check_eq "$(hits "Zarif visit")" "2019/04/000_720859f5ca48e51c.txt" "Zarif visit finds the seed"
check_eq "$(hits visits | head -1)" "2001/09/capture.txt" "visits: the article with visit in its title ranks first"
check_eq "$(hits visits | sort | tr '\n' ' ')" \
  "1987/03/oil-prices.md 2001/09/capture.txt 2019/04/000_720859f5ca48e51c.txt " "visits finds every visit"
check_eq "$(hits "kim jong*")" "2019/04/000_720859f5ca48e51c.txt" "kim jong* (phrase prefix)"

run "$SEARCH" --db "$DB" --color=always "Zarif visit"
check_status 0 "colour search"
check_contains "$out" $'\033[1;31mZarif\033[0m' "Zarif highlighted in colour on request"
run "$SEARCH" --db "$DB" --all "Zarif visit"
check_lacks "$out" $'\033[' "no colour when piped"
check_contains "$out" "Why Russia, Iran seek deeper ties with North Korea" "title shown"
# (the line wraps at 80 columns under the title: issue 11 item 21)
check_contains "$(printf '%s\n' "$out" | tr '\n' ' ' | tr -s ' ')" "2019-04 · DW · $REAL/2019/04/000_720859f5ca48e51c.txt" "date (from the folder), source, path"
check_contains "$out" "Zarif announced he would" "snippet shows the matched passage"
check_lacks "$out" "DEFCON Warning System" "site header/footer are not article text"
check_contains "$out" "1–1 of 1 article" "footer counts"
NO_COLOR=1 run "$SEARCH" --db "$DB" --color=auto "Zarif visit"
check_lacks "$out" $'\033[' "NO_COLOR honoured"

# --- JSON Lines
run "$SEARCH" --db "$DB" --all --json "Zarif visit"
check_status 0 "json search"
check_eq "$(printf '%s\n' "$out" | wc -l)" "1" "one JSON line per hit"
check_contains "$out" '"format_version":1' "JSON format version"
check_contains "$out" '"id":"2019/04/000_720859f5ca48e51c.txt"' "id falls back to the relative path"
check_contains "$out" '"title":"Why Russia, Iran seek deeper ties with North Korea"' "JSON title"
check_contains "$out" '"date":"2019-04"' "JSON date is the partial date"
check_contains "$out" '"source":"DW"' "JSON source from 'Read more at'"
check_contains "$out" '"score":' "JSON score"
check_contains "$out" '"snippet":"' "JSON snippet"
python3 - "$out" <<'PY' && ok || bad "JSON is valid and highlight ranges point at the matched words"
import json, sys
hit = json.loads(sys.argv[1])
words = [hit["snippet"][a:b] for a, b in hit["snippet_highlights"]]
assert words and all(w.lower() in ("zarif", "visit") for w in words), words
assert "\x01" not in hit["snippet"] and "\x02" not in hit["snippet"]
PY
run "$SEARCH" --db "$DB" --json nuclear
check_contains "$out" '"id":"fixture-talks"' "front matter id is the id"

# --- ranking: the title outweighs the body
check_eq "$(hits nuclear | head -1)" "1987/04/nuclear-talks.md" "title match ranks first"
# --- query forms
check_eq "$(hits 'nucl*' | sort | head -1)" "1987/04/nuclear-talks.md" "prefix on a stem"
check_eq "$(hits 'sanitiz*')" "notes/sanitized.md" "prefix longer than the stem (sanitiz -> sanit)"
check_eq "$(hits title:nuclear)" "1987/04/nuclear-talks.md" "title: restricts to the title"
check_eq "$(hits '"arms talks"')" "1987/04/nuclear-talks.md" "quoted phrase"
check_eq "$(hits 'Vienna OR Geneva' | sort | tr '\n' ' ')" "1987/03/oil-prices.md 1987/04/nuclear-talks.md " "OR"
check_eq "$(hits 'visits NOT oil')" "2001/09/capture.txt" "NOT (the seed mentions oil too)"
check_eq "$(hits 'visits -oil')" "2001/09/capture.txt" "-word"
check_eq "$(hits 'visits NOT (oil OR envoys)')" "" "NOT a group"
check_eq "$(hits "Zarif's")" "2019/04/000_720859f5ca48e51c.txt" "apostrophe in a word"
for q in 'U.S.-Iran' 'C++' '"' "Zarif's" '***' 'AT&T' '50%' 'Kim?' '(Iran)' 'oil/gas' '#1'; do
    run "$SEARCH" --db "$DB" "$q"
    if [ "$status" -eq 0 ] || [ "$status" -eq 1 ]; then ok; else bad "punctuation query '$q' broke: $status $err"; fi
done
check_eq "$(hits visits --sort newest | tr '\n' ' ')" \
  "2019/04/000_720859f5ca48e51c.txt 2001/09/capture.txt 1987/03/oil-prices.md " "newest first"
check_eq "$(hits visits --sort oldest | tr '\n' ' ')" \
  "1987/03/oil-prices.md 2001/09/capture.txt 2019/04/000_720859f5ca48e51c.txt " "oldest first"
check_eq "$(hits visits --limit 1 --offset 1 --sort oldest)" "2001/09/capture.txt" "limit and offset"

# --- exit codes and errors
run "$SEARCH" --db "$DB" zzyzzx
check_status 1 "no hits"
run "$SEARCH" --db "$DB" 'a OR'
check_status 2 "a query that cannot be understood"
check_contains "$err" "OR" "the error quotes the query's problem"
run "$SEARCH" --db "$DB" --format paths 'oil)('
check_status 0 "issue 13: without operators, parentheses are text (pasted text never errors)"
check_contains "$out" "oil-prices.md" "issue 13: ... and the words are searched"
run "$SEARCH" --db "$DB" '(iran OR oil'
check_status 2 "with operators, unbalanced parentheses are an error"
check_contains "$err" "parenthes" "the error says what is unbalanced"
run "$SEARCH" --db "$DB" '"'
check_status 1 "a lone quote runs and finds nothing"
check_contains "$err" "no words" "and says why"
run "$SEARCH" --db "$DB" --limit banana oil
check_status 2 "usage error"
check_contains "$err" "--limit" "usage error names the option"
run "$SEARCH" --help
check_status 0 "--help"
check_contains "$out" "Usage: defcon-search" "--help on stdout"
run "$INDEX" --help
check_status 0 "defcon-index --help"
run "$INDEX" --db "$DB" "$WORK/no-such-folder"
check_status 2 "indexing a missing folder"
check_contains "$err" "no-such-folder" "the error names the folder"

# --- incremental reindex: nothing changed
run "$INDEX" --db "$DB" "$ARCHIVE"
check_contains "$err" "0 added, 0 updated, 0 removed, 5 unchanged, 0 failed" "rerun: all unchanged"
# touched but not changed
touch -d '2001-01-01' "$ARCHIVE/1987/03/oil-prices.md"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_contains "$err" "0 added, 0 updated, 0 removed, 5 unchanged, 0 failed" "touched file: content hash says unchanged"
# ... and the index is still what a fresh build gives: its capture time
# (the file's time, for what has no other) follows the file's.
"$INDEX" -q --full --db "$WORK/fresh.db" "$ARCHIVE" 2>/dev/null
check_eq "$("${DEFCON_CHECK:?}" dump "$DB")" "$("$DEFCON_CHECK" dump "$WORK/fresh.db")" \
    "touched file: the index equals a fresh build's"
# racily clean (git's name): a file rewritten with the same size and time in
# the tick the last run read it. Its time, set ahead, stays within that tick
# of every run here, so the check does not depend on the machine's speed.
RACY=$WORK/racy
mkdir -p "$RACY"
printf -- '---\ntitle: Racy\n---\nRacyword alpha.\n' > "$RACY/r.md"
printf -- '---\ntitle: Calm\n---\nCalmword.\n' > "$RACY/calm.md"
touch -d "@$(( $(date +%s) + 60 ))" "$RACY/r.md"
run "$INDEX" --db "$WORK/racy.db" "$RACY"
racy_time=$(stat -c %y "$RACY/r.md")
printf -- '---\ntitle: Racy\n---\nRacyword omega.\n' > "$RACY/r.md"
touch -d "$racy_time" "$RACY/r.md"
run "$INDEX" --db "$WORK/racy.db" "$RACY"
check_contains "$err" "0 added, 1 updated, 0 removed, 1 unchanged" "racy clean: same size and time, new content, read again"
check_eq "$("$SEARCH" --db "$WORK/racy.db" --format count omega 2>/dev/null)" "1" "racy clean: the new text is found"
before=$(cat "$WORK/racy.db" "$WORK/racy.db-wal" 2>/dev/null | md5sum)   # not -shm: readers write it
run "$INDEX" --db "$WORK/racy.db" "$RACY"
check_contains "$err" "0 added, 0 updated, 0 removed, 2 unchanged" "racy clean: hashed again, unchanged"
check_eq "$(cat "$WORK/racy.db" "$WORK/racy.db-wal" 2>/dev/null | md5sum)" "$before" "racy clean: a run that changes nothing writes nothing"
# add, change, delete
cat > "$ARCHIVE/notes/new.md" <<'MD'
---
title: Quarantine of the reactor site
date: 2011-03-14
---
Engineers declared a quarantine around the reactor.
MD
sed -i 's/Vienna/Caracas/' "$ARCHIVE/1987/03/oil-prices.md"
rm "$ARCHIVE/2001/09/capture.txt"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "incremental index"
check_contains "$err" "1 added, 1 updated, 1 removed, 3 unchanged, 0 failed; 5 articles" "add, change, delete"
check_eq "$(hits quarantine)" "notes/new.md" "added file is found"
check_eq "$(hits Caracas)" "1987/03/oil-prices.md" "changed file's new text is found"
run "$SEARCH" --db "$DB" Vienna
check_status 1 "changed file's old text is gone"
run "$SEARCH" --db "$DB" Envoys
check_status 1 "deleted file is gone"
check_eq "$(hits "Zarif visit")" "2019/04/000_720859f5ca48e51c.txt" "untouched file still found"
# a full rebuild gives the same answers
run "$INDEX" --db "$DB" --full "$ARCHIVE"
check_contains "$err" "5 added, 0 updated, 0 removed, 0 unchanged, 0 failed; 5 articles" "--full rebuilds"
check_eq "$(hits Caracas)" "1987/03/oil-prices.md" "after --full"

# --- a bad file is reported with its path, the rest indexed
printf -- '---\ntitle: [unclosed\n---\nbody\n' > "$ARCHIVE/notes/broken.md"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 1 "a failed file makes the exit status 1"
check_contains "$err" "$ARCHIVE/notes/broken.md:" "the failure names the file"
check_contains "$err" "0 added, 0 updated, 0 removed, 5 unchanged, 1 failed" "the summary counts it"

# --- DEFCON_DB and the default database name
(cd "$WORK" && DEFCON_DB="$DB" "$SEARCH" quarantine >/dev/null) && ok || bad "DEFCON_DB picks the index"
finish
