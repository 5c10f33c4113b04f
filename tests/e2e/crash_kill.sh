#!/usr/bin/env bash
# crash_kill.sh - issue 6: defcon-index killed with SIGKILL at random
# points of its runs never loses or corrupts the index.
#
# An archive of 2,000 articles (the first Reuters files, or generated when
# ../shared is absent) is indexed. Then, trial after trial, a random part
# of it is edited, retitled, redated (which moves an article to another
# rowid), deleted or added to; a clean --full build of the new files is
# made for reference; defcon-index runs on the real index (incrementally,
# or with --full) and is killed with SIGKILL after a random delay. After
# each kill:
#   - both integrity checks pass (index-check: PRAGMA integrity_check and
#     FTS5's integrity-check) and defcon-search answers;
#   - every article is stored exactly as in the old or the new version of
#     its file (a digest of every stored field), never half, and the index
#     as a whole is the old one or the new one;
#   - the next run completes, and the index then equals the clean build:
#     the same articles field for field, the same hits with the same
#     scores for a few queries, and a vocabulary that holds the clean one.
# A few trials kill the very first index of an empty database instead.
#
# DEFCON_KILL_TRIALS (default 50) and DEFCON_KILL_SEED (default: random,
# printed) select the run; DEFCON_KILL_ARTICLES the archive size.
. "$(dirname "$0")/lib.sh"

CHECKER=${DEFCON_CHECK:?run through ctest, or set DEFCON_CHECK to the index-check program}
[ -n "${VALGRIND:-}" ] && skip "killing programs under valgrind tests valgrind, not the index"
TRIALS=${DEFCON_KILL_TRIALS:-50}
FIRST_TRIALS=3
ARTICLES=${DEFCON_KILL_ARTICLES:-2000}
SEED=${DEFCON_KILL_SEED:-$(( $(date +%s) % 100000 ))}
RANDOM=$SEED
printf 'seed %s (DEFCON_KILL_SEED=%s reruns this sequence)\n' "$SEED" "$SEED"

ARCHIVE=$WORK/archive
DB=$WORK/index.db
REF=$WORK/reference.db
REUTERS=$SHARED/corpora/reuters21578/articles
mkdir -p "$ARCHIVE"
if [ -d "$REUTERS" ]; then
    (cd "$REUTERS" && find . -name '*.md' | sort | head -n "$ARTICLES") > "$WORK/list"
    tar -C "$REUTERS" -cf - -T "$WORK/list" | tar -C "$ARCHIVE" -xf -
    printf 'archive: %s Reuters articles\n' "$ARTICLES"
else
    printf 'archive: %s generated articles (no Reuters archive at %s)\n' "$ARTICLES" "$REUTERS"
fi

# mutate TRIAL SHARE: edits about SHARE percent of the files in place
# (body, title or date), deletes a few, adds a few. Deterministic in
# $SEED and the trial number. With SHARE 0 and an empty archive, creates
# the generated archive.
mutate() {
    python3 - "$ARCHIVE" "$SEED" "$1" "$2" "$ARTICLES" <<'PY'
import os, random, re, sys
root, seed, trial, share, articles = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed * 1000 + trial)
WORDS = ("oil prices rose sharply as ministers met in vienna while the central bank "
         "said inflation would ease and exports of grain to iran and iraq grew").split()

def text(n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

def article(id_, title, date):
    paragraphs = "\n\n".join(text(rng.randint(20, 80)) for _ in range(rng.randint(1, 6)))
    return '---\nid: %s\ntitle: "%s"\ndate: %s\nsource: Test\n---\n\n%s\n' % (id_, title, date, paragraphs)

def date():
    return "%d-%02d-%02d" % (rng.randint(1980, 2020), rng.randint(1, 12), rng.randint(1, 28))

files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)
if not files:
    for i in range(articles):
        folder = os.path.join(root, "gen", "%02d" % (i % 50))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "%05d.md" % i), "w") as out:
            out.write(article("gen-%d" % i, text(6).rstrip("."), date()))
    sys.exit(0)
changed = rng.sample(files, max(1, len(files) * share // 100))
for path in changed:
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        data = f.read()
    kind = rng.random()
    if kind < 0.08:
        os.remove(path)
        continue
    if kind < 0.5:
        data = data.rstrip("\n") + "\n\nTrial %d adds: %s\n" % (trial, text(12))
    elif kind < 0.75:
        data = re.sub(r'(?m)^title: .*$', 'title: "Trial %d retitles %s"' % (trial, text(4).rstrip(".")), data, count=1)
    else:
        data = re.sub(r'(?m)^date: .*$', "date: " + date(), data, count=1)
    with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(data)
folder = os.path.join(root, "new")
os.makedirs(folder, exist_ok=True)
for i in range(max(1, len(changed) // 10)):
    with open(os.path.join(folder, "t%03d-%03d.md" % (trial, i)), "w") as out:
        out.write(article("kill-%d-%d" % (trial, i), "Trial %d new %s" % (trial, text(3).rstrip(".")), date()))
PY
}
[ -d "$REUTERS" ] || mutate 0 0

dump() { "$CHECKER" dump "$1"; }
vocabulary() { python3 -c 'import sqlite3, sys
for word, stem in sqlite3.connect(sys.argv[1]).execute("SELECT word, stem FROM vocab ORDER BY word"):
    print(word, stem)' "$1"; }
# answers DB: the hits of a few queries with their scores, in a fixed order.
# Every article, copies unfolded: copy groups form as articles arrive (a
# chain of near-copies may group otherwise when indexed in another order),
# and of two copies ranked alike the one shown depends on history; the
# copies table itself is checked by index-check.
QUERIES=("oil OR iran NOT iraq" '"central bank" OR NEAR(oil prices, 3)' "pres* OR exp* OR title:trial")
answers() {
    local query
    for query in "${QUERIES[@]}"; do
        printf '== %s\n' "$query"
        "$SEARCH" --db "$1" --json --all-copies --limit 100000 -- "$query" 2>&1 | sort
    done
}
millis() { date +%s%3N; }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# The clean build of the archive as it is now, into $REF; its dump in $1.
# (It may run in the background: a failure is left in ref.err.)
reference() {
    rm -f "$REF" "$REF-wal" "$REF-shm" "$WORK/ref.err"
    "$INDEX" -q --full --db "$REF" "$ARCHIVE" 2>"$WORK/ref.out" || mv "$WORK/ref.out" "$WORK/ref.err"
    dump "$REF" > "$1"
}
reference_failed() {
    [ -e "$WORK/ref.err" ] || return 1
    bad "the reference build failed: $(cat "$WORK/ref.err")"
}

survived=0; saw_old=0; saw_new=0; finished_first=0; broken=0
# after_kill TRIAL OLD NEW: the checks of a killed run. OLD and NEW are
# dump files (OLD may be empty: a first index).
after_kill() {
    local trial=$1 old=$2 new=$3 problems=0 now tables
    # A first index killed before its schema committed leaves an empty
    # database: the old state, with nothing for FTS5 to check.
    tables=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM sqlite_master").fetchone()[0])' "$DB" 2>&1)
    if [ "$tables" = "0" ] && [ ! -s "$old" ]; then out=ok; else run "$CHECKER" check "$DB"; fi
    if [ "$out" != "ok" ]; then
        bad "trial $trial: the killed index fails its integrity checks: $out $err"; problems=1
    fi
    run "$SEARCH" --db "$DB" --format count oil
    if [ "$status" -gt 1 ] && ! { [ ! -s "$old" ] && [[ "$err" == *"not a defcon-search index"* || "$err" == *"no index at"* || "$err" == *"holds no index yet"* ]]; }; then
        bad "trial $trial: defcon-search cannot read the killed index: $err"; problems=1
    fi
    now=$WORK/now.dump
    if [ -e "$DB" ]; then dump "$DB" > "$now" 2>/dev/null || : > "$now"; else : > "$now"; fi
    # Article by article: old or new, never anything else.
    local half
    half=$(python3 - "$old" "$new" "$now" <<'PY'
import sys
def load(name):
    rows = {}
    for line in open(name, encoding="utf-8", errors="surrogateescape"):
        path, rest = line.rstrip("\n").split("\t", 1)
        rows[path] = rest
    return rows
old, new, now = (load(n) for n in sys.argv[1:4])
for path, row in sorted(now.items()):
    if row != old.get(path) and row != new.get(path):
        print("%s: neither its old nor its new version" % path)
for path in sorted(set(old) & set(new) - set(now)):
    print("%s: lost (in both the old and the new archive)" % path)
PY
)
    if [ -n "$half" ]; then bad "trial $trial: articles half-updated or lost:"$'\n'"$(printf '%s\n' "$half" | head -5)"; problems=1; fi
    if cmp -s "$now" "$old"; then saw_old=$((saw_old + 1))
    elif cmp -s "$now" "$new"; then saw_new=$((saw_new + 1))
    else bad "trial $trial: the index is neither the old one nor the new one as a whole"; problems=1
    fi
    # The next run completes and matches the clean build.
    run "$INDEX" -q --db "$DB" "$ARCHIVE"
    [ "$status" -eq 0 ] || { bad "trial $trial: the run after the kill failed: exit $status: $err"; problems=1; }
    if ! dump "$DB" | cmp -s - "$new"; then
        bad "trial $trial: after the next run the index differs from a clean build:"
        dump "$DB" | diff - "$new" | head -6 >&2; problems=1
    fi
    if [ "$(answers "$DB")" != "$(answers "$REF")" ]; then
        bad "trial $trial: searches answer differently from a clean build"
        diff <(answers "$DB") <(answers "$REF") | head -6 >&2; problems=1
    fi
    if [ $((RANDOM % 4)) -eq 0 ] && [ -n "$(comm -13 <(vocabulary "$DB") <(vocabulary "$REF"))" ]; then
        bad "trial $trial: the vocabulary lacks words of a clean build"; problems=1
    fi
    if [ $problems -eq 0 ]; then survived=$((survived + 1)); ok; else broken=$((broken + 1)); fi
}

# --- kills during the very first index of an empty database
reference "$WORK/new.dump"
start=$(millis)
"$INDEX" -q --db "$DB" "$ARCHIVE" 2>/dev/null
full_ms=$(( $(millis) - start ))
: > "$WORK/empty.dump"
# A first index is written with a rollback journal (turned to WAL once it
# commits). Killed after writing pages of its transaction into the file, it
# leaves a hot journal, which a search must not read past: it says so
# until the next run rolls the journal back. Made here on purpose: a
# writer with a tiny cache that dies in mid-transaction.
rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
run "$INDEX" -q --db "$DB" "$ARCHIVE"
check_eq "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode").fetchone()[0])' "$DB")" \
    "wal" "a first index is in WAL mode once committed"
python3 - "$DB" <<'PY'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = DELETE")
db.execute("PRAGMA cache_size = 2")
db.execute("BEGIN")
db.executemany("INSERT INTO vocab(word, stem) VALUES (?, ?)",
               (("zzkill%06d" % i, "zzkill") for i in range(20000)))
os._exit(9)
PY
if [ -s "$DB-journal" ]; then
    run "$SEARCH" --db "$DB" oil
    check_status 2 "a search of an index with a hot journal is refused"
    check_contains "$err" "half-written by an interrupted defcon-index" \
        "the refusal says why and what to do"
    run "$INDEX" -q --db "$DB" "$ARCHIVE"
    check_status 0 "the next run rolls the journal back"
    run "$SEARCH" --db "$DB" --format count oil
    check_status 0 "then searches work"
    run "$CHECKER" check "$DB"
    check_eq "$out" "ok" "and the index passes both integrity checks"
else
    bad "the interrupted writer left no journal"
fi

for ((trial = 1; trial <= FIRST_TRIALS; trial++)); do
    rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
    "$INDEX" -q --db "$DB" "$ARCHIVE" 2>/dev/null &
    pid=$!
    sleep_ms $(( RANDOM % (full_ms * 12 / 10 + 1) ))
    kill -9 "$pid" 2>/dev/null || finished_first=$((finished_first + 1))
    wait "$pid" 2>/dev/null
    if [ ! -e "$DB" ]; then
        # Killed before the file existed: nothing to check but the rerun.
        run "$INDEX" -q --db "$DB" "$ARCHIVE"
        check_status 0 "first-index trial $trial: the run after the kill"
        saw_old=$((saw_old + 1)); survived=$((survived + 1))
        continue
    fi
    after_kill "first-$trial" "$WORK/empty.dump" "$WORK/new.dump"
done
cp "$WORK/new.dump" "$WORK/old.dump"

# --- how long a run takes, to spread the kills over it
mutate 1000 2
reference "$WORK/new.dump"
start=$(millis)
"$INDEX" -q --db "$DB" "$ARCHIVE" 2>/dev/null
incremental_ms=$(( $(millis) - start ))
dump "$DB" | cmp -s - "$WORK/new.dump" && ok || bad "calibration run: the index differs from a clean build"
cp "$WORK/new.dump" "$WORK/old.dump"
printf 'a full run takes %d ms, a 2%% update %d ms\n' "$full_ms" "$incremental_ms"

# --- the trials
started=$(millis)
for ((trial = 1; trial <= TRIALS; trial++)); do
    full=""; share=$(( 1 + RANDOM % 5 ))
    case $(( trial % 5 )) in
        0) full=--full ;;                        # a whole rebuild
        1) share=$(( 20 + RANDOM % 40 )) ;;      # a large update
    esac
    mutate "$trial" "$share"
    # The clean build runs beside the killed run: on a busy machine the
    # run stretches, which only moves where the kills land.
    reference "$WORK/new.dump" &
    reference_pid=$!
    span=$incremental_ms
    [ -n "$full" ] || [ "$share" -ge 20 ] && span=$full_ms
    delay=$(( RANDOM * 32768 + RANDOM ))
    delay=$(( delay % (span * 15 / 10 + 1) ))
    "$INDEX" -q $full --db "$DB" "$ARCHIVE" 2>/dev/null &
    pid=$!
    sleep_ms "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    wait "$reference_pid"
    reference_failed && break
    after_kill "$trial" "$WORK/old.dump" "$WORK/new.dump"
    cp "$WORK/new.dump" "$WORK/old.dump"
done
elapsed=$(( $(millis) - started ))

total=$((TRIALS + FIRST_TRIALS))
printf 'kill trials: %d run, %d survived, %d broken; the killed index held the old version %d times, the new one %d times (%d ms of trials)\n' \
    "$total" "$survived" "$broken" "$saw_old" "$saw_new" "$elapsed"
check_eq "$survived" "$total" "every kill trial survived"
[ "$saw_old" -gt 0 ] && [ "$saw_new" -gt 0 ] && ok \
    || bad "the kills should land both before and after commits (old $saw_old, new $saw_new)"
finish
