#!/usr/bin/env bash
# reuters.sh - the real archive: all 21,578 Reuters articles index with no
# failure, a rerun finds everything unchanged, and known queries answer.
. "$(dirname "$0")/lib.sh"

ARCHIVE=$SHARED/corpora/reuters21578/articles
[ -d "$ARCHIVE" ] || skip "the Reuters archive is not at $ARCHIVE (../shared absent)"
DB=$WORK/reuters.db
count() { "$SEARCH" --db "$DB" --all --format count "$@" 2>/dev/null; }

run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "indexing Reuters"
check_contains "$err" "21578 added, 0 updated, 0 removed, 0 unchanged, 0 failed; 21578 articles" "every article indexed"
printf '%s\n' "$err" | tail -1

run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "reindexing Reuters"
check_contains "$err" "0 added, 0 updated, 0 removed, 21578 unchanged, 0 failed" "a rerun finds everything unchanged"

# Known articles, by their Reuters ids.
run "$SEARCH" --db "$DB" --json --limit 1 "Pearl River basin concession"
check_contains "$out" '"id":"reuters-3003"' "Amoco's South China Sea find ranks first"
check_eq "$(count amoco south china sea oil)" "3" "all three Amoco South China Sea articles"
run "$SEARCH" --db "$DB" --json --limit 3 'title:"manila" debt bonds'
check_contains "$out" '"reuters-230"' "Manila debt bonds (a hit, or folded under its copy)"
# Stemming: every form of a word reaches the same articles.
check_eq "$(count acquisitions)" "$(count acquisition)" "plural and singular match the same articles"
[ "$(count 'acquisit*')" -ge "$(count acquisition)" ] && ok || bad "prefix reaches at least the stem's articles"
# Dates typed from the front matter.
run "$SEARCH" --db "$DB" --json --limit 1 --sort oldest opec
check_contains "$out" '"date":"1987-02-26"' "the oldest OPEC article is from the first day"
# Issue 4 on the real archive: a month filter returns exactly the month's
# articles (the archive files them in month folders), dates sort, the
# timeline counts every month and shows the empty ones.
run "$SEARCH" --db "$DB" --all-copies --since 1987-04 --until 1987-04 --format count
check_eq "$out" "$(ls "$ARCHIVE/1987/04" | wc -l)" "--since 1987-04 --until 1987-04 gives exactly the April articles"
run "$SEARCH" --db "$DB" --all-copies --since 1987-04 --until 1987-04 --format paths --limit 100000
check_eq "$(printf '%s\n' "$out" | grep -vc '/1987/04/')" "0" "and only them"
"$SEARCH" --db "$DB" --json --sort newest --limit 500 oil > "$WORK/newest.json"
python3 - "$WORK/newest.json" <<'PY' && ok || bad "--sort newest is in date order"
import json, sys
dates = [json.loads(line)["date"] for line in open(sys.argv[1])]
assert len(dates) == 500 and dates == sorted(dates, reverse=True), dates[:5]
PY
run "$SEARCH" --db "$DB" --all-copies --since 1987 --by month --csv
expected="period,matches,total,share"
for month in 02 03 04 05 06 07 08 09 10; do
    n=$(ls "$ARCHIVE/1987/$month" 2>/dev/null | wc -l)
    [ "$n" -gt 0 ] && expected="$expected
1987-$month,$n,$n,1" || expected="$expected
1987-$month,0,0,0"
done
check_eq "$out" "$expected" "--by month counts every month and shows the empty ones"
# By default the counts are of stories: each copy counted with its story.
copies=$(sqlite3 "$DB" "SELECT count(*) FROM copies WHERE story <> rowid AND rowid IN
    (SELECT rowid FROM articles WHERE date LIKE '1987-04%') AND story IN
    (SELECT rowid FROM articles WHERE date LIKE '1987-04%')")
run "$SEARCH" --db "$DB" --since 1987-04 --until 1987-04 --format count
check_eq "$out" "$(($(ls "$ARCHIVE/1987/04" | wc -l) - copies))" \
    "a month's count is of stories: its articles less their copies"
# The sqlite3 program loads our extension for the reference answers; a
# sanitizer build's extension needs the sanitizer's runtime loaded first.
export DEFCON_PRELOAD=$(ldd "${DEFCON_EXTENSION:?run through ctest}" 2>/dev/null | awk '/libasan/ {print $3}')
# Ranking: the top 10 and their scores are FTS5's own ORDER BY rank (bm25
# with the title weighted) for the same expression, whichever way the
# ranker got each phrase's idf: the terms table (one word), the rows it
# saw (a lone phrase), or a count (phrases, prefixes, title:, countries).
python3 - "$SEARCH" "$DB" "${DEFCON_EXTENSION:?run through ctest}" <<'PY' && ok || bad "relevance order and scores are FTS5's bm25"
import json, os, subprocess, sys
search, db, extension = sys.argv[1:4]
env = dict(os.environ)
if env.get("DEFCON_PRELOAD"):
    env.update(LD_PRELOAD=env["DEFCON_PRELOAD"], ASAN_OPTIONS="detect_leaks=0")
queries = [["oil"], ["oil", "prices"], ['"crude oil" opec'], ["acquisit*"],
           ["title:oil", "prices"], ["oil", "--country", "Iran"], ["the"],
           ["oil", "--since", "1987-04", "--until", "1987-04"], ["oil OR gas -opec"]]
for words in queries:
    out = subprocess.run([search, "--db", db, "--explain", "--json", "--limit", "10"] + words,
                         capture_output=True, text=True, check=True)
    expression = next(l for l in out.stderr.splitlines()
                      if l.startswith("fts5:"))[5:].strip().replace("\\x1e", "\x1e")
    hits = [json.loads(l) for l in out.stdout.splitlines()]
    month = " AND a.date LIKE '1987-04%'" if "--since" in words else ""
    sql = ("SELECT a.path AS path, -fts.rank AS score FROM fts JOIN articles a"
           " ON a.rowid = fts.rowid WHERE fts MATCH '%s'%s ORDER BY fts.rank, fts.rowid LIMIT 10"
           % (expression.replace("'", "''"), month))
    result = subprocess.run(["sqlite3", "-json", "-cmd", ".load " + extension, db, sql],
                            capture_output=True, text=True, check=True, env=env).stdout
    want = [(row["path"], row["score"]) for row in json.loads(result)]
    got = [(h["path"], h["score"]) for h in hits]
    assert len(got) == len(want) == 10, (words, len(got), len(want))
    for (gp, gs), (wp, ws) in zip(got, want):
        assert gp.endswith(wp) and abs(gs - ws) <= 1e-5 * abs(ws), (words, got, want)
PY
# Country facets (counted from the article_codes blocks) are the counts of
# the matching articles' own countries column.
python3 - "$SEARCH" "$DB" "${DEFCON_EXTENSION:?run through ctest}" <<'PY' && ok || bad "facets count the matches' countries"
import collections, json, os, subprocess, sys
search, db, extension = sys.argv[1:4]
env = dict(os.environ)
if env.get("DEFCON_PRELOAD"):
    env.update(LD_PRELOAD=env["DEFCON_PRELOAD"], ASAN_OPTIONS="detect_leaks=0")
for words in (["oil"], ["oil", "--since", "1987-04", "--until", "1987-04"],
              ["oil", "--country", "Iran"], ["--since", "1987-03-02", "--until", "1987-03-02"]):
    out = subprocess.run([search, "--db", db, "--explain", "--json", "--facets", "--all-copies"]
                         + words,
                         capture_output=True, text=True, check=True)
    expression = next(l for l in out.stderr.splitlines()
                      if l.startswith("fts5:"))[5:].strip().replace("\\x1e", "\x1e")
    got = json.loads(out.stdout.splitlines()[0])["countries"]
    where = []
    if expression:
        where.append("a.rowid IN (SELECT rowid FROM fts WHERE fts MATCH '%s')"
                     % expression.replace("'", "''"))
    if "--since" in words:
        since, until = words[words.index("--since") + 1], words[words.index("--until") + 1]
        where.append("a.date >= '%s' AND substr(a.date, 1, %d) <= '%s'" % (since, len(until), until))
    sql = "SELECT a.countries AS c FROM articles a WHERE " + " AND ".join(where)
    rows = json.loads(subprocess.run(["sqlite3", "-json", "-cmd", ".load " + extension, db, sql],
                                     capture_output=True, text=True, check=True,
                                     env=env).stdout or "[]")
    counts = collections.Counter(code for row in rows for code in row["c"].split())
    want = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:20])
    assert got == want and len(got) > 3, (words, got, want)
PY
run "$SEARCH" --db "$DB" petrolium
check_status 1 "a misspelt word"
check_contains "$err" "did you mean 'petroleum'?" "gets a suggestion from the index"
run "$SEARCH" --db "$DB" Reagen
check_contains "$err" "did you mean 'Reagan'?" "in the researcher's capitalisation"
finish
