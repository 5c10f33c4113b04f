#!/usr/bin/env bash
# serve_api.sh - `defcon-search serve` on the fixture archive, driven with
# curl: the JSON API gives what --json gives, errors are JSON with a
# status, limits are told, pages are escaped and carry a strict CSP, a
# reindexed database is served without a restart, every request is logged,
# --immutable sends cache headers keyed on the build id, and SIGTERM stops
# it cleanly.
. "$(dirname "$0")/lib.sh"

command -v curl >/dev/null || skip "curl is not installed (scripts/install-deps --test)"
fixture_archive
"$INDEX" --db "$DB" "$ARCHIVE" 2>/dev/null || { bad "indexing the fixture"; finish; }
start_server --db "$DB"

get() {   # get PATH: body in $out, status in $code, headers in $WORK/headers
    code=$(curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$URL$1")
    out=$(cat "$WORK/body")
}
json() {  # json PYTHON-EXPRESSION-OF-d: evaluates it on $out
    printf '%s' "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# The API's hits are the objects --json prints, field for field.
get "/api/search?q=zarif"
check_eq "$code" 200 "/api/search answers"
check_eq "$(json 'd["version"], d["format_version"], d["total"], len(d["hits"])')" \
    "$("$SEARCH" --version | cut -d' ' -f2) 1 1 1" "version, format version, total and hits"
"$SEARCH" --db "$DB" --json zarif > "$WORK/cli.json"
check_eq "$(printf '%s' "$out" | python3 -c "import json,sys
d = json.load(sys.stdin)
cli = [dict(json.loads(l), file=None) for l in open('$WORK/cli.json')]
print(d['hits'] == cli)")" "True" "/api/search hits equal defcon-search --json (but file: no local names on the web)"
get "/api/search?q=nuclear&country=Iran&sort=newest&limit=3&offset=1"
"$SEARCH" --db "$DB" --json --country Iran --sort newest --limit 3 --offset 1 nuclear > "$WORK/cli.json"
check_eq "$(printf '%s' "$out" | python3 -c "import json,sys
d = json.load(sys.stdin)
print(d['hits'] == [json.loads(l) for l in open('$WORK/cli.json')], d['offset'], d['limit'])")" \
    "True 1 3" "filters, sort, limit and offset as on the command line"

get "/api/count?q=nuclear&since=2019"
check_eq "$(json 'd["total"]')" "$("$SEARCH" --db "$DB" --format count --since 2019 nuclear)" "/api/count"
get "/api/timeline?q=nuclear&by=month"
"$SEARCH" --db "$DB" --json --by month nuclear > "$WORK/cli.json"
check_eq "$(printf '%s' "$out" | python3 -c "import json,sys
d = json.load(sys.stdin)
print(d['periods'] == [json.loads(l) for l in open('$WORK/cli.json')], d['by'])")" "True month" \
    "/api/timeline periods equal --by month --json"
get "/api/facets?q=nuclear&country=IR"
"$SEARCH" --db "$DB" --json --facets --country IR nuclear > "$WORK/cli.json"
check_eq "$(printf '%s' "$out" | python3 -c "import json,sys
d = json.load(sys.stdin)
print(d['facets'] == [json.loads(l) for l in open('$WORK/cli.json')], len(d['facets']))")" \
    "True 2" "/api/facets equal --facets --json (about, and mentioned with Iran)"
get "/api/article?id=2019/04/000_720859f5ca48e51c.txt"
check_eq "$(json 'd["article"]["title"], d["article"]["date"], d["article"]["countries"][:2]')" \
    "Why Russia, Iran seek deeper ties with North Korea 2019-04 ['IR', 'KP']" "/api/article"
check_contains "$(json 'd["article"]["body"][:40]')" "Moscow and Tehran" "the article's body"
get "/api/search?q=zariff"
check_eq "$(json 'd["total"], d["suggestions"]')" "0 [{'word': 'zariff', 'suggestion': 'zarif'}]" \
    "suggestions when nothing matches"

# Errors: JSON with a status under /api/, pages elsewhere; limits told.
long=$(printf 'a%.0s' $(seq 1001))
get "/api/search?q=$long"
check_eq "$code $(json 'd["status"], d["error"]')" \
    "400 400 the query is too long: 1001 bytes, at most 1000" "W01 query length limit"
get "/api/search?q=oil&limit=101"
check_eq "$code $(json 'd["error"]')" "400 limit is a number from 0 to 100, not '101'" "W02 page size limit"
get "/api/search?q=oil&offset=20000"
check_eq "$code" 400 "W03 offset limit"
get "/api/search?q=NEAR("
check_eq "$code $(json 'd["error"]')" '400 NEAR( needs a closing parenthesis: "NEAR("' "W04 a query that cannot be understood"
get "/api/count?country=Narnia"
check_eq "$code" 400 "W05 an unknown country"
check_contains "$(json 'd["error"]')" "no such country 'Narnia'" "W05 is told"
get "/api/count?country=Texas"
check_contains "$code $(json 'd["error"]')" "400 no such country 'Texas'; did you mean 'United States'?" \
    "W05 with the gazetteer's suggestions"
get "/api/article?id=no/such/article"
check_eq "$code $(json 'd["status"]')" "404 404" "W10 a missing article"
get "/api/nothing"
check_eq "$code $(json 'd["status"]')" "404 404" "W06 an unknown API address"
get "/no/such/page"
check_eq "$code" 404 "W06 an unknown page"
check_contains "$out" "<!DOCTYPE html>" "as HTML"
get "/../../etc/passwd"
check_eq "$code" 404 "W06 no file from disk"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d 'q=x' "$URL/api/search")
check_eq "$code" 405 "W07 POST is refused"

# Pages: escaped, a strict CSP, state in links.
get "/?q=%3Cscript%3Ealert(1)%3C/script%3E+nuclear&country=KP"
check_eq "$code" 200 "the search page"
check_contains "$out" "&lt;script&gt;alert(1)&lt;/script&gt;" "W08 the query escaped"
check_lacks "$out" "<script" "W08 no script in the page"
check_contains "$(cat "$WORK/headers")" "Content-Security-Policy: default-src 'none'; style-src 'self'" "W08 a strict CSP"
check_contains "$(cat "$WORK/headers")" "X-Content-Type-Options: nosniff" "nosniff"
get "/?q=nuclear"
check_contains "$out" '<ol class="hits">' "hits listed"
get "/?since=1900"
check_contains "$out" '<svg class="timeline"' "the timeline chart"
check_contains "$out" '<a href="/?since=1987&amp;until=1987" aria-label="1987: ' "a bar filters to its year"
get "/?q=nuclear"
check_contains "$out" 'href="/?q=nuclear&amp;country=' "facets add a country filter"
check_contains "$out" 'href="/export.csv?q=nuclear"' "export links"
get "/?q=zariff+visit"
check_contains "$out" 'Did you mean <a href="/?q=zarif+visit">zarif visit</a>?' "the page suggests a spelling"
get "/style.css"
check_contains "$(cat "$WORK/headers")" "Content-Type: text/css" "the stylesheet"
version=$("$SEARCH" --version | cut -d' ' -f2)
check_contains "$(cat "$WORK/headers")" "ETag: \"$version\"" "the stylesheet is cached by version"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: \"$version\"" "$URL/style.css")
check_eq "$code" 304 "and revalidated"
get "/?q=oil"
check_lacks "$(cat "$WORK/headers")" "ETag" "a search of a live index is not cached"
get "/help"
check_contains "$out" "NEAR(kim trump, 5)" "the query language page"

# Exports: every match, streamed, one header.
total=$("$SEARCH" --db "$DB" --format count nuclear)
get "/export.csv?q=nuclear"
check_eq "$(printf '%s\n' "$out" | wc -l)" "$((total + 1))" "CSV: a header and every match"
check_eq "$(printf '%s\n' "$out" | head -1)" "id,path,title,date,source,score,countries,url,file,snippet,copies,member" "CSV header"
check_contains "$(cat "$WORK/headers")" 'attachment; filename="defcon-results.csv"' "as a download"
get "/export.jsonl?q=nuclear&sort=oldest"
check_eq "$(printf '%s\n' "$out" | wc -l)" "$total" "JSON Lines: every match"
check_eq "$out" "$("$SEARCH" --db "$DB" --json --sort oldest --limit 100000 nuclear \
                  | sed 's/"file":"[^"]*"/"file":null/')" \
    "JSON Lines as --json prints them (file null: no local names on the web)"

# A reindexed database is served without a restart.
get "/api/count?q=quokka"
check_eq "$(json 'd["total"]')" 0 "no quokka yet"
mkdir -p "$ARCHIVE/2020/01"
printf -- '---\ntitle: Quokka summit\ndate: 2020-01-02\n---\nA quokka met the envoys.\n' \
    > "$ARCHIVE/2020/01/quokka.md"
"$INDEX" --db "$DB" "$ARCHIVE" 2>/dev/null
get "/api/count?q=quokka"
check_eq "$(json 'd["total"]')" 1 "W12 the reindexed article is found without a restart"

# One log line per request; a clean stop.
check_contains "$(cat "$WORK/serve.log")" "GET /api/count?q=quokka 200" "requests are logged"
lines_before=$(grep -c ' GET \| POST ' "$WORK/serve.log")
get "/api/count?q=oil"
sleep 0.2
check_eq "$(grep -c ' GET \| POST ' "$WORK/serve.log")" "$((lines_before + 1))" "one line per request"
stop_server
check_status 0 "SIGTERM stops the server cleanly"
check_contains "$(cat "$WORK/serve.log")" "terminated: stopping" "and says so"

# A time limit per request: answered with 503 and a clear message (on a
# synthetic archive large enough for a search to take a while).
GENERATE=${DEFCON_BUILD:-$SOURCE/build}/bench/gen-corpus
[ -x "$GENERATE" ] || { bad "no gen-corpus at $GENERATE"; finish; }
"$GENERATE" --articles 3000 --out "$WORK/synthetic" >/dev/null
"$INDEX" --db "$WORK/synthetic.db" "$WORK/synthetic" 2>/dev/null
start_server --db "$WORK/synthetic.db" --time-limit 0.000001
get "/api/search?q=the+OR+said"
check_eq "$code" 503 "W09 a search past the time limit"
check_contains "$(json 'd["error"]')" "took longer than" "says why"
stop_server

# --immutable, on a copy: cache headers keyed on the build id; a new copy
# moved into place is served at the next request.
build_id=$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'build_id'")
[ ${#build_id} -eq 32 ] && ok || bad "the index has a 32-hex-digit build id: '$build_id'"
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$DB" "$WORK/copy.db"
start_server --db "$WORK/copy.db" --immutable
get "/api/count?q=quokka"
check_contains "$(cat "$WORK/headers")" "ETag: \"$build_id\"" "ETag is the build id"
check_contains "$(cat "$WORK/headers")" "Cache-Control: public" "cacheable"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: \"$build_id\"" "$URL/api/count?q=quokka")
check_eq "$code" 304 "a cached answer is still good"
"$INDEX" --db "$DB" "$ARCHIVE" 2>/dev/null
check_eq "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'build_id'")" "$build_id" \
    "a run that changes nothing keeps the build id"
rm "$ARCHIVE/2020/01/quokka.md"
"$INDEX" --db "$DB" "$ARCHIVE" 2>/dev/null
new_id=$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'build_id'")
[ "$new_id" != "$build_id" ] && ok || bad "a run that changes the index makes a new build id"
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$DB" "$WORK/copy.new" && mv "$WORK/copy.new" "$WORK/copy.db"
get "/api/count?q=quokka"
check_eq "$(json 'd["total"]')" 0 "the new copy is served without a restart"
check_contains "$(cat "$WORK/headers")" "ETag: \"$new_id\"" "with its own build id"
stop_server

run "$SEARCH" serve --help
check_status 0 "serve --help"
check_contains "$out" "Usage: defcon-search serve [--db PATH] [--listen ADDR:PORT]" "serve's usage"
run "$SEARCH" export --help
check_contains "$out" "Usage: defcon-search export --to opensearch|ndjson" "export's usage"

# Nothing to serve: a clear error, status 2.
run "$SEARCH" serve --db "$WORK/missing.db" --listen 127.0.0.1:0
check_status 2 "serve without an index"
check_contains "$err" "no index at $WORK/missing.db" "says so"
run "$SEARCH" serve --listen nowhere:99999
check_status 2 "a bad --listen"
finish
