#!/usr/bin/env bash
# levels.sh - the alert levels articles assess, end to end: stored at
# index time (the article's own statement, not the 2025 header's status
# line, not the US military's DEFCON 2 of 1962), `defcon-search levels`
# (text, JSON, CSV, --changes, filters), `--level N` on a search and in
# JSON hits, removal with the article, and `show --html` of an article
# read from an HTML page.
. "$(dirname "$0")/lib.sh"

ARCHIVE=$WORK/archive
DB=$WORK/index.db
mkdir -p "$ARCHIVE/2021/03" "$ARCHIVE/2022/10" "$ARCHIVE/2023/01" "$ARCHIVE/2025/06" "$ARCHIVE/pages"

# 2021 template: a bulletin, the colour then the level.
cat > "$ARCHIVE/2021/03/raised.txt" <<'TXT'
The DEFCON Warning System™

Ongoing Geointel and Analysis in the theater of nuclear war. Established 1984

Alert raised over missile tests

Condition code is Blue. DEFCON 4.

Two launches in a week have raised tension in the region.

Read more at AP

Ongoing Geointel and Analysis in the theater of nuclear war.

© 2021 The DEFCON Warning System™. Established 1984.
TXT
# 2025 template: the header's status line (the site's level at capture
# time, 5 Green) differs from the level the article states.
cat > "$ARCHIVE/2025/06/status.txt" <<'TXT'
The DEFCON Warning System

The World's Only Public Nuclear Threat Advisory System. Independent, real-time analysis of global nuclear tensions. Since 1984.

DEFCON 5 Green

Troops mass at the border

We are raising the alert level to DEFCON 3 - Yellow as troops mass at the border.

Read more at CNN

© 2025 The DEFCON Warning System. Since 1984.
TXT
# History: the US military's DEFCON 2, not an assessment of the site.
cat > "$ARCHIVE/2022/10/cuba.txt" <<'TXT'
Cuba, sixty years on

During the Cuban missile crisis in October 1962 the US went to DEFCON 2, the only time it did.

Historians still argue over how close the world came to war.

Read more at DW
TXT
cat > "$ARCHIVE/2023/01/eased.md" <<'MD'
---
title: Talks resume
date: 2023-01-15
id: talks-resume
---
The envoys met again. The site remains at DEFCON 4 while the talks go on.
MD
cp "$DATA/html/wordpress-article.html" "$ARCHIVE/pages/condition-blue.html"
"$INDEX" -q --db "$DB" "$ARCHIVE" || bad "indexing the levels archive"
PAGE_ID=https://defconwarningsystem.com/2019/04/29/condition-blue/

# --- the history, oldest first
run "$SEARCH" --db "$DB" levels
check_status 0 "levels"
check_eq "$out" "2019-04-29  DEFCON 4  Blue    $PAGE_ID  Condition Blue as talks stall
2021-03     DEFCON 4  Blue    2021/03/raised.txt  Alert raised over missile tests
2023-01-15  DEFCON 4  -       talks-resume  Talks resume
2025-06     DEFCON 3  Yellow  2025/06/status.txt  Troops mass at the border
4 matching articles state a level" "levels: every assessment in date order, not 1962's DEFCON 2 nor the header's 5"
run "$SEARCH" --db "$DB" levels --changes
check_eq "$out" "2019-04-29  DEFCON 4  Blue    $PAGE_ID  Condition Blue as talks stall
2025-06     DEFCON 3  Yellow  2025/06/status.txt  Troops mass at the border
4 matching articles state a level; 2 changes shown" "levels --changes folds repeated levels"
run "$SEARCH" --db "$DB" levels --sort newest --since 2021 --until 2024
check_eq "$out" "2023-01-15  DEFCON 4  -       talks-resume  Talks resume
2021-03     DEFCON 4  Blue    2021/03/raised.txt  Alert raised over missile tests
2 matching articles state a level
dated from 2021-01-01 until 2024-12-31" "levels with dates, newest first"
run "$SEARCH" --db "$DB" levels troops
check_contains "$out" "2025/06/status.txt" "levels with a query word"
check_lacks "$out" "raised.txt" "levels with a query word: only its matches"
run "$SEARCH" --db "$DB" levels --json --level 3
check_eq "$out" "{\"format_version\":1,\"date\":\"2025-06\",\"level\":3,\"colour\":\"Yellow\",\"id\":\"2025/06/status.txt\",\"path\":\"2025/06/status.txt\",\"file\":\"$(cd "$ARCHIVE" && pwd -P)/2025/06/status.txt\",\"title\":\"Troops mass at the border\"}" "levels --json"
run "$SEARCH" --db "$DB" levels --csv --until 2022
check_eq "$out" "date,level,colour,id,path,title
2019-04-29,4,Blue,$PAGE_ID,pages/condition-blue.html,Condition Blue as talks stall
2021-03,4,Blue,2021/03/raised.txt,2021/03/raised.txt,Alert raised over missile tests" "levels --csv"
run "$SEARCH" --db "$DB" levels nosuchword
check_status 1 "levels with nothing matching"
check_contains "$out" "No matching article states a level" "levels says so"

# --- --level on a search
check_eq "$(paths --db "$DB" --level 4 --sort oldest | sed "s|^$ARCHIVE/||;s|^.*/archive/||")" "pages/condition-blue.html
2021/03/raised.txt
2023/01/eased.md" "--level 4 lists the articles assessing DEFCON 4"
check_eq "$(paths --db "$DB" --level 3 troops | sed 's|^.*/archive/||')" "2025/06/status.txt" "--level 3 with a query"
run "$SEARCH" --db "$DB" --level 5
check_status 1 "--level 5: the header's status line is no article's assessment"
check_contains "$out" "assessing DEFCON 5" "the filter is described"
run "$SEARCH" --db "$DB" --level 2 cuba
check_status 1 "--level 2: 1962's DEFCON 2 is history"
run "$SEARCH" --db "$DB" --format count cuba
check_eq "$out" "1" "the history article is indexed all the same"
run "$SEARCH" --db "$DB" --json --level 3 troops
check_contains "$out" '"level":3,"colour":"Yellow"' "JSON hits carry the level"
run "$SEARCH" --db "$DB" --json cuba
check_lacks "$out" '"level"' "a hit without a level has none"
run "$SEARCH" --db "$DB" --level 6 troops
check_status 2 "--level 6 is refused"
check_contains "$err" "--level wants an alert level from 1 to 5" "--level's error says why"
run "$SEARCH" --db "$DB" show 2025/06/status.txt
check_contains "$out" "· DEFCON 3 Yellow" "show names the level"

run "$SEARCH" --help
check_contains "$out" "defcon-search levels [QUERY...]" "--help tells of levels"
check_contains "$out" "--level N" "--help tells of --level"

# --- show --html of an article read from an HTML page: the cleaned article
run "$SEARCH" --db "$DB" show --html "$PAGE_ID" talks
check_status 0 "show --html of an HTML page"
check_contains "$out" '<!DOCTYPE html>' "a standalone page"
check_contains "$out" '<meta charset="utf-8">' "with its charset"
check_contains "$out" '<title>Condition Blue as talks stall</title>' "and its title"
check_contains "$out" '<h2>What changed since the last bulletin</h2>' "the page's headings"
check_contains "$out" '<li>Both delegations left the table without a date for the next round.</li>' "its lists"
check_contains "$out" '<blockquote><p>' "its quotes"
check_contains "$out" '<em>missile tests</em>' "its emphasis"
check_contains "$out" '<mark>talks</mark>' "the query's words marked"
check_lacks "$out" '<script' "no scripts"
check_lacks "$out" 'javascript:' "no javascript: links"
check_lacks "$out" 'tracking' "no script text"

# --- the JSON API takes level too (where curl is)
if command -v curl >/dev/null; then
    start_server --db "$DB"
    body=$(curl -s "$URL/api/search?level=3")
    check_contains "$body" '"id":"2025/06/status.txt"' "api/search?level=3"
    check_contains "$body" '"level":3,"colour":"Yellow"' "api hits carry the level"
    check_lacks "$body" 'raised.txt' "api/search?level=3 leaves the others out"
    check_eq "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?q=troops&level=9")" "400" \
        "api/search?level=9 is refused"
    stop_server
fi

# --- removed with the article
rm "$ARCHIVE/2025/06/status.txt"
"$INDEX" -q --db "$DB" "$ARCHIVE" || bad "reindexing"
run "$SEARCH" --db "$DB" levels --changes
check_eq "$out" "2019-04-29  DEFCON 4  Blue    $PAGE_ID  Condition Blue as talks stall
3 matching articles state a level; 1 change shown" "a removed article's level goes with it"
# The tables themselves (the sqlite3 shell, which CI machines may lack).
if command -v sqlite3 >/dev/null; then
    check_eq "$(sqlite3 "$DB" 'SELECT count(*) FROM levels')" "3" "the levels table holds no orphan"
    check_eq "$(sqlite3 "$DB" 'SELECT count(*) FROM article_html')" "1" "the HTML page's cleaned article is kept"
    rm "$ARCHIVE/pages/condition-blue.html"
    "$INDEX" -q --db "$DB" "$ARCHIVE" || bad "reindexing"
    check_eq "$(sqlite3 "$DB" 'SELECT count(*) FROM article_html')" "0" "nor the article_html table"
fi

finish
