#!/usr/bin/env bash
# disk_full.sh - issue 6: indexing into a file system that fills up fails
# with a clear error (exit 2, naming the index) and leaves the previous
# index as it was and usable; once there is room, the next run completes.
# Needs a small file system of its own: a 2 MB tmpfs, which takes root and
# mount; otherwise the test is skipped.
. "$(dirname "$0")/lib.sh"

CHECKER=${DEFCON_CHECK:?run through ctest, or set DEFCON_CHECK to the index-check program}
SMALL=$WORK/small
mkdir -p "$SMALL"
[ "$(id -u)" -eq 0 ] || skip "mounting a small file system needs root"
mount -t tmpfs -o size=2m tmpfs "$SMALL" 2>/dev/null || skip "cannot mount a tmpfs (mount -t tmpfs failed)"
trap 'umount "$SMALL" 2>/dev/null; rm -rf "$WORK"' EXIT

ARCHIVE=$WORK/archive
DB=$SMALL/index.db
# articles FOLDER FIRST COUNT: COUNT articles of about 2 KB each.
articles() {
    python3 - "$@" <<'PY'
import os, random, sys
folder, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(first)
words = ("tanker cargo harbour grain export minister quota tariff shipment freight "
         "insurer convoy strait embargo refinery crude barrel pipeline").split()
os.makedirs(folder, exist_ok=True)
for i in range(first, first + count):
    body = "\n\n".join(" ".join(rng.choice(words) + ("%d" % rng.randrange(10**6) if rng.random() < 0.3 else "")
                                 for _ in range(60)) for _ in range(5))
    with open(os.path.join(folder, "a%05d.md" % i), "w") as out:
        out.write("---\ntitle: Shipping report %d\ndate: 1988-%02d-01\n---\n\n%s\n" % (i, 1 + i % 12, body))
PY
}
articles "$ARCHIVE/first" 0 20
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "a small index fits"
before=$("$CHECKER" dump "$DB")
answers() { "$SEARCH" --db "$DB" --json --limit 100 "tanker OR grain" 2>&1 | sort; }
answers_before=$(answers)

# The archive grows far beyond what the file system holds.
articles "$ARCHIVE/more" 20 3000
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 2 "indexing into a full file system fails the run"
check_contains "$err" "database or disk is full" "the error says the disk is full"
check_contains "$err" "$DB" "the error names the index"
check_eq "$(printf '%s\n' "$err" | grep -c .)" "1" "one line of error, no noise"
run "$CHECKER" check "$DB"
check_eq "$out" "ok" "the previous index passes both integrity checks"
check_eq "$("$CHECKER" dump "$DB")" "$before" "the previous index holds exactly what it held"
check_eq "$(answers)" "$answers_before" "and answers searches as before"
run "$SEARCH" --db "$DB" --format count shipping
check_status 0 "searching works on the full file system"
check_eq "$out" "20" "with the previous articles"

# A search on a full file system where SQLite must create the -shm file.
rm -f "$DB-shm"
fill=$SMALL/filler
dd if=/dev/zero of="$fill" bs=4k 2>/dev/null
run "$SEARCH" --db "$DB" --format count shipping
if [ "$status" -eq 0 ]; then check_eq "$out" "20" "search with no room for -shm"
else check_status 2 "search with no room for -shm: a clear error"; check_contains "$err" "$DB" "naming the index"; fi
rm -f "$fill"

# A first index that cannot fit: a clear failure, then a clean start.
rm -f "$SMALL"/index2.db*
run "$INDEX" --db "$SMALL/index2.db" "$ARCHIVE"
check_status 2 "a first index that does not fit fails"
check_contains "$err" "database or disk is full" "and says why"
rm -f "$SMALL"/index2.db*

# With room again (all but 80 of the new articles gone: their numbered
# words are nearly all distinct terms, which the index and its terms
# table each hold once, and WAL holds a second copy of every changed
# page), the next run completes and equals a clean build.
find "$ARCHIVE/more" -name 'a0[1-9]*.md' -delete
find "$ARCHIVE/more" -name 'a00[1-9]*.md' -delete
run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "with room again the update completes"
"$INDEX" -q --db "$WORK/clean.db" "$ARCHIVE"
check_eq "$("$CHECKER" dump "$DB")" "$("$CHECKER" dump "$WORK/clean.db")" "and equals a clean build"
run "$CHECKER" check "$DB"
check_eq "$out" "ok" "and passes both integrity checks"
finish
