#!/usr/bin/env bash
# questions.sh - issue 13 end to end: questions as people type them. Best
# match, pasted text, name variants on a fixture archive; the issue's own
# examples on Reuters (skipped when ../shared is absent).
. "$(dirname "$0")/lib.sh"

fixture_archive
mkdir -p "$ARCHIVE/2011/03" "$ARCHIVE/1986/04"
cat > "$ARCHIVE/2011/03/libya.md" <<'MD'
---
title: Gaddafi forces shell the rebel town
---
Forces loyal to Muammar Gaddafi shelled the town on Sunday, rebels said.
MD
cat > "$ARCHIVE/1986/04/raid.md" <<'MD'
---
title: Kadhafi defiant after the raid
---
Colonel Kadhafi appeared on television after the night raid on Tripoli.
MD
mkdir -p "$ARCHIVE/2006/02"
cat > "$ARCHIVE/2006/02/centrifuges.md" <<'MD'
---
title: Centrifuge cascades resume uranium enrichment
---
Engineers restarted the centrifuge cascades at the enrichment plant, and
uranium enrichment resumed under the eyes of the inspectors.
MD
cat > "$ARCHIVE/2006/02/inspectors.md" <<'MD'
---
title: Inspectors count the centrifuges
---
The inspectors counted the centrifuges of each cascade; enrichment of
uranium went on while they watched.
MD
"$INDEX" -q --db "$DB" "$ARCHIVE" || { bad "indexing the fixture archive"; finish; }
hits() { "$SEARCH" --db "$DB" --format paths --limit 20 "$@" 2>/dev/null | sed "s|^$REAL/||"; }

# --- best match: all the words first, then those holding most of them
run "$SEARCH" --db "$DB" --format paths "Zarif visit"
check_status 0 "best match: a two-word query"
check_eq "$(printf '%s\n' "$out" | head -1 | sed "s|^$REAL/||")" "2019/04/000_720859f5ca48e51c.txt" \
    "the article with both words ranks first"
check_contains "$(hits "Zarif visit")" "2001/09/capture.txt" \
    "fewer than a page hold both: articles with one of the words follow"
check_eq "$(hits --all "Zarif visit")" "2019/04/000_720859f5ca48e51c.txt" "--all requires every word"
run "$SEARCH" --db "$DB" "Zarif visit"
check_contains "$out" "only 1 article has all 2 words; ranked with those holding most of them" \
    "the footer says the search was relaxed"
run "$SEARCH" --db "$DB" "why did zarif travel to pyongyang"
check_status 0 "a question finds articles though none holds every word"
check_contains "$out" "no article has all 6 words; ranked by how many and how well they match" \
    "the footer says no article has all the words"
run "$SEARCH" --db "$DB" --json "Zarif visit"
check_contains "$(printf '%s\n' "$out" | head -1)" '"matched":["Zarif","visit"]' \
    "JSON gives each hit the query words it matched"
run "$SEARCH" --db "$DB" --any --format count "Zarif visit"
check_eq "$out" "$("$SEARCH" --db "$DB" --format count "Zarif OR visit")" "--any ranks any word"
check_eq "$(hits "Zarif -visit")" "" "a negated word stays excluded when the search is relaxed"

# --- similar articles
run "$SEARCH" --db "$DB" --format paths similar 2006/02/centrifuges.md
check_status 0 "similar ID lists articles"
check_eq "$(printf '%s\n' "$out" | head -1 | sed "s|^$REAL/||")" "2006/02/inspectors.md" \
    "the article most like it comes first"
check_lacks "$out" "centrifuges.md" "an article is not similar to itself"
run "$SEARCH" --db "$DB" --json --limit 1 similar 2006/02/centrifuges.md
check_contains "$out" '"path":"2006/02/inspectors.md"' "similar takes the output formats of a search"
run "$SEARCH" --db "$DB" similar no-such-article
check_status 1 "similar of an unknown article finds nothing"
check_contains "$err" "no article has the id or path 'no-such-article'" "and says so"

# --- words in context
run "$SEARCH" --db "$DB" --kwic --all "uranium enrichment"
check_status 0 "--kwic prints a concordance"
check_contains "$out" " uranium  enrichment resumed under the eyes of" \
    "a line: the left context, the word set apart, the right context"
check_contains "$out" "2006-02    " "each line gives the article's date"
check_eq "$(printf '%s\n' "$out" | grep -c "^2006-02")" "$(printf '%s\n' "$out" | grep -ci "enrichment\|uranium")" \
    "one line per occurrence, each with its date"
run "$SEARCH" --db "$DB" --kwic --json --all "centrifuge"
check_contains "$out" '"match":"centrifuge"' "--kwic --json: the match"
check_contains "$out" '"left":"Engineers restarted the "' "--kwic --json: the left context"
run "$SEARCH" --db "$DB" --kwic --csv --all "centrifuge"
check_contains "$(printf '%s\n' "$out" | head -1)" "id,date,left,match,right" "--kwic --csv: a header row"

# --- pasted text never errors
run "$SEARCH" --db "$DB" --format paths "1) zarif 2) visit"
check_status 0 "a numbered list (unbalanced parentheses) is text, not an error"
run "$SEARCH" --db "$DB" --format paths 'he said "zarif would visit'
check_status 0 "an unpaired quote is text"
run "$SEARCH" --db "$DB" --format paths "ZARIF AND KIM OR VISIT"
check_status 0 "in a query in capitals alone AND and OR are words"
run "$SEARCH" --db "$DB" "(zarif OR kim"
check_status 2 "a query with operators is taken as written: unbalanced parentheses are an error"

# --- name variants
check_eq "$(hits qaddafi | sort | tr '\n' ' ')" "1986/04/raid.md 2011/03/libya.md " \
    "Qaddafi finds Gaddafi and Kadhafi"
check_eq "$(hits --exact qaddafi)" "" "--exact turns the variants off"
run "$SEARCH" --db "$DB" --explain qaddafi
check_contains "$err" "names:   qaddafi = gaddafi" "--explain shows the variant group (on stderr)"
check_contains "$err" "names:   qaddafi = gaddafi = kadhafi (table)" \
    "the spellings the index holds are searched"
check_lacks "$err" "qadhafi" "a spelling no article holds is left out (it could only cost time)"

# A rule-made spelling far rarer than the word typed is left out: "said"
# in 120 articles is a word, not the name Saed of one (which would add one
# match in 120 and cost every search of "said" another evaluation).
common=$WORK/common
mkdir -p "$common/2001/05"
for n in $(seq 1 120); do
    printf -- '---\ntitle: Report number %d on the harvest\n---\nThe minister said the harvest of field %d was %d tonnes.\n' \
        "$n" "$n" "$((n * 7))" > "$common/2001/05/report-$n.md"
done
printf -- '---\ntitle: An interview\n---\nKhaled Saed spoke about the harbour.\n' \
    > "$common/2001/05/interview.md"
"$INDEX" -q --db "$WORK/common.db" "$common" || bad "indexing the common-word archive"
run "$SEARCH" --db "$WORK/common.db" --explain --format count said
check_eq "$out" "120" "\"said\" finds the 120 articles that hold the word"
check_lacks "$err" "saed" "its rule-made spelling, 120 times rarer, is left out"
run "$SEARCH" --db "$WORK/common.db" --explain --format count saed
check_contains "$err" "names:   saed = said (rules)" "the rare spelling typed still gets the common one"

# --- a pasted paragraph is matched on its most distinctive words
paste="Engineers restarted the centrifuge cascades at the enrichment plant on
Monday, officials of the government said, while the inspectors were watching
closely and the ministers of several countries met again in the capital to
discuss what the talks might bring for the region and the world markets."
run "$SEARCH" --db "$DB" --color never "$paste"
check_status 0 "a pasted paragraph finds articles"
check_eq "$(printf '%s\n' "$out" | grep -m1 '^1\.')" "1. Centrifuge cascades resume uranium enrichment" \
    "the article it was pasted from ranks first"
check_contains "$out" "matched on its 12 most distinctive words" \
    "the footer says the paste was matched on its most distinctive words"

# --- copies folded: a wire story sent twice and a headline-only flash of
# it on one day are one story; the same words a week later are another.
mkdir -p "$ARCHIVE/1987/03"
story() {   # story FILE DATE TITLE [BODY]
    printf -- '---\ntitle: %s\ndate: %s\n---\n%s\n' "$3" "$2" "${4:-}" > "$ARCHIVE/1987/03/$1"
}
body="The Bundesbank left its credit policies unchanged after today's regular
meeting of its central bank council, a spokesman said in answer to
enquiries. The discount rate stays at three pct and the lombard rate at
five pct, and the council set no new tender for securities repurchase
pacts this week, dealers in Frankfurt said after the announcement today."
story council-a.md 1987-03-05 "Bundesbank leaves credit policies unchanged" "$body"
story council-b.md 1987-03-05 "BUNDESBANK LEAVES CREDIT POLICIES UNCHANGED" "$body"
story council-flash.md 1987-03-05 "Bundesbank leaves credit policies unchanged"
story council-later.md 1987-03-19 "Bundesbank leaves credit policies unchanged" "$body"
"$INDEX" --db "$DB" "$ARCHIVE" 2>"$WORK/copies.log" || bad "indexing the copies"
check_contains "$(cat "$WORK/copies.log")" "2 articles are near-identical copies of other stories" \
    "the indexer counts the copies it found"
run "$SEARCH" --db "$DB" --color never --all --limit 5 bundesbank credit policies
check_eq "$(printf '%s\n' "$out" | grep -c '^[0-9]\.')" "2" "copies fold: two stories, two hits"
check_contains "$out" "+2 near-identical (" "a hit lists its story's copies"
check_contains "$out" "1–2 of 2 stories" "the footer counts stories"
check_contains "$out" "counts are of stories: 2 near-identical copies counted with their stories" \
    "and says copies are counted with their stories"
run "$SEARCH" --db "$DB" --all --all-copies --format count bundesbank credit policies
check_eq "$out" "4" "--all-copies counts every article"
check_eq "$("$SEARCH" --db "$DB" --all --format count bundesbank credit policies)" "2" \
    "count: stories by default"
run "$SEARCH" --db "$DB" --json bundesbank credit policies
check_eq "$(printf '%s\n' "$out" | grep -c '"copies":\[')" "1" "JSON lists the copies' ids"
check_contains "$out" '"copies":["' "as an array"
run "$SEARCH" --db "$DB" --csv bundesbank credit policies
check_contains "$(printf '%s\n' "$out" | head -1)" ",snippet,copies" "CSV has a copies column"
run "$SEARCH" --db "$DB" --sort newest --format paths bundesbank
check_eq "$(printf '%s\n' "$out" | grep -c council)" "2" "date order folds copies too"
run "$SEARCH" --db "$DB" --by month --csv bundesbank
check_contains "$out" "1987-03,2," "the timeline counts stories"
run "$SEARCH" --db "$DB" --facets --csv --all bundesbank lombard
check_contains "$out" "about,,DE,2" "facets count stories"
run "$SEARCH" --db "$DB" --facets --csv --all-copies --all bundesbank lombard
check_contains "$out" "about,,DE,3" "--all-copies: facets count articles"
run "$SEARCH" --db "$DB" --by month --csv --all-copies bundesbank
check_contains "$out" "1987-03,4," "--all-copies: the timeline counts articles"
run "$SEARCH" --db "$DB" --format paths similar 1987/03/council-a.md
check_lacks "$out" "council-b.md" "similar leaves out the article's own copies"
check_contains "$out" "council-later.md" "but not the same words on another day"
if command -v curl >/dev/null; then   # the search page and the API fold too
    start_server --db "$DB"
    page=$(curl -s "$URL/?q=bundesbank+leaves+credit+policies+unchanged")
    check_contains "$page" '<p class="meta copies">+2 near-identical: <a href="/article?' \
        "the search page lists a hit's copies, each a link"
    check_contains "$page" "<p class=\"summary\" role=\"status\">Stories 1–" "the page counts stories"
    check_contains "$page" "2 near-identical copies counted with their stories" "and says so"
    check_contains "$(curl -s "$URL/api/search?q=bundesbank+leaves+credit+policies+unchanged")" \
        '"copies":["' "the API's hits list their copies"
    check_contains "$(curl -s "$URL/api/timeline?q=bundesbank+leaves+credit+policies+unchanged")" \
        '"copies_folded":2' "the API's timeline says how many copies it counted with their stories"
    check_contains "$(curl -s "$URL/api/facets?q=bundesbank+leaves+credit+policies+unchanged")" \
        '"copies_folded":2' "and so do its facets"
    stop_server
fi
rm "$ARCHIVE/1987/03/council-a.md"
"$INDEX" -q --db "$DB" "$ARCHIVE" || bad "reindexing without the story's first article"
check_eq "$("$SEARCH" --db "$DB" --all --format count bundesbank credit policies)" "2" \
    "its copies still fold when the story's first article is gone"
rm "$ARCHIVE/1987/03/council-"*.md
"$INDEX" -q --db "$DB" "$ARCHIVE" || bad "reindexing without the copies"

# --- the issue's examples, on Reuters
REUTERS=$SHARED/corpora/reuters21578/articles
if [ -d "$REUTERS" ]; then
    RDB=$WORK/reuters.db
    "$INDEX" -q --db "$RDB" "$REUTERS" || bad "indexing Reuters"
    count=$("$SEARCH" --db "$RDB" --format paths --limit 100 "why did oil prices fall" | wc -l)
    [ "$count" -ge 50 ] && ok || bad "why did oil prices fall: $count hits, wanted a full page"
    run "$SEARCH" --db "$RDB" --limit 3 \
        "what did the president say about the budget deficit in his speech to congress"
    check_status 0 "a long question finds articles"
    check_contains "$out" "ranked by how many and how well they match" "and says how"
    run "$SEARCH" --db "$RDB" --limit 3 volker
    check_contains "$err" "for 'volker', did you mean 'volcker'?" \
        "a far more common close word is suggested though the word is in the index"
    run "$SEARCH" --db "$RDB" --limit 1 Nakasoen
    check_contains "$err" "did you mean 'Nakasone'?" "T18 a misspelt name suggests a word, not a stem"
    run "$SEARCH" --db "$RDB" --format paths "1) oil prices 2) opec output"
    check_status 0 "pasted numbered text"
    run "$SEARCH" --db "$RDB" --json --limit 6 bundesbank credit policies
    ids=$(printf '%s\n' "$out" | sed 's/^.*"id":"\([^"]*\)".*$/\1/' | tr '\n' ' ')
    check_eq "$(printf '%s\n' "$out" | wc -l)" "6" "bundesbank credit policies: six hits"
    check_contains "$out" '"copies":["reuters-12471","reuters-12456"]' \
        "the three items of 2 April are one story"
    check_contains "$ids" "reuters-7025" "19 March is another story"
    check_contains "$ids" "reuters-1969" "and 5 March a third"
    check_eq "$(printf '%s\n' "$out" | grep -o '"id":"[^"]*"' | sort -u | wc -l)" "6" \
        "six places, six different stories"
else
    printf 'questions.sh: Reuters examples skipped: no %s\n' "$REUTERS"
fi
finish
