#!/usr/bin/env bash
# language.sh - issue 4 end to end on the fixture archive: every documented
# query form, date filters and orders, the timeline, facets, suggestions,
# output formats, --explain, show, --help and --version.
. "$(dirname "$0")/lib.sh"

fixture_archive
"$INDEX" -q --db "$DB" "$ARCHIVE" || bad "indexing the fixture archive"
hits() { "$SEARCH" --db "$DB" --all --format paths --limit 100 "$@" 2>/dev/null | sed "s|^$REAL/||"; }
sorted() { hits "$@" | sort | tr '\n' ' '; }
SEED=2019/04/000_720859f5ca48e51c.txt

# --- every documented query form
check_eq "$(sorted zarif visit)" "$SEED " "words are ANDed"
check_eq "$(sorted '"kim jong un"')" "$SEED " "phrase"
check_eq "$(sorted '"jong kim"')" "" "a phrase keeps its order"
check_eq "$(sorted 'Vienna OR Geneva')" "1987/03/oil-prices.md 1987/04/nuclear-talks.md " "OR"
check_eq "$(sorted 'talks NOT geneva')" "2001/09/capture.txt " "NOT"
check_eq "$(sorted 'talks -geneva')" "2001/09/capture.txt " "-word"
check_eq "$(sorted 'talks -"arms talks"')" "2001/09/capture.txt " "-\"phrase\""
check_eq "$(sorted 'nucl*')" "1987/04/nuclear-talks.md " "prefix"
check_eq "$(sorted 'sanitiz*')" "notes/sanitized.md " "prefix longer than the stem"
check_eq "$(sorted '"kim jong*"')" "$SEED " "phrase ending in a prefix"
check_eq "$(sorted 'NEAR(putin kim, 5)')" "$SEED " "NEAR within reach"
check_eq "$(sorted 'NEAR(putin kim, 3)')" "" "NEAR counts the words between"
check_eq "$(sorted 'NEAR(zarif trump, 2)')" "" "NEAR out of reach"
check_eq "$(sorted 'title:nuclear')" "1987/04/nuclear-talks.md " "title:"
check_eq "$(sorted 'title:"arms talks"')" "1987/04/nuclear-talks.md " "title:\"phrase\""
check_eq "$(sorted 'title:(geneva OR envoys)')" "1987/04/nuclear-talks.md 2001/09/capture.txt " "title:(group)"
check_eq "$(sorted 'body:vienna')" "1987/03/oil-prices.md " "body:"
check_eq "$(sorted '(vienna OR geneva) talks')" "1987/04/nuclear-talks.md " "parentheses"
check_eq "$(sorted 'oil AND vienna')" "1987/03/oil-prices.md " "explicit AND"
check_eq "$(sorted 'ZARIF')" "$SEED " "case does not matter"
check_eq "$(sorted 'Vladivostók')" "$SEED " "diacritics are folded"
check_eq "$(sorted 'U.S.-Iran')" "" "punctuation inside words runs"
check_eq "$(sorted "Zarif's")" "$SEED " "apostrophes run"

# --- dates: filters, orders, undated articles left out
check_eq "$(sorted --since 1987-04 --until 1987-04)" "1987/04/nuclear-talks.md " "--since/--until a month, no query"
check_eq "$(sorted --year 1987)" "1987/03/oil-prices.md 1987/04/nuclear-talks.md " "--year"
check_eq "$(sorted --date 1987-03-09)" "1987/03/oil-prices.md " "--date a day"
check_eq "$(sorted --since 2001 visit)" "2001/09/capture.txt $SEED " "--since a year with a query"
check_eq "$(sorted --until 2019-04-15 zarif)" "" "a month-precise date is not inside a range ending mid-month"
check_eq "$(sorted --until 2019-04 zarif)" "$SEED " "but is inside the month"
run "$SEARCH" --db "$DB" --since 1980 report
check_status 1 "undated articles never match a date filter"
run "$SEARCH" --db "$DB" --since 1980 'talks OR reports'
check_contains "$out" "1 undated article left out by the date filter" "says how many undated were left out"
check_eq "$(hits --sort newest --since 1900 | tr '\n' ' ')" \
  "$SEED 2001/09/capture.txt 1987/04/nuclear-talks.md 1987/03/oil-prices.md " "--sort newest"
check_eq "$(hits --sort oldest --since 1900 | tr '\n' ' ')" \
  "1987/03/oil-prices.md 1987/04/nuclear-talks.md 2001/09/capture.txt $SEED " "--sort oldest"
check_eq "$(hits --sort oldest 'talks OR report*' | tail -1)" "notes/sanitized.md" "undated come last, oldest first"
check_eq "$(hits --sort newest 'talks OR report*' | tail -1)" "notes/sanitized.md" "undated come last, newest first"
run "$SEARCH" --db "$DB" --since 1987-02-30 oil
check_status 2 "an impossible date is an error"
check_contains "$err" "--since" "naming the option"
run "$SEARCH" --db "$DB" --since 1988 --until 1987 oil
check_status 2 "since after until"

# --- the timeline
run "$SEARCH" --db "$DB" --by year talks
check_status 0 "--by year"
check_contains "$out" "1987 " "a year with a match"
check_contains "$out" "1988 " "an empty year between is shown"
check_contains "$out" "2001 " "the last year"
check_contains "$out" "first mention 1987-04-15, last mention 2001-09" "first and last mention"
run "$SEARCH" --db "$DB" --by month --csv --year 1987 .
run "$SEARCH" --db "$DB" --by month --csv --year 1987
check_eq "$out" "period,matches,total,share
1987-03,1,1,1
1987-04,1,1,1" "--by month --csv"
run "$SEARCH" --db "$DB" --by year --json talks
check_contains "$out" '{"format_version":1,"period":"1990","matches":0,"total":0,"share":0}' "--by --json gives empty periods too"

# --- suggestions from the index's own vocabulary
run "$SEARCH" --db "$DB" Zariff
check_status 1 "a misspelt word finds nothing"
check_contains "$err" "did you mean 'Zarif'?" "Zariff -> Zarif"
run "$SEARCH" --db "$DB" pyongiang
check_contains "$err" "did you mean 'pyongyang'?" "pyongiang -> pyongyang"

# --- output formats
run "$SEARCH" --db "$DB" --format count visit
check_eq "$out" "3" "--format count"
run "$SEARCH" --db "$DB" --csv nuclear
check_eq "$(printf '%s\n' "$out" | head -1)" "id,path,title,date,source,score,countries,url,file,snippet,copies,member" "--csv header (T19: url, file and snippet added)"
check_contains "$out" 'fixture-talks,1987/04/nuclear-talks.md,Nuclear arms talks resume in Geneva,1987-04-15,Fixture Wire,' "--csv row"
run "$SEARCH" --db "$DB" --explain 'sanitiz* -oil'
check_contains "$err" 'fts5:    (("sanitiz"* OR "sanit") NOT "oil")' "--explain shows the FTS5 expression (on stderr)"
run "$SEARCH" --db "$DB" --color=always --snippet-words 6 zarif
check_contains "$out" $'\033[1;31mZarif\033[0m' "--color=always"
run "$SEARCH" --db "$DB" --version
check_contains "$out" "defcon-search " "--version"
run "$SEARCH" --db "$DB" --bogus
check_status 2 "unknown option"
check_eq "$out" "" "usage errors go to stderr only"

# --- show
run "$SEARCH" --db "$DB" show fixture-talks
check_status 0 "show by id"
check_contains "$out" "Nuclear arms talks resume in Geneva" "show prints the title"
check_contains "$out" "• The talks cover missiles in Europe." "show renders lists"
check_contains "$out" "<https://example.org/transcript>" "show renders links as text"
run "$SEARCH" --db "$DB" show --color=always "$REAL/1987/04/nuclear-talks.md" geneva
check_contains "$out" $'\033[0;1;31mGeneva' "show by full path, with the query highlighted"
run "$SEARCH" --db "$DB" show --html fixture-talks
check_contains "$out" "<li>The talks cover missiles in Europe.</li>" "show --html"
run "$SEARCH" --db "$DB" show nothing-like-it
check_status 1 "show of an unknown id"
check_eq "$(hits -- show talks)" "" "after --, show is a query word"
finish
