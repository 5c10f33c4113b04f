#!/usr/bin/env bash
# reuters.sh - the real archive: all 21,578 Reuters articles index with no
# failure, a rerun finds everything unchanged, and known queries answer.
. "$(dirname "$0")/lib.sh"

ARCHIVE=$SHARED/corpora/reuters21578/articles
[ -d "$ARCHIVE" ] || skip "the Reuters archive is not at $ARCHIVE (../shared absent)"
DB=$WORK/reuters.db
count() { "$SEARCH" --db "$DB" --format count "$@" 2>/dev/null; }

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
check_contains "$out" '"id":"reuters-230"' "Manila debt bonds"
# Stemming: every form of a word reaches the same articles.
check_eq "$(count acquisitions)" "$(count acquisition)" "plural and singular match the same articles"
[ "$(count 'acquisit*')" -ge "$(count acquisition)" ] && ok || bad "prefix reaches at least the stem's articles"
# Dates typed from the front matter.
run "$SEARCH" --db "$DB" --json --limit 1 --sort oldest opec
check_contains "$out" '"date":"1987-02-26"' "the oldest OPEC article is from the first day"
# Issue 4 on the real archive: a month filter returns exactly the month's
# articles (the archive files them in month folders), dates sort, the
# timeline counts every month and shows the empty ones.
run "$SEARCH" --db "$DB" --since 1987-04 --until 1987-04 --format count
check_eq "$out" "$(ls "$ARCHIVE/1987/04" | wc -l)" "--since 1987-04 --until 1987-04 gives exactly the April articles"
run "$SEARCH" --db "$DB" --since 1987-04 --until 1987-04 --format paths --limit 100000
check_eq "$(printf '%s\n' "$out" | grep -vc '/1987/04/')" "0" "and only them"
"$SEARCH" --db "$DB" --json --sort newest --limit 500 oil > "$WORK/newest.json"
python3 - "$WORK/newest.json" <<'PY' && ok || bad "--sort newest is in date order"
import json, sys
dates = [json.loads(line)["date"] for line in open(sys.argv[1])]
assert len(dates) == 500 and dates == sorted(dates, reverse=True), dates[:5]
PY
run "$SEARCH" --db "$DB" --since 1987 --by month --csv
expected="period,matches,total,share"
for month in 02 03 04 05 06 07 08 09 10; do
    n=$(ls "$ARCHIVE/1987/$month" 2>/dev/null | wc -l)
    [ "$n" -gt 0 ] && expected="$expected
1987-$month,$n,$n,1" || expected="$expected
1987-$month,0,0,0"
done
check_eq "$out" "$expected" "--by month counts every month and shows the empty ones"
run "$SEARCH" --db "$DB" petrolium
check_status 1 "a misspelt word"
check_contains "$err" "did you mean 'petroleum'?" "gets a suggestion from the index"
run "$SEARCH" --db "$DB" Reagen
check_contains "$err" "did you mean 'Reagan'?" "in the researcher's capitalisation"
finish
