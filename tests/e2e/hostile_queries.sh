#!/usr/bin/env bash
# hostile_queries.sh - issue 6: the hostile queries and options of
# tests/hostile/README.md (Q01-Q45). Each gets the documented exit code
# (0 hits, 1 none, 2 error) and, where it is an error, a message quoting
# the query's problem; none crashes, hangs, or changes the index. Every
# query also runs in each output mode (Q40) with the same exit code.
. "$(dirname "$0")/lib.sh"

CHECKER=${DEFCON_CHECK:?run through ctest, or set DEFCON_CHECK to the index-check program}
ARCHIVE=$WORK/archive
DB=$WORK/index.db
mkdir -p "$ARCHIVE"
cp -R "$SOURCE/corpus/." "$ARCHIVE/"
cp -R "$DATA/archive/." "$ARCHIVE/"
cat > "$ARCHIVE/oil.md" <<'MD'
---
title: Oil prices rise
date: 1987-03-02
---
Oil prices rose as OPEC ministers met in Geneva. Crude oil and gas.
MD
"$INDEX" -q --db "$DB" "$ARCHIVE" || { bad "indexing the fixture archive"; finish; }
before=$(cksum < "$DB")
oil_before=$("$SEARCH" --db "$DB" --format count oil)

limit=60        # seconds a query may take; ten times that under valgrind
[ -n "${VALGRIND:-}" ] && limit=600
queries=()      # every query tried, for the output modes of Q40
statuses=()     # and the exit status it got in text mode

# q ID WANT MESSAGE QUERY...: runs defcon-search on the QUERY words; the
# exit status must be one of the digits of WANT, and stderr must hold
# MESSAGE (if not empty). An exit 2 must always explain itself.
# Under valgrind, one call in three runs: valgrind looks for memory errors,
# which the queries' shared code paths show as well from a third of them.
calls=0
q() {
    local id=$1 want=$2 message=$3
    shift 3
    calls=$((calls + 1))
    if [ -n "${VALGRIND:-}" ] && [ $((calls % 3)) -ne 1 ]; then return; fi
    run timeout "$limit" "$SEARCH" --db "$DB" "$@"
    if [ "$status" -ge 0 ] && [ "$status" -le 2 ] && [[ "$want" == *"$status"* ]]; then ok; else
        bad "$id $(printf '%q ' "$@" | cut -c1-80): exit $status, wanted one of $want (stderr: ${err:0:300})"
    fi
    if [ -n "$message" ]; then check_contains "$err" "$message" "$id message"; fi
    if [ "$status" -eq 2 ]; then check_contains "$err" "defcon-search: " "$id an error says why"; fi
    if [ $# -eq 1 ]; then queries+=("$1"); statuses+=("$status"); fi
}
repeat() { local i out=""; for ((i = 0; i < $2; i++)); do out+=$1; done; printf '%s' "$out"; }

q Q01 0 "" '"oil prices'
q Q02 01 "" 'oil"'
q Q02 01 "" "5'10\""
# Issue 13: without operators, parentheses are text; with them, an error.
q Q03 0 "" '(oil'
q Q04 0 "" 'oil)'
q Q03b 2 'unbalanced parentheses: "(oil OR iran" is never closed' '(oil OR iran'
q Q04b 2 'unbalanced parentheses: "oil OR iran)"' 'oil OR iran)'
q Q05 01 "" "$(repeat '(' 10000)oil$(repeat ')' 10000)"
q Q05b 2 "more than 10 deep" "$(repeat '(' 10000)oil OR iran$(repeat ')' 10000)"
# In a query all in capitals, OR is a word (issue 13); in lower case text it
# stays an operator with nothing on one side.
q Q06 01 "" OR
q Q06b 2 "write it in lowercase" 'oil OR' 
q Q07 01 "" AND
q Q08 01 "" NOT
q Q07b 2 'AND needs a term' 'oil AND'
q Q08b 2 'NOT needs a term' 'oil NOT'
q Q09 1 'the query "-" has no words to search for' -
for query in 'oil OR' 'OR oil' 'oil AND' 'oil NOT'; do q Q10 2 "\"$query\"" "$query"; done
q Q11 2 'NEAR( needs a closing parenthesis: "NEAR("' 'NEAR('
q Q12 2 '"NEAR(oil"' 'NEAR(oil'
q Q13 2 'NEAR( needs words or phrases inside: "NEAR()"' 'NEAR()'
q Q14 2 '"99999999999999999999"' 'NEAR(oil prices, 99999999999999999999)'
q Q15 2 '"-5"' 'NEAR(oil prices, -5)'
q Q15 2 '"x"' 'NEAR(oil prices, x)'
q Q15 2 "" 'NEAR(oil prices,)'
q Q15 2 "" 'NEAR(oil prices, 5'
words=""
for ((i = 0; i < 10000; i++)); do words+="w$(( (i * 7919) % 100003 )) "; done
q Q16 01 "" "$words"
q Q16 01 "" "oil $(for ((i = 0; i < 5000; i++)); do printf 'w%d OR ' $i; done)gas"
q Q17 1 "" "$(repeat x 10000)"
q Q18 0 "" $'oil\x01prices\x02rise\x1b\x7f'
q Q18 01 "" $'oil\x1b[31m\x07'
q Q19 0 "" $'oil\tprices\nrise'
q Q20 01 "" "'; DROP TABLE articles; --"
q Q21 012 "" '" OR 1=1 --'
q Q22 012 "" "oil') UNION SELECT sql FROM sqlite_master --"
q Q22 01 "" "oil UNION SELECT sql FROM sqlite_master"
for query in '*' '**' 'oil**' '*oil' 'o*i*l'; do q Q23 012 "" "$query"; done
q Q24 0 "" '^oil'
q Q24 0 "" 'oil^'
q Q25 01 "" '{title body}: oil'
q Q25 01 "" '{title}:oil'
for query in 'title:' ':oil' 'title : oil' 'body:title:oil' 'title:(oil OR gas)' 'a:b:c' \
             'http://x.com/a?b=c' 'title:NEAR(oil prices)'; do
    q Q26 012 "" "$query"
done
# Only title and body are reachable: other FTS5 columns and hidden ones
# (rank, the table itself) are words.
for query in 'countries:IR' 'rank:1' 'fts:oil' 'rowid:1' 'mentions:IR' '{countries}:IR'; do
    q Q26 1 "" "$query"
done
q Q27 0 "" 'oil + prices'
q Q27 1 "" '+'
for query in '"' '*' '^' ':' '{' '}' '+' '-' ',' '.' '(' ')'; do q Q28 12 "" "$query"; done
q Q29 12 "" '"*^:(){}+-,.'
q Q29 012 "" 'oil "*^:(){}+-,.'
q Q29 012 "" 'oil *^:(){}+-,. gas'
q Q30 01 "" $'\xff\xfe oil \xc0\xaf'
q Q31 2 "nothing to search for" ''
q Q32 12 "no words" '   '
q Q33 1 "" 'or and not near'
q Q34 01 "" 'title:"unclosed'
q Q35 01 "" "oil\\ 50% a_b it's ; %_ \\\\"
for query in 'NOT NOT oil' 'oil NOT NOT prices' 'OR OR OR' 'oil - - prices' 'oil -'; do
    q Q36 012 "" "$query"
done
q Q37 2 "NEAR(" 'NEAR(a b, 5) OR NEAR('
q Q38 01 "" "$(for ((i = 0; i < 200; i++)); do printf 'p%d* ' $i; done)"
q Q38 01 "" "$(for ((i = 0; i < 200; i++)); do printf '%s* ' "$(printf "\\x$(printf %x $((97 + i % 26)))")"; done)"
q Q39 1 "" "$(repeat '!?.,;' 20000)"
q Q39 01 "" "$(repeat '"a b c" ' 3000)"
q Q39 01 "" "NEAR($(for ((i = 0; i < 3000; i++)); do printf 'w%d ' $i; done))"

# Q41-Q45: hostile option values.
q Q41 2 "--since '1987-02-30'" --since 1987-02-30 oil
q Q41 2 "--since '1850'" --since 1850 oil
q Q41 2 "--until '2150-01-01'" --until 2150-01-01 oil
q Q42 2 "no such country" --country "'; DROP TABLE articles; --" oil
q Q43 2 "--limit" --limit 99999999999999999999 oil
q Q43 2 "--limit" --limit -1 oil
q Q43 2 "--offset" --offset -1 oil
q Q43 2 "--snippet-words" --snippet-words 0 oil
q Q44 2 "--date" --date '' oil
q Q44 2 "--year" --year 0 oil
q Q44 2 "--year" --year 99999 oil
q Q45 0 "" -- -Vienna oil
q Q45 2 "not negated" -- -oil

# Q40: every single-argument query again in each other output mode, with
# the same exit status; JSON lines must parse. Under valgrind, one query
# in four of those run (the modes share all but the printer).
mismatches=0; step=1
[ -n "${VALGRIND:-}" ] && step=4
for ((i = 0; i < ${#queries[@]}; i += step)); do
    query=${queries[$i]}
    for mode in "--json" "--csv" "--format count" "--format paths" "--by year" "--facets"; do
        # shellcheck disable=SC2086
        timeout "$limit" "$SEARCH" --db "$DB" $mode -- "$query" >"$WORK/mode.out" 2>"$WORK/mode.err"
        got=$?
        want=${statuses[$i]}
        # Modes without hits count periods or countries: "nothing found"
        # may differ from the text mode only between 0 and 1.
        if [ "$got" -ne "$want" ] && ! { [ "$got" -le 1 ] && [ "$want" -le 1 ] \
                                         && [[ "$mode" == "--by year" || "$mode" == "--facets" ]]; }; then
            mismatches=$((mismatches + 1))
            printf 'Q40 %s %q: exit %s, text mode %s: %s\n' "$mode" "${query:0:60}" "$got" "$want" \
                "$(head -c 200 "$WORK/mode.err")" >&2
        fi
        if [ "$mode" = "--json" ] && ! python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line)' "$WORK/mode.out" 2>/dev/null; then
            mismatches=$((mismatches + 1))
            printf 'Q40 --json %q: invalid JSON\n' "${query:0:60}" >&2
        fi
    done
done
check_eq "$mismatches" "0" "Q40 every query answers alike in every output mode (${#queries[@]} queries)"
printf '%d queries tried; in 7 output modes: every %s\n' "${#queries[@]}" "$step"

# Nothing a query did changed the index.
check_eq "$(cksum < "$DB")" "$before" "the index file is unchanged after every query"
run "$CHECKER" check "$DB"
check_eq "$out" "ok" "the index passes both integrity checks after every query"
check_eq "$("$SEARCH" --db "$DB" --format count oil)" "$oil_before" "the index still answers as before"
finish
