#!/usr/bin/env bash
# hostile_files.sh - issue 6: the catalogue of hostile files and index
# databases in tests/hostile/README.md, entry by entry. Every file either
# indexes (with a warning where one is due) or fails with a message naming
# it, the rest of the archive is indexed, exit codes are as documented, and
# neither program crashes or hangs. Check descriptions start with the
# catalogue number (F01, D03...) so a failure points at its row.
. "$(dirname "$0")/lib.sh"

CHECKER=${DEFCON_CHECK:?run through ctest, or set DEFCON_CHECK to the index-check program}
ARCHIVE=$WORK/archive
DB=$WORK/hostile.db
L=abcdefghijklmnopqrstuvwxyz
# The unique word of catalogue entry N (as make_archive.py's marker()).
marker() { local n=$((10#$1)); printf 'qqf%s%s' "${L:n/26:1}" "${L:n%26:1}"; }

# Under valgrind the 50 MB article would take minutes: leave it out there,
# allow ten times the time, and try fewer of the slow things.
big=1; limit=60; fillers=3000; damages=30
if [ -n "${VALGRIND:-}" ]; then big=0; limit=600; fillers=300; damages=3; fi
python3 "$SOURCE/tests/hostile/make_archive.py" $([ $big = 1 ] || echo --no-big) "$ARCHIVE" \
    || { bad "make_archive.py failed"; finish; }
REAL=$(cd "$ARCHIVE" && pwd -P)

# Paths of the hits, relative to the archive; JSON paths when names may
# hold newlines.
# Every search runs under a time limit: a hang is a failure, not a stall.
hits() { timeout "$limit" "$SEARCH" --db "$DB" --all --format paths --limit 1000 "$@" 2>/dev/null | sed "s|^$REAL/||"; }
json_field() {     # json_field FIELD QUERY...: FIELD of each JSON hit, ascii()-quoted
    local field=$1; shift
    timeout "$limit" "$SEARCH" --db "$DB" --json --limit 1000 "$@" 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    print(ascii(json.loads(line)[sys.argv[1]]))' "$field"
}
found() {          # found N PATH: the marker of entry N finds exactly PATH
    check_eq "$(hits "$(marker "$1")")" "$2" "F$1 is indexed and searchable"
}
not_found() {      # not_found N: the marker of entry N finds nothing
    run timeout "$limit" "$SEARCH" --db "$DB" "$(marker "$1")"
    check_status 1 "F$1 is not in the index"
}
failed_with() {    # failed_with N PATH REASON: a failure line names the file
    check_contains "$err" "defcon-index: $ARCHIVE/$2: $3" "F$1 fails with a message naming it"
}
skipped_with() {   # skipped_with N PATH REASON: a skip line names the file
    check_contains "$err" "defcon-index: skipped: $ARCHIVE/$2: $3" "F$1 is skipped, naming the file"
}
warned() {         # warned N PATH TEXT: a warning line names the file
    check_contains "$err" "defcon-index: warning: $ARCHIVE/$2: " "F$1 warns, naming the file"
    check_contains "$(printf '%s\n' "$err" | grep -F "$ARCHIVE/$2: ")" "$3" "F$1 warning says why"
}

# --- the first run over the whole hostile archive
articles=$((39 + big))
run timeout $((limit * 10)) "$INDEX" --db "$DB" "$ARCHIVE"
check_status 1 "hostile archive: indexed, some files failed (exit 1)"
check_contains "$err" "$articles added, 0 updated, 0 removed, 0 unchanged, 5 failed; $articles articles" \
    "hostile archive: every good file indexed, 5 failures counted"
failures=$(printf '%s\n' "$err" | grep -c "^defcon-index: $ARCHIVE/")
warnings=$(printf '%s\n' "$err" | grep -c "^defcon-index: warning: $ARCHIVE/")
skips=$(printf '%s\n' "$err" | grep -c "^defcon-index: skipped: $ARCHIVE/")
check_eq "$failures $warnings $skips" "5 10 6" \
    "one line per failed, warned and skipped file, nothing else"

failed_with 05 F05-nul-bytes.md "binary file (NUL byte at offset 32)"
failed_with 06 F06-binary.md "binary file"
skipped_with 07 F07-empty.md "empty file: nothing to index"
skipped_with 08 F08-blank.txt "empty file: nothing to index"
failed_with 12 F12-frontmatter-never-ends.md "front matter never ends (opened on line 1)"
failed_with 13 F13-frontmatter-not-yaml.md "front matter is not valid YAML on line 3"
failed_with 14 F14-frontmatter-list.md "front matter is not a YAML mapping"
skipped_with 25 F25-loop/up "a symbolic link to a place inside the archive"
skipped_with 26 F26-dangling.md "a symbolic link whose target does not exist"
skipped_with 34 F34-fifo.md "not a regular file"
skipped_with 35 F35-dev-zero.md "a symbolic link out of the archive: not followed"
check_contains "$err" "2 empty files" "empty files are counted as skipped, not failed"
warned 01 F01-invalid-utf8.md "not UTF-8 (from byte"
warned 04 F04-utf16-broken.md "invalid UTF-16"
warned 15 F15-yaml-bomb.md "alias"
warned 16 F16-wrong-types.md '"date" on line 3 is a list'
warned 17 F17-date-impossible.md '"1987-02-30" is an impossible date: kept as undated'
warned 18 F18-date-1850.md '"1850-06-01" is outside the years 1900 to 2100: kept as undated'
warned 19 F19-date-2150.md '"2150-01-01" is outside the years 1900 to 2100: kept as undated'
warned 20 F20-date-words.md '"next Tuesday" is not a recognized date: kept as undated'
warned 21 F21-dup-id-b.md 'id "same-id" is already used by F21-dup-id-a.md'
warned 39 F39-yaml-deep.md '"title" on line 2 is a list'
for n in 34 35; do
    check_lacks "$err" "defcon-index: $ARCHIVE/F$n-" "F$n (a pipe, a link to /dev/zero) is no failure"
done

# --- what was indexed, and as what
found 01 F01-invalid-utf8.md
found 02 F02-utf16le-bom.md
check_eq "$(json_field title "$(marker 2)")" "'UTF-16 little endian'" "F02 front matter read from UTF-16"
found 03 F03-utf16be-bom.txt
check_eq "$(json_field title "$(marker 3)")" "'UTF-16 big endian capture'" "F03 capture read from UTF-16"
found 04 F04-utf16-broken.md
for n in 05 06 12 13 14; do not_found $n; done
if [ $big = 1 ]; then
    found 09 F09-50mb.md
    run timeout $((limit / 3)) "$SEARCH" --db "$DB" --limit 5 Vienna
    check_status 0 "F09 a word the 50 MB article holds 600,000 times: answered within 20 s"
fi
found 10 F10-one-line-1mb.md
run timeout $((limit / 3)) "$SEARCH" --db "$DB" --limit 5 Iran
check_status 0 "F10 a word the 1 MB line holds 55,000 times: answered within $((limit / 3)) s"
check_contains "$out" "F10-one-line-1mb.md" "F10 and it is found"
found 11 F11-long-word.md
check_eq "$(hits "$(printf 'x%.0s' $(seq 10000))")" "F11-long-word.md" "F11 the 10,000-character word itself is searchable"
found 15 F15-yaml-bomb.md
found 16 F16-wrong-types.md
check_eq "$(json_field title "$(marker 16)")" "'Heading title'" "F16 a mapping as title is ignored: the heading is the title"
for n in 17 18 19 20; do
    check_eq "$(json_field date "$(marker $n)")" "None" "F$n kept as undated"
done
check_eq "$(json_field id "$(marker 21)" | sort | tr '\n' ' ')" "'F21-dup-id-b.md' 'same-id' " \
    "F21 the first file keeps the id, the second its path"
for n in 22 23 24; do found $n "$(cd "$ARCHIVE" && ls -d F$n-*)"; done
found 25 F25-loop/inside.md
found 29 "F29 name with  spaces.md"
check_eq "$(json_field path "$(marker 30)")" "'F30-new\\nline.md'" "F30 a newline in the name survives, escaped in JSON"
check_eq "$(json_field path "$(marker 31)")" "'F31-caf\\ufffd-latin1.md'" "F31 a Latin-1 name is shown with U+FFFD"
found 32 "-F32 %3F?#&;'\$(x).md"
found 33 F33-terminal-escapes.md
found 36 F36-folder.md/inside.md
found 37 F37-crlf-bom.md
check_eq "$(json_field title "$(marker 37)")" "'CRLF with BOM'" "F37 title read past the BOM and CRLF"
found 38 F38-frontmatter-only.md
found 39 F39-yaml-deep.md
found 40 F40-title-1mb.md
found 41 F41-script.md
run "$SEARCH" --db "$DB" qqfnone
check_status 1 "F41 script contents are not text"
found 43 F43-cr-only.md
found 44 F44-controls.md
check_eq "$(hits "$(marker 45)" | tr '/' '\n' | grep -c '^F45-')" "40" "F45 a 4,000-byte path is indexed"
found 46 F46-bidi-zero-width.md
found 47 F47-many-headings.md
found 48 F48-html-entities.md
check_eq "$(json_field path "$(marker 52)")" "'F52-\\x1b[31mred\\x1b]0;pwned\\x07.md'" "F52 escapes in a name are kept in the index"
check_eq "$("$CHECKER" dump "$DB" | grep -c '^F42-capture-chrome-only.txt	')" "1" "F42 a capture of the site's chrome only is indexed"
check_eq "$(hits ministers)" "good/1987/03/oil.md" "the good articles are untouched"
check_eq "$(hits 'Zarif visits')" "good/2019/04/visit.md" "the good articles are untouched (2)"

# F33, F52: no terminal control byte reaches the output, in any format
# (issue 11 item 3: --format paths too; JSON's "file" gives the exact name).
for format in text json csv paths; do
    timeout "$limit" "$SEARCH" --db "$DB" --format "$format" --color always --limit 1000 'qqf*' >"$WORK/out.$format" 2>&1
    if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1a\x1c-\x1f\x7f]' "$WORK/out.$format" \
       || LC_ALL=C sed 's/\x1b\[[0-9;]*m//g' "$WORK/out.$format" | LC_ALL=C grep -q $'\x1b'; then
        bad "F33/F52 control bytes from titles, bodies or names reach the $format output"
    else ok; fi
done
check_eq "$(timeout "$limit" "$SEARCH" --db "$DB" --format paths "$(marker 52)")" "$REAL/F52-?[31mred?]0;pwned?.md" \
    "F52 --format paths neutralises the escapes in the name"
check_eq "$(timeout "$limit" "$SEARCH" --db "$DB" --json "$(marker 52)" | python3 -c 'import json,sys; print(repr(json.load(sys.stdin)["file"]))')" \
    "'$REAL/F52-\x1b[31mred\x1b]0;pwned\x07.md'" "F52 JSON's file gives the exact name, escaped"
python3 - "$WORK/out.json" <<'PY' && ok || bad "every JSON line of the hostile archive is valid JSON"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) >= 30, len(lines)
for line in lines:
    json.loads(line)
PY

run "$CHECKER" check "$DB"
check_eq "$out" "ok" "the index of the hostile archive passes both integrity checks"

# --- a rerun: nothing changed, the same failures
run timeout $((limit * 10)) "$INDEX" --db "$DB" "$ARCHIVE"
check_status 1 "rerun: exit 1 again"
check_contains "$err" "0 added, 0 updated, 0 removed, $articles unchanged, 5 failed; $articles articles" \
    "rerun: everything unchanged"

# --- F49: a file that fails keeps its previous version
printf 'Oil \0 NUL\n' > "$ARCHIVE/good/1987/03/oil.md"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 1 "F49 a good file turned binary fails"
failed_with 49 good/1987/03/oil.md "binary file"
check_eq "$(hits ministers)" "good/1987/03/oil.md" "F49 the previous version stays searchable"
check_eq "$(json_field title ministers)" "'Oil prices steady'" "F49 the previous version, whole"

# --- F28: a file that vanishes after the walk, before it is read. The
# indexer opens the database only after the walk, so once it holds the
# file open the listing is done; the run reads files from the last path to
# the first, so 3,000 changed files (300 under valgrind) are read before
# the victim, whose name sorts first.
VANISH=$WORK/vanish
VDB=$WORK/vanish.db
write_fillers() {  # write_fillers VERSION
    python3 - "$VANISH" "$1" "$fillers" <<'PY'
import os, sys
folder, version, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(folder, exist_ok=True)
for i in range(count):
    with open(os.path.join(folder, "%04d.md" % i), "w") as f:
        f.write("---\ntitle: Filler %d\n---\n\nFiller %d, version %s, about oil.\n" % (i, i, version))
with open(os.path.join(folder, "0000-vanish.md"), "w") as f:
    f.write("---\ntitle: Vanishing\n---\n\nVersion %s of qqfvanish.\n" % version)
PY
}
write_fillers 0
"$INDEX" -q --db "$VDB" "$VANISH" 2>/dev/null
vanished=0
for attempt in 1 2 3 4 5 6 7 8; do
    # A lost race may have removed the victim (deleted before the walk):
    # index it again first, so that it always has a previous version.
    write_fillers "$attempt-before"
    "$INDEX" -q --allow-removals --db "$VDB" "$VANISH" 2>/dev/null
    write_fillers "$attempt"
    "$INDEX" --threads 1 --db "$VDB" "$VANISH" 2>"$WORK/vanish.err" &
    pid=$!
    for _ in $(seq 4000); do
        ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF "vanish.db" && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.005
    done
    rm -f "$VANISH/0000-vanish.md"
    wait "$pid"; status=$?
    err=$(cat "$WORK/vanish.err")
    case "$err" in *"0000-vanish.md: No such file or directory"*) vanished=1; break ;; esac
    # Lost the race (the file was read first): try again.
done
if [ $vanished = 0 ] && [ -n "${VALGRIND:-}" ]; then
    # Under valgrind the run is too slow to time the race: stages 1 and 2
    # of .ci/run check F28 natively; this stage looks for memory errors.
    printf 'F28 not checked under valgrind: the race lost 8 times\n'
elif [ $vanished = 1 ]; then
    check_status 1 "F28 a vanished file fails the run's exit status"
    check_contains "$err" "defcon-index: $VANISH/0000-vanish.md: No such file or directory" "F28 the message names it"
    check_contains "$err" "0 added, $fillers updated, 0 removed, 0 unchanged, 1 failed; $((fillers + 1)) articles" "F28 the rest is indexed"
    run "$SEARCH" --db "$VDB" --format count qqfvanish
    check_eq "$out" "1" "F28 its previous version is kept while it fails"
    run "$INDEX" --db "$VDB" "$VANISH"
    check_contains "$err" "1 removed" "F28 the next run removes it"
else
    bad "F28 could not delete the file between the walk and its reading in 8 attempts"
fi

# --- F27, F50, F51: unreadable files and folders. Root reads everything,
# so as root the indexer runs as nobody.
as_user() { "$@"; }
PERM=$WORK/perm
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null; then
        as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    else
        as_user() { return 99; }
    fi
fi
mkdir -p "$PERM/archive/sub"
printf -- '---\ntitle: Readable\n---\n\nFirst words qqfread.\n' > "$PERM/archive/file.md"
printf -- '---\ntitle: In a folder\n---\n\nFolder words qqfinner.\n' > "$PERM/archive/sub/inner.md"
chmod 755 "$WORK"
[ "$(id -u)" -eq 0 ] && chown -R 65534:65534 "$PERM"
PDB=$PERM/perm.db
run as_user "$INDEX" --db "$PDB" "$PERM/archive"
if [ "$status" -eq 99 ]; then
    printf 'note: F27, F50, F51 not run: root without setpriv\n'
else
    check_status 0 "F27 first index as an ordinary user"
    printf -- '---\ntitle: Readable\n---\n\nChanged words.\n' > "$PERM/archive/file.md"
    chmod 000 "$PERM/archive/file.md" "$PERM/archive/sub"
    run as_user "$INDEX" --db "$PDB" "$PERM/archive"
    check_status 1 "F27 an unreadable file and folder: exit 1"
    check_contains "$err" "defcon-index: $PERM/archive/file.md: Permission denied" "F27 the unreadable file is named"
    check_contains "$err" "defcon-index: $PERM/archive/sub: Permission denied" "F50 the unreadable folder is named"
    check_contains "$err" "0 added, 0 updated, 0 removed, 0 unchanged, 2 failed; 2 articles" "F27/F50 nothing is lost"
    check_eq "$(as_user "$SEARCH" --db "$PDB" --format count qqfread)" "1" "F27 the unreadable file keeps its previous version"
    check_eq "$(as_user "$SEARCH" --db "$PDB" --format count qqfinner)" "1" "F50 the unreadable folder's articles are kept"
    chmod 755 "$PERM/archive/sub"
    chmod 000 "$PERM/archive"
    run as_user "$INDEX" --db "$PDB" "$PERM/archive"
    check_status 1 "F51 an unreadable archive folder: exit 1"
    check_contains "$err" "Permission denied" "F51 says why"
    check_contains "$err" "0 removed" "F51 an unreadable archive removes nothing"
    check_eq "$(as_user "$SEARCH" --db "$PDB" --format count 'qqfread OR qqfinner')" "2" "F51 every article is kept"
    chmod 755 "$PERM/archive"
    chmod 644 "$PERM/archive/file.md"
    run as_user "$INDEX" --db "$PDB" "$PERM/archive"
    check_contains "$err" "0 added, 1 updated, 0 removed, 1 unchanged, 0 failed; 2 articles" "F27 readable again: updated"
fi

# --- F53: an empty archive folder indexes to an empty index.
mkdir -p "$WORK/empty-archive"
run "$INDEX" --db "$WORK/empty.db" "$WORK/empty-archive"
check_status 0 "F53 an empty archive folder"
check_contains "$err" "0 added, 0 updated, 0 removed, 0 unchanged, 0 failed; 0 articles" "F53 an empty index"
run "$SEARCH" --db "$WORK/empty.db" oil
check_status 1 "F53 which finds nothing"

# --- D01-D08: hostile index databases. defcon-search and defcon-index
# refuse each with a message naming it (exit 2), never crash, and never
# change a file that is not an index.
D=$WORK/dbs
mkdir -p "$D/folder.db"
printf 'Not a database at all.\n' > "$D/text.db"
: > "$D/empty.db"
cp "$DB" "$D/good.db"
head -c 8192 "$DB" > "$D/truncated.db"
sqlite3_file() { python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$@"; }
sqlite3_file "$D/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
cp "$DB" "$D/future.db"
sqlite3_file "$D/future.db" "UPDATE meta SET value = '99' WHERE key = 'schema_version';"

run "$SEARCH" --db "$D/folder.db" oil
check_status 2 "D01 search: a folder as index"
check_contains "$err" "$D/folder.db is a folder" "D01 search names it"
run "$INDEX" --db "$D/folder.db" "$ARCHIVE/good"
check_status 2 "D01 index: a folder as index"
check_contains "$err" "$D/folder.db" "D01 index names it"
run "$SEARCH" --db "$D/text.db" oil
check_status 2 "D02 search: a text file as index"
check_contains "$err" "$D/text.db" "D02 search names it"
before=$(cksum < "$D/text.db")
run "$INDEX" --db "$D/text.db" "$ARCHIVE/good"
check_status 2 "D02 index: a text file as index"
check_contains "$err" "$D/text.db" "D02 index names it"
check_eq "$(cksum < "$D/text.db")" "$before" "D02 the text file is left as it was"
run "$SEARCH" --db "$D/empty.db" oil
check_status 2 "D03 search: an empty file"
check_contains "$err" "$D/empty.db is not a defcon-search index" "D03 says so"
run "$SEARCH" --db "$D/truncated.db" oil
check_status 2 "D04 search: a truncated index"
check_contains "$err" "$D/truncated.db" "D04 search names it"
run "$INDEX" --db "$D/truncated.db" "$ARCHIVE/good"
check_status 2 "D04 index: a truncated index"
check_contains "$err" "$D/truncated.db" "D04 index names it"
run "$SEARCH" --db "$D/other.db" oil
check_status 2 "D05 search: another program's SQLite file"
check_contains "$err" "$D/other.db is not a defcon-search index" "D05 says so"
run "$SEARCH" --db "$D/future.db" oil
check_status 2 "D06 search: an index of a future schema"
check_contains "$err" "another version of defcon-index" "D06 says so"
run "$INDEX" --db "$D/future.db" "$ARCHIVE/good"
check_status 2 "D06 index: an index of a future schema"
check_contains "$err" "another version of defcon-index" "D06 index says why"
check_contains "$err" "--full" "D06 index says what to do"
run "$SEARCH" --db /dev/null oil
check_status 2 "D07 search: /dev/null as index"
# D08: an index with random bytes written over it, 30 ways. Whatever the
# damage, the programs answer 0, 1 or 2, and a 2 names the file. The
# index of 3,001 articles from F28 is the victim (smaller than this one).
crashes=0; silent=0
for seed in $(seq 1 "$damages"); do
    cp "$VDB" "$D/damaged.db"
    python3 - "$D/damaged.db" "$seed" <<'PY'
import random, sys
random.seed(int(sys.argv[2]))
data = bytearray(open(sys.argv[1], "rb").read())
for _ in range(random.randint(1, 30)):
    at = random.randrange(100, len(data) - 64)
    for i in range(random.randint(1, 64)):
        data[at + i] = random.randrange(256)
open(sys.argv[1], "wb").write(data)
PY
    for command in "$SEARCH --db $D/damaged.db oil" "$SEARCH --db $D/damaged.db --json qqf*" \
                   "$INDEX --db $D/damaged.db $ARCHIVE/good" "$INDEX --full --db $D/damaged.db $ARCHIVE/good"; do
        run timeout $((limit * 2)) $command
        if [ "$status" -gt 2 ]; then
            crashes=$((crashes + 1)); printf 'D08 seed %s: %s: exit %s: %s\n' "$seed" "$command" "$status" "$err" >&2
        elif [ "$status" -eq 2 ] && [[ "$err" != *"$D/damaged.db"* ]]; then
            silent=$((silent + 1)); printf 'D08 seed %s: %s: %s\n' "$seed" "$command" "$err" >&2
        fi
    done
done
check_eq "$crashes" "0" "D08 no damaged index crashes or hangs a program ($((damages * 4)) runs)"
check_eq "$silent" "0" "D08 every refusal of a damaged index names it"
printf 'hostile inputs: 53 archive files (F01-F53), 7 index files and %d damaged indexes (D01-D08)\n' "$damages"
finish
