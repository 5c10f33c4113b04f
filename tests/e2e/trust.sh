#!/usr/bin/env bash
# trust.sh - issue 11 end to end: an archive its keepers can trust. Each
# block is named after the issue's item; tests/hostile/README.md lists them
# in its "Trust" section.
. "$(dirname "$0")/lib.sh"

fixture_archive
hits() { "$SEARCH" --db "$DB" --all --format paths "$@" 2>/dev/null | sed "s|^$REAL/||"; }
OUTSIDE=$WORK/outside
mkdir -p "$OUTSIDE/etc"
printf 'root:secretshadowhash:19000:0:99999:7:::\n' > "$OUTSIDE/shadow"
printf -- '---\ntitle: Outside notes\n---\nOutsidefolderword stays out.\n' > "$OUTSIDE/etc/notes.md"

# --- item 1: links out of the archive are not followed
mkdir -p "$ARCHIVE/2020/01"
ln -s "$OUTSIDE/shadow" "$ARCHIVE/2020/01/notes.txt"
ln -s "$OUTSIDE/etc" "$ARCHIVE/sub-etc"
ln -s ../../2019/04/000_720859f5ca48e51c.txt "$ARCHIVE/2020/01/same-as-seed.txt"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "T01 links skipped are warnings: exit 0"
check_contains "$err" "defcon-index: skipped: $ARCHIVE/2020/01/notes.txt: a symbolic link out of the archive" \
    "T01 a link to a file outside is named and skipped"
check_contains "$err" "defcon-index: skipped: $ARCHIVE/sub-etc: a symbolic link out of the archive" \
    "T01 a link to a folder outside is named and skipped"
check_eq "$(printf '%s\n' "$err" | grep -c 'sub-etc')" "1" "T01 each link reported once"
check_contains "$err" "2 links out of the archive" "T01 the summary counts the links"
check_contains "$err" "1 links within the archive" "T01 a link within the archive is counted"
check_contains "$err" "0 failed" "T01 skips are not failures"
check_eq "$(hits secretshadowhash)" "" "T01 the linked secret file is not indexed"
check_eq "$(hits outsidefolderword)" "" "T01 the linked outside folder is not indexed"
check_eq "$(hits Zarif)" "2019/04/000_720859f5ca48e51c.txt" \
    "T01 a file reachable by two paths inside the archive is indexed once, at its own path"
# --follow-links follows links out of the archive, on request.
run "$INDEX" --db "$DB" --follow-links "$ARCHIVE"
check_status 0 "T01 --follow-links"
check_eq "$(hits outsidefolderword)" "sub-etc/notes.md" "T01 --follow-links indexes the outside folder"
check_eq "$(hits Zarif)" "2019/04/000_720859f5ca48e51c.txt" "T01 --follow-links: still indexed once"
rm "$ARCHIVE/2020/01/notes.txt" "$ARCHIVE/sub-etc" "$ARCHIVE/2020/01/same-as-seed.txt"

# --- item 15: harmless skips are warnings with a count per kind
printf '<html><body>a page</body></html>\n' > "$ARCHIVE/2020/01/page.pdf"
printf 'x\n' > "$ARCHIVE/2020/01/photo.jpg"
printf 'y\n' > "$ARCHIVE/2020/01/photo2.jpg"
: > "$ARCHIVE/2020/01/empty.md"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "T15 only harmless skips: exit 0"
check_contains "$err" "2 files of another kind (.jpg)" "T15 other kinds counted per extension"
check_contains "$err" "1 files of another kind (.pdf)" "T15 each extension its own count"
check_contains "$err" "defcon-index: skipped: $ARCHIVE/2020/01/empty.md: empty file: nothing to index" \
    "T15 an empty file is named as skipped"
check_lacks "$err" "photo.jpg" "T15 files of other kinds are counted, not listed one by one"

# --- item 5: another folder, a moved archive, a run that would empty the index
OTHER=$WORK/other
mkdir -p "$OTHER/2001/01"
printf -- '---\ntitle: Another archive\n---\nSomething else.\n' > "$OTHER/2001/01/a.md"
before=$("$SEARCH" --db "$DB" --format count Zarif 2>/dev/null)
run "$INDEX" --db "$DB" "$OTHER"
check_status 2 "T05 another folder into an existing index is refused"
check_contains "$err" "holds the archive $REAL" "T05 the refusal names the index's archive"
check_contains "$err" "defcon-index --db $DB --full $OTHER" "T05 the refusal says how to replace it deliberately"
check_eq "$("$SEARCH" --db "$DB" --format count Zarif 2>/dev/null)" "$before" "T05 the index is untouched"
DEFCON_DB=$DB run "$INDEX" "$OTHER"
check_status 2 "T05 the same through DEFCON_DB"
run "$INDEX" --db "$DB" --full "$OTHER"
check_status 0 "T05 --full replaces the index on purpose"
check_contains "$(hits something)" "other/2001/01/a.md" "T05 --full: the other archive is the index now"
run "$INDEX" --db "$DB" --full "$ARCHIVE"
check_status 0 "T05 back to the first archive with --full"
mv "$ARCHIVE" "$WORK/moved"
run "$INDEX" --db "$DB" "$WORK/moved"
check_status 0 "T05 a moved archive (same relative paths) is accepted"
check_contains "$err" "the archive moved from $REAL" "T05 the move is said"
check_contains "$err" "0 removed" "T05 a moved archive loses nothing"
mv "$WORK/moved" "$ARCHIVE"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "T05 moved back"
for i in $(seq 1 12); do
    printf -- '---\ntitle: Extra %s\n---\nExtra body.\n' "$i" > "$ARCHIVE/2020/01/extra$i.md"
done
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "T05 twelve more files"
count=$("$SEARCH" --db "$DB" --format count extra 2>/dev/null)
mkdir "$WORK/hold"
mv "$ARCHIVE"/* "$WORK/hold/"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 2 "T05 an emptied (unmounted) archive is refused"
check_contains "$err" "this run would remove" "T05 the refusal says how many would go"
check_contains "$err" "--allow-removals" "T05 the refusal says how to remove them deliberately"
check_eq "$("$SEARCH" --db "$DB" --format count extra 2>/dev/null)" "$count" "T05 nothing was removed"
mv "$WORK/hold"/* "$ARCHIVE/"
rm "$ARCHIVE"/2020/01/extra*.md
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 2 "T05 removing 12 of 20 articles is refused too"
run "$INDEX" --db "$DB" --allow-removals "$ARCHIVE"
check_status 0 "T05 --allow-removals removes them"
check_contains "$err" "12 removed" "T05 --allow-removals: all twelve removed"

# --- item 6: an empty --db is an error, not a temporary database
run "$INDEX" --db '' "$ARCHIVE"
check_status 2 "T06 --db '' is refused"
check_contains "$err" "is not an index file name" "T06 the message says why"
run "$SEARCH" --db '' Zarif
check_status 2 "T06 defcon-search --db '' is refused"

# --- item 12: a Latin-1 file reads as Windows-1252, with a warning
printf 'Caf\xe9 talks\n\nThe caf\xe9 meeting ended.\n' > "$ARCHIVE/2020/01/latin1.txt"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_contains "$err" "warning: $ARCHIVE/2020/01/latin1.txt: not UTF-8" "T12 the warning names the file"
check_eq "$(hits café)" "2020/01/latin1.txt" "T12 café finds the Latin-1 file"
# ---- items 2, 3, 4, 8, 13, 14, 16, 17, 19, 20, 21: a fresh index of the fixture
DB2=$WORK/trust.db
json_lines_ok() { python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' 2>/dev/null; }
mkdir -p "$ARCHIVE/2021/02"
printf -- '---\ntitle: Evening notes\n---\n# Evening heading\n\nEveningword body of the **notes**.\n' > "$ARCHIVE/2021/02/e.md"
printf -- '---\ntitle: "Quiet \xe2\x80\xae title"\nsource: "+cmd|'"'"' /C calc'"'"'!A0"\n---\n# Head \xe2\x80\xaex\n\nHostileword \x1b]0;pwned\x07 and \x1b[2J and bs\x08 del\x7f c1\xc2\x9b iso\xe2\x81\xa6 end.\n' > "$ARCHIVE/2021/02/hostile.md"
printf -- '---\ntitle: "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"\n---\nFormulaword here.\n' > "$ARCHIVE/2021/02/formula.md"
run "$INDEX" --db "$DB2" "$ARCHIVE"
check_status 0 "T02 the fresh index"

# --- item 2: show never follows a link planted after indexing
run "$SEARCH" --db "$DB2" show 2021/02/e.md
check_status 0 "T02 show of an unchanged file"
check_contains "$out" "Evening heading" "T02 the unchanged file is rendered from its Markdown"
check_eq "$err" "" "T02 no note for an unchanged file"
mv "$ARCHIVE/2021/02/e.md" "$WORK/e.md.saved"
ln -s "$OUTSIDE/shadow" "$ARCHIVE/2021/02/e.md"
run "$SEARCH" --db "$DB2" show 2021/02/e.md
check_status 0 "T02 show of a file replaced by a link out of the archive"
check_lacks "$out" "secretshadowhash" "T02 the link's target is not printed"
check_contains "$out" "Eveningword body" "T02 the index's text is shown instead"
check_contains "$err" "leads out of the archive" "T02 show says why"
rm "$ARCHIVE/2021/02/e.md"
ln -s "$OUTSIDE/shadow" "$WORK/inside-link-target" 2>/dev/null
printf -- '---\ntitle: Evening notes\n---\nChanged since.\n' > "$ARCHIVE/2021/02/e.md"
run "$SEARCH" --db "$DB2" show 2021/02/e.md
check_lacks "$out" "Changed since" "T02 a changed file is not shown as the indexed article"
check_contains "$err" "changed since it was indexed" "T02 show says the file changed"
run "$SEARCH" --db "$DB2" show --html 2021/02/e.md
check_lacks "$out" "Changed since" "T02 show --html: the index's text too"
cp "$WORK/e.md.saved" "$ARCHIVE/2021/02/e.md"

# --- item 3: no control character or bidi override in any output mode
unsafe() { LC_ALL=C grep -c $'\x1b\|\x07\|\x08\|\x7f\|\xc2\x9b\|\xe2\x80\xae\|\xe2\x81\xa6' || true; }
for mode in "" "--json" "--csv" "--format paths"; do
    "$SEARCH" --db "$DB2" $mode hostileword > "$WORK/out.t03" 2>&1
    check_eq "$(unsafe < "$WORK/out.t03")" "0" "T03 no unsafe character in the output of '$mode'"
done
"$SEARCH" --db "$DB2" show 2021/02/hostile.md > "$WORK/out.t03" 2>&1
check_eq "$(unsafe < "$WORK/out.t03")" "0" "T03 no unsafe character from show"
"$SEARCH" --db "$DB2" show --html 2021/02/hostile.md hostileword > "$WORK/out.t03" 2>&1
check_eq "$(unsafe < "$WORK/out.t03")" "0" "T03 no unsafe character from show --html"
check_contains "$("$SEARCH" --db "$DB2" --json hostileword)" 'Quiet \u202e title' "T03 JSON escapes a bidi override"
check_contains "$("$SEARCH" --db "$DB2" --color always hostileword)" "Quiet ? title" "T03 text shows it as ?"

if command -v curl >/dev/null; then
    # the server's pages (html.c) and the article page (article_file.c)
    start_server --db "$DB2"
    curl -s "$URL/?q=hostileword" > "$WORK/page.t03"
    check_eq "$(unsafe < "$WORK/page.t03")" "0" "T03 no unsafe character in the server's search page"
    check_contains "$(cat "$WORK/page.t03")" "Quiet" "T03 the search page shows the hit"
    curl -s "$URL/article?id=2021/02/hostile.md&q=hostileword" > "$WORK/page.t03"
    check_eq "$(unsafe < "$WORK/page.t03")" "0" "T03 no unsafe character in the server's article page"
    check_contains "$(cat "$WORK/page.t03")" "Hostileword" "T03 the article page shows the article"
    mv "$ARCHIVE/2021/02/e.md" "$WORK/e.md.saved"
    ln -s "$OUTSIDE/shadow" "$ARCHIVE/2021/02/e.md"
    check_lacks "$(curl -s "$URL/article?id=2021/02/e.md")" "secretshadowhash" "T02 the article page does not follow the link either"
    rm "$ARCHIVE/2021/02/e.md"
    mv "$WORK/e.md.saved" "$ARCHIVE/2021/02/e.md"
    stop_server
fi

# --- item 4: CSV cells that a spreadsheet would run
out=$("$SEARCH" --db "$DB2" --csv formulaword)
check_contains "$out" "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"" "T04 a formula title gets an apostrophe"
out=$("$SEARCH" --db "$DB2" --csv hostileword)
check_contains "$out" ",'+cmd|' /C calc'!A0," "T04 a +cmd source gets an apostrophe"

# --- item 13: one rule for paths; JSON names the file to open
files=$("$SEARCH" --db "$DB2" --json Zarif | python3 -c 'import json,sys; [print(json.loads(l)["file"]) for l in sys.stdin]')
check_eq "$files" "$REAL/2019/04/000_720859f5ca48e51c.txt" "T13 JSON's file is the absolute name"
check_eq "$(printf '%s\n' "$files" | (cd / && xargs head -c 20 | wc -c))" "20" "T13 jq -r .file | xargs head works from anywhere"
check_eq "$("$SEARCH" --db "$DB2" --format paths Zarif)" "$files" "T13 --format paths prints JSON's file"
check_contains "$("$SEARCH" --db "$DB2" --csv Zarif)" ",$REAL/2019/04/000_720859f5ca48e51c.txt," "T13 CSV has the file column"
check_eq "$("$SEARCH" --db "$DB2" --json Zarif | python3 -c 'import json,sys; print(json.load(sys.stdin)["path"])')" \
    "2019/04/000_720859f5ca48e51c.txt" "T13 JSON's path stays relative to the archive"

# --- item 14: --explain on stderr
run "$SEARCH" --db "$DB2" --explain --json Zarif
check_status 0 "T14 --explain --json"
check_eq "$(printf '%s\n' "$out" | json_lines_ok && echo valid)" "valid" "T14 stdout is JSON Lines only"
check_contains "$err" "fts5:" "T14 the explanation is on stderr"
run "$SEARCH" --db "$DB2" --explain --csv Zarif
check_lacks "$out" "fts5:" "T14 --csv stdout holds no explanation"

# --- item 16: show with search options, unknown ids, --limit 0
run "$SEARCH" --db "$DB2" --limit 5 show 2021/02/e.md
check_status 0 "T16 --limit 5 show ID"
run "$SEARCH" --db "$DB2" show business
check_status 1 "T16 show of an unknown id"
check_contains "$err" "no article with the id or path 'business'" "T16 says so"
check_contains "$err" "defcon-search business" "T16 with a hint to search for it"
run "$SEARCH" --db "$DB2" show formula
check_status 1 "T16 show of an id that is part of a path"
check_contains "$err" $'the most similar ids:\n    2021/02/formula.md' "T16 suggests the ids holding the word"
check_contains "$err" "defcon-search formula" "T16 and still says how to search for it"
run "$SEARCH" --db "$DB2" show 2021/02/hostle.md
check_contains "$err" $'the most similar ids:\n    2021/02/hostile.md' "T16 suggests an id one edit away"
run "$SEARCH" --db "$DB2" show HOSTILE
check_contains "$err" "2021/02/hostile.md" "T16 in any case"
run "$SEARCH" --db "$DB2" show qqqqzzzz
check_lacks "$err" "most similar" "T16 no suggestion when no id is close"
run "$SEARCH" --db "$DB2" --limit 0 oil
check_status 2 "T16 --limit 0 is an error"
check_contains "$err" "--format count" "T16 --limit 0 points at --format count"
check_lacks "$out" "no articles past 0" "T16 no 'no articles past 0'"

# --- item 8: undated matches counted; empty stretches folded
UNDATED=$WORK/undated
mkdir -p "$UNDATED/notes"
for i in 1 2 3; do printf -- '---\ntitle: Note %s\n---\nThe dollar fell.\n' "$i" > "$UNDATED/notes/n$i.md"; done
run "$INDEX" --db "$WORK/undated.db" "$UNDATED"
run "$SEARCH" --db "$WORK/undated.db" --by year dollar
check_status 0 "T08 --by year on an undated archive finds the matches"
check_contains "$out" "3 matching articles: 0 in 0 periods, 3 undated (in no period)" "T08 the footer counts undated matches"
printf -- '---\ntitle: Old\ndate: 1987-03-02\n---\nThe dollar rose.\n' > "$UNDATED/notes/old.md"
printf -- '---\ntitle: Far\ndate: 2100-06-01\n---\nThe dollar again.\n' > "$UNDATED/notes/far.md"
run "$INDEX" --db "$WORK/undated.db" "$UNDATED"
run "$SEARCH" --db "$WORK/undated.db" --by month dollar
check_status 0 "T08 --by month with an article dated 2100"
check_eq "$(printf '%s\n' "$out" | wc -l)" "5" "T08 the empty months between fold into one line"
check_contains "$out" "1987-04 … 2100-05: no matches in 1358 months" "T08 the folded line says how long"

# A timeline reads each match's period from its rowid: a month-dated
# article and one of 1 January count in their month, one dated by its year
# alone is left out of a monthly timeline, counted, and in its year.
PRECISION=$WORK/precision
mkdir -p "$PRECISION/notes"
for d in 1990 1990-01 1990-01-01 1990-02-01 1990-12-31; do
    printf -- '---\ntitle: Dated %s\ndate: %s\n---\nThe escudo fell on %s.\n' "$d" "$d" "$d" \
        > "$PRECISION/notes/$d.md"   # each its own text: one line in five would be boilerplate
done
run "$INDEX" --db "$WORK/precision.db" "$PRECISION"
run "$SEARCH" --db "$WORK/precision.db" --by month --csv escudo
check_contains "$out" "1990-01,2," "T08 January holds the month-dated article and the one of 1 January"
check_contains "$out" "1990-02,1," "T08 February its own"
check_contains "$out" "1990-12,1," "T08 December its own"
run "$SEARCH" --db "$WORK/precision.db" --by month escudo
check_contains "$out" "1 dated only by year (not shown by month)" "T08 the year-dated article is counted apart"
run "$SEARCH" --db "$WORK/precision.db" --by year --csv escudo
check_contains "$out" "1990,5," "T08 a year timeline holds all five"

# --- item 9: a date filter keeps what lies wholly in the range, and counts the partial dates it cuts
PARTIAL=$WORK/partial
mkdir -p "$PARTIAL/notes"
for d in 1987 1987-07 1987-07-04 1986-12; do
    printf -- '---\ntitle: Dated %s\ndate: %s\n---\nThe peseta fell.\n' "$d" "$d" > "$PARTIAL/notes/$d.md"
done
run "$INDEX" --db "$WORK/partial.db" "$PARTIAL"
partial() { "$SEARCH" --db "$WORK/partial.db" --format paths "$@" peseta 2>/dev/null | sed "s|^.*/notes/||" | sort | tr '\n' ' '; }
check_eq "$(partial --since 1987-06-01)" "1987-07-04.md 1987-07.md " "T09 --since 1987-06-01 leaves out the article dated only 1987"
check_eq "$(partial --date 1987-07)" "1987-07-04.md 1987-07.md " "T09 --date 1987-07 leaves it out too"
check_eq "$(partial --year 1987)" "1987-07-04.md 1987-07.md 1987.md " "T09 --year 1987 holds it"
check_eq "$(partial --until 1987-03)" "1986-12.md " "T09 --until 1987-03: the year 1987 is not wholly before April"
check_eq "$(partial --until 1987-07-15)" "1986-12.md 1987-07-04.md " \
    "T09 --until 1987-07-15: neither the month 1987-07 nor the year 1987 has ended by then"
check_eq "$(partial --until 1987-07-31)" "1986-12.md 1987-07-04.md 1987-07.md " \
    "T09 --until 1987-07-31: the month has ended, the year has not"
run "$SEARCH" --db "$WORK/partial.db" --date 1987-07 peseta
check_contains "$out" "1 article left out, dated to a month or year only partly in the dates (--year 1987 includes them)" \
    "T09 the footer counts what the rule leaves out and how to take it in"
run "$SEARCH" --db "$WORK/partial.db" --since 1987-07-04 --until 1988-01-15 peseta
check_contains "$out" "2 articles left out" "T09 a month and a year cut by the range are both counted"
check_contains "$out" "(--since 1987 --until 1988 includes them)" "T09 the widened options span the years"
run "$SEARCH" --db "$WORK/partial.db" --year 1987 peseta
check_lacks "$out" "left out" "T09 nothing left out when the range holds every partial date"
run "$SEARCH" --db "$WORK/partial.db" --by month --date 1987-07 peseta
check_contains "$out" "1 article left out, dated to a month" "T09 the timeline footer counts them too"

# --- item 11: ids: the declaring file is warned, a path stays its file's id, a freed id passes on
IDS=$WORK/ids
mkdir -p "$IDS"
printf -- '---\ntitle: Alpha\nid: b.md\n---\nIdword alpha.\n' > "$IDS/a.md"
printf -- '---\ntitle: Beta\n---\nIdword beta.\n' > "$IDS/b.md"
for f in c d e f g h; do printf -- '---\ntitle: Shared %s\nid: shared\n---\nIdword %s.\n' "$f" "$f" > "$IDS/$f.md"; done
printf -- '---\ntitle: Early\nid: y.md\n---\nIdword early.\n' > "$IDS/x.md"
ids() { "$SEARCH" --db "$WORK/ids.db" --all --json idword 2>/dev/null \
    | python3 -c 'import json,sys; print(" ".join(sorted(json.loads(l)["path"] + "=" + json.loads(l)["id"] for l in sys.stdin)))'; }
run "$INDEX" --db "$WORK/ids.db" "$IDS"
check_status 0 "T11 clashing ids are warnings"
check_contains "$err" "warning: $IDS/a.md: id \"b.md\" is the path of b.md: this article's id is its path" \
    "T11 the warning names the file that declared the id, and the file whose path it is"
check_lacks "$err" "$IDS/b.md:" "T11 b.md, which declared nothing, is not blamed"
check_contains "$err" "warning: $IDS/d.md: id \"shared\" is already used by c.md" "T11 the second claimant is warned, naming the first"
check_eq "$(ids)" "a.md=a.md b.md=b.md c.md=shared d.md=d.md e.md=e.md f.md=f.md g.md=g.md h.md=h.md x.md=y.md" \
    "T11 no undocumented path#number id: a refused article's id is its path"
check_eq "$("$SEARCH" --db "$WORK/ids.db" show b.md 2>/dev/null | head -1)" "Beta" "T11 show b.md shows b.md"
rm "$IDS/c.md"
run "$INDEX" --db "$WORK/ids.db" --allow-removals "$IDS"
check_contains "$err" "warning: $IDS/d.md: now has the id \"shared\" it declares" \
    "T11 when the holder goes, the id passes on at the next run, unchanged files included"
check_eq "$(ids)" "a.md=a.md b.md=b.md d.md=shared e.md=e.md f.md=f.md g.md=g.md h.md=h.md x.md=y.md" \
    "T11 the first waiting file in path order has the id now"
run "$INDEX" --db "$WORK/ids.db" "$IDS"
check_lacks "$err" "warning" "T11 a run after that passes nothing and warns nothing"
printf -- '---\ntitle: Why\n---\nIdword why.\n' > "$IDS/y.md"
run "$INDEX" --db "$WORK/ids.db" "$IDS"
check_contains "$err" "warning: $IDS/x.md: id \"y.md\" is the path of y.md" "T11 a new file takes its path back from a declaration"
check_eq "$("$SEARCH" --db "$WORK/ids.db" show y.md 2>/dev/null | head -1)" "Why" "T11 show y.md shows the file y.md"
rm "$IDS/y.md"
run "$INDEX" --db "$WORK/ids.db" "$IDS"
check_contains "$err" "warning: $IDS/x.md: now has the id \"y.md\"" "T11 and the declaration has it again once y.md is gone"

# --- item 19: CSV facets, filters in the footers, --help, warnings in path order
check_eq "$("$SEARCH" --db "$DB2" --csv --facets Zarif | head -1)" "facet,with,country,articles" "T19 CSV facets have a header row"
check_contains "$("$SEARCH" --db "$DB2" --csv Zarif | head -1)" "url,file,snippet" "T19 CSV hits have url and snippet"
check_contains "$("$SEARCH" --db "$DB2" --by year --country Iran Zarif)" "country Iran (IR)" "T19 the --by footer states the filters"
check_contains "$("$SEARCH" --db "$DB2" --facets --year 2019 Zarif)" "2019" "T19 the --facets footer states the filters"
check_contains "$("$SEARCH" --help)" "json, csv, paths or count" "T19 --help lists csv in --format"
mkdir -p "$WORK/warn/a" "$WORK/warn/z"
for d in a z; do printf -- '---\ntitle: [broken\n---\nx\n' > "$WORK/warn/$d/bad.md"; done
printf -- '---\ntitle: fine\n---\nfine\n' > "$WORK/warn/m.md"
run "$INDEX" --db "$WORK/warn.db" "$WORK/warn"
check_eq "$(printf '%s\n' "$err" | grep -o 'warn/[az]/bad.md' | tr '\n' ' ')" "warn/a/bad.md warn/z/bad.md " \
    "T19 the indexer's messages come in path order"

# --- item 20: the man page renders the quoted examples
if command -v groff >/dev/null; then
    page=$(groff -man -Tutf8 "$SOURCE/doc/defcon-search.1" 2>/dev/null | sed 's/.\x08//g')
    check_contains "$page" 'title:"north korea"' "T20 the man page keeps the space in title:\"north korea\""
    check_contains "$page" 'title:(iran OR iraq)' "T20 the man page keeps the spaces in title:(iran OR iraq)"
fi

# --- item 21: what the user sees
run "$INDEX" --db "$DB2" "$ARCHIVE"
check_lacks "$err" "articles/s" "T21 no rate for a run that indexed nothing"
mkdir -p "$WORK/one"
printf -- '---\ntitle: Lone\n---\nlone\n' > "$WORK/one/a.md"
run "$INDEX" --db "$WORK/one.db" "$WORK/one"
check_contains "$err" "1 article;" "T21 one article, singular"
run "$SEARCH" --db "$DB2" --bogus-option
check_contains "$err" "defcon-search: unrecognized option" "T21 getopt's message names the program"
check_lacks "$err" "/defcon-search:" "T21 not its full path"
run "$INDEX" --bogus-option
check_contains "$err" "defcon-index: unrecognized option" "T21 defcon-index's getopt message names it"
out=$(COLUMNS=80 "$SEARCH" --db "$DB2" Zarif)
check_eq "$(printf '%s\n' "$out" | awk 'length($0) > 0 && NR > 1 && NR < 5 && !/^   /' | wc -l)" "0" \
    "T21 at 80 columns every line under the title keeps its indent"
check_eq "$(printf '%s\n' "$out" | awk '{ if (length($0) > m) m = length($0) } END { print (m <= 80 * 3) }')" "1" \
    "T21 lines fit the width"
check_contains "$("$SEARCH" --db "$DB2" show 2019/04/000_720859f5ca48e51c.txt)" "Iran, North Korea" "T21 show lists country names"
run "$SEARCH" --db "$DB2" show --html 2019/04/000_720859f5ca48e51c.txt zarif
check_contains "$out" "<!DOCTYPE html>" "T21 show --html has a doctype"
check_contains "$out" '<meta charset="utf-8">' "T21 show --html has a charset"
check_contains "$out" "<mark>Zarif</mark>" "T21 show --html highlights the query"
if command -v script >/dev/null; then
    TERM=dumb script -qec "$SEARCH --db $DB2 Zarif" /dev/null > "$WORK/tty.out" 2>&1
    check_eq "$(LC_ALL=C grep -c $'\x1b\\[' "$WORK/tty.out")" "0" "T21 TERM=dumb gets no colour"
    TERM=xterm NO_COLOR= script -qec "$SEARCH --db $DB2 Zarif" /dev/null > "$WORK/tty.out" 2>&1
    check_contains "$(cat "$WORK/tty.out")" $'\x1b[' "T21 another terminal gets colour"
fi

# --- item 17: Ctrl-C during indexing; an interrupted first build
BIG=$WORK/big
python3 - "$BIG" <<'PY'
import os, sys
root = sys.argv[1]
for i in range(6000):
    folder = os.path.join(root, "%04d" % (1990 + i % 30), "%02d" % (1 + i % 12))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "a%05d.md" % i), "w") as f:
        f.write("---\ntitle: Article %d\n---\n%s\n" % (i, " ".join("word%d" % ((i * 7 + k) % 997) for k in range(300))))
PY
if command -v script >/dev/null; then
    # item 21: at 30 columns the progress line is cut to 29, so redrawing it leaves no stale lines
    script -qec "stty cols 30; $INDEX --db $WORK/progress.db --threads 1 $BIG" /dev/null > "$WORK/progress.out" 2>&1
    check_eq "$(python3 - "$WORK/progress.out" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
lines = [s.replace("\x1b[K", "") for s in re.split(r"[\r\n]", text)]
drawn = [s for s in lines if s.startswith("indexing")]
print(len(drawn) > 0 and max(len(s) for s in drawn) <= 29)
PY
)" "True" "T21 the progress line fits a 30-column terminal"
fi
interrupt_index() {   # interrupt_index DB [OPTION]: SIGINT once the run's transaction is open
    "$INDEX" --db "$1" --threads 1 ${2:-} "$BIG" 2>"$WORK/int.err" & pid=$!
    for _ in $(seq 1 500); do
        [ -e "$1-journal" ] || [ -s "$1-wal" ] && break
        sleep 0.01
    done
    sleep 0.1
    kill -INT "$pid"
    wait "$pid"; status=$?
    err=$(cat "$WORK/int.err")
}
interrupt_index "$WORK/big.db"
check_status 130 "T17 Ctrl-C during a first build: exit 130"
check_contains "$err" "interrupted: the index $WORK/big.db is not built yet" "T17 says the first build was interrupted"
run "$SEARCH" --db "$WORK/big.db" word1
check_status 2 "T17 a search of an unfinished first build is an error"
# (a hot journal left behind, or rolled back by this read: either way it says so)
check_contains "$err" "interrupted" "T17 says the build was interrupted"
check_contains "$err" "defcon-index" "T17 and how to build it"
check_lacks "$out" "no articles match" "T17 not 'no articles match'"
run "$INDEX" --db "$WORK/big.db" --threads 2 "$BIG"
check_status 0 "T17 the next run builds it"
before=$("$SEARCH" --db "$WORK/big.db" --format count word1)
printf -- '---\ntitle: Added\n---\nword1 addedword\n' > "$BIG/1990/01/added.md"
interrupt_index "$WORK/big.db" --full
[ "$status" -eq 130 ] || [ "$status" -eq 0 ] && ok || bad "T17 an interrupted update: exit $status"
if [ "$status" -eq 130 ]; then
    check_contains "$err" "nothing of this run was saved; the previous index $WORK/big.db is intact" "T17 says the previous index is intact"
    check_eq "$("$SEARCH" --db "$WORK/big.db" --format count word1)" "$before" "T17 and it is"
fi

finish
