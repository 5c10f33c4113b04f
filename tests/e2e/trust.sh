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

finish
