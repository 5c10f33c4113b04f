#!/usr/bin/env bash
# trust.sh - issue 11 end to end: an archive its keepers can trust. Each
# block is named after the issue's item; tests/hostile/README.md lists them
# in its "Trust" section.
. "$(dirname "$0")/lib.sh"

fixture_archive
hits() { "$SEARCH" --db "$DB" --format paths "$@" 2>/dev/null | sed "s|^$REAL/||"; }
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

finish
