#!/usr/bin/env bash
# bench_xapian.sh - the benchmark's Xapian peer (bench/xapian_peer.py) asks
# Xapian the same questions we answer: each shape of the query mix, mapped
# to Xapian's syntax, finds as many articles in a Xapian database of the
# same text as defcon-search finds in ours. No timing: the benchmark itself
# lives in bench/. Without Xapian (Debian packages xapian-tools,
# xapian-omega, python3-xapian) only the mapping is checked.
. "$(dirname "$0")/lib.sh"

BUILD=${DEFCON_BUILD:?run through ctest}
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || skip "no system Python at $PYTHON (bench/run uses it)"
ARCHIVE=$WORK/archive
DB=$WORK/index.db
run "$BUILD/bench/gen-corpus" --articles 600 --seed 7 --out "$ARCHIVE"
check_status 0 "gen-corpus writes a small synthetic archive"
"$INDEX" -q --db "$DB" "$ARCHIVE" || bad "indexing the synthetic archive"

# --- the mapping itself, with no Xapian needed
run env PYTHONPATH="$SOURCE/bench" "$PYTHON" - <<'EOF'
import xapian_peer as x
print(x.translate_query('NEAR(kim jong, 5) title:iran OR iraq -oil "a b" pres*'))
try:
    x.translate_query('NEAR(kim "jong un")')
except ValueError as error:
    print("refused:", error)
print(x.translate_query("NEAR(zarif kerry)"))
print(x.date_terms("2001-01-01", "2002-12-31"))
print(x.date_terms("1987-02-01", "1987-03-31"))
print(x.date_terms("1987-03-30", "1987-04-01"))
shape = x.map_shape("l", "talks", "country=Russia since=1987-03-01 until=1987-03-31",
                    lambda country: ["ru", "su"])
print(shape["query"], "|", shape["date_terms"], "|", shape["range"], "|", shape["quest"])
print(" ".join(x.quest_argv("DB", shape)[-1:]))
for options in ("sort=newest", "facets", "by=month", "since=1987-03-01", "bare"):
    shape = x.map_shape("l", "talks", options, lambda country: [])
    print(options, shape["quest"], shape["sort"], shape["operation"], shape["bare"])
EOF
check_status 0 "the mapping runs"
check_eq "$out" 'kim NEAR/5 jong title:iran OR iraq -oil "a b" pres*
refused: Xapian'"'"'s QueryParser takes words only in NEAR, not the phrase of '"'"'NEAR(kim "jong un")'"'"'
zarif NEAR/10 kerry
year:2001 year:2002
month:198702 month:198703
day:19870330 day:19870331 day:19870401
talks country:ru country:su | month:198703 | ['"'"'19870301'"'"', '"'"'19870331'"'"'] | True
talks country:ru country:su month:198703
sort=newest False newest hits False
facets False relevance facets False
by=month False relevance timeline-month False
since=1987-03-01 False relevance hits False
bare True relevance hits True' "each shape maps to Xapian's syntax"

# --- the same counts from both engines
missing=$(PYTHONPATH="$SOURCE/bench" "$PYTHON" -c \
    'import sys, xapian_peer as x; print(x.missing() or x.in_process_missing(sys.executable) or "")')
[ -z "$missing" ] || { printf 'skipped: %s\n' "$missing"; finish; }
run "$BUILD/bench/query-latency" --db "$DB" --pick
check_status 0 "query-latency picks the words"
common=$(printf '%s\n' "$out" | awk -F'\t' '$1 == "common" {print $2}')
second=$(printf '%s\n' "$out" | awk -F'\t' '$1 == "second" {print $2}')
rare=$(printf '%s\n' "$out" | awk -F'\t' '$1 == "rare" {print $2}')
XDB=$WORK/xapian
run env PYTHONPATH="$SOURCE/bench" "$PYTHON" - "$DB" "$ARCHIVE" "$XDB" "$SEARCH" \
    "$common" "$second" "$rare" <<'EOF'
import sqlite3, subprocess, sys, xapian
import xapian_peer as x
db, archive, database, search, common, second, rare = sys.argv[1:]
ours = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
x.write_dump(ours, archive, database + ".dump")
# The most frequent country and the year of most articles, so that the
# filters find something in a small archive.
code = ours.execute("SELECT substr(countries, 1, 2) AS c, count(*) FROM articles "
                    "WHERE countries != '' GROUP BY c ORDER BY 2 DESC LIMIT 1").fetchone()[0]
year = ours.execute("SELECT substr(date, 1, 4) AS y, count(*) FROM articles "
                    "WHERE date IS NOT NULL GROUP BY y ORDER BY 2 DESC LIMIT 1").fetchone()[0]
ours.close()


class Ran:
    def __init__(self, argv):
        result = subprocess.run(argv, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit("%s: %s" % (argv[0], result.stderr))
        self.seconds = self.cpu_seconds = 0.0
        self.peak_bytes = None


x.build(lambda argv: Ran(argv), database + ".dump", database + ".script", database)
searcher = x.XapianSearcher(xapian, database)
mix = [("rare", rare, ""), ("common", common, ""), ("two", "%s said" % common, ""),
       ("phrase", '"a spokesman said"', ""), ("prefix", "pres*", ""),
       ("or", "%s OR %s" % (common, second), ""), ("not", "%s NOT %s" % (common, second), ""),
       ("title", "title:%s" % common, ""), ("country", common, "country=%s" % code),
       ("dates", common, "since=%s-01-01 until=%s-12-31" % (year, year))]
codes_of = lambda country: x.country_codes(search, db, country)
for label, query, options in mix:
    shape = x.map_shape(label, query, options, codes_of)
    counted = subprocess.run([search, "--db", db, "--format", "count"] + shape["defcon_options"]
                             + [query], capture_output=True, text=True).stdout.strip()
    argv = x.quest_argv(database, shape)
    quest = subprocess.run(argv[:-1] + ["-c", "1000000"] + argv[-1:],
                           capture_output=True, text=True).stdout
    exact = [line.split()[1] for line in quest.splitlines() if line.startswith("Exactly ")]
    print(label, counted == str(searcher.count(shape)), exact == [counted], int(counted) > 0)
EOF
check_status 0 "a Xapian database of the same text is built and searched"
check_eq "$out" "rare True True True
common True True True
two True True True
phrase True True True
prefix True True True
or True True True
not True True True
title True True True
country True True True
dates True True True" "each shape finds as many articles in both engines, in process and through quest"
finish
