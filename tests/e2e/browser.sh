#!/usr/bin/env bash
# browser.sh - the search page in a real browser: Debian's chromium,
# headless, loads the search page, submits a query (the GET URL its form
# makes), sees ranked hits, follows a country facet and sees the hits
# filtered, and opens an article. Each page's screenshot is kept under
# the build folder (screenshots/), for CI to keep as artifacts.
. "$(dirname "$0")/lib.sh"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$CHROMIUM" ] || skip "chromium is not installed (scripts/install-deps --test installs it)"
command -v python3 >/dev/null || skip "python3 is not installed"
SHOTS=${DEFCON_BUILD:-$WORK}/screenshots
mkdir -p "$SHOTS"
# The bundled corpus and 400 synthetic articles (bench/gen-corpus): enough
# hits for a facet to narrow them.
GENERATE=${DEFCON_BUILD:-$SOURCE/build}/bench/gen-corpus
[ -x "$GENERATE" ] || { bad "no gen-corpus at $GENERATE"; finish; }
ARCHIVE=$WORK/archive
DB=$WORK/index.db
"$GENERATE" --articles 400 --out "$ARCHIVE" >/dev/null 2>&1
cp -R "$SOURCE/corpus/." "$ARCHIVE/"
"$INDEX" --db "$DB" "$ARCHIVE" 2>/dev/null || { bad "indexing the archive"; finish; }
start_server --db "$DB"

browse() {   # browse NAME PATH [WIDTH,HEIGHT]: the DOM in $WORK/NAME.html, a screenshot
    local size=${3:-1280,1000}
    timeout 60 "$CHROMIUM" --headless --disable-gpu --no-sandbox --hide-scrollbars \
        --user-data-dir="$WORK/chromium" --dump-dom "$URL$2" > "$WORK/$1.html" 2>/dev/null
    timeout 60 "$CHROMIUM" --headless --disable-gpu --no-sandbox --hide-scrollbars \
        --user-data-dir="$WORK/chromium" --window-size="$size" \
        --screenshot="$SHOTS/$1.png" "$URL$2" >/dev/null 2>&1
    [ -s "$SHOTS/$1.png" ] && ok || bad "no screenshot of $1"
}
# dom NAME WHAT: asks the page's DOM (see the Python below) and prints the answer.
dom() {
    python3 - "$WORK/$1.html" "$2" <<'PY'
import html.parser, sys, urllib.parse

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.form, self.inputs = [], None, []
        self.hits, self.facets, self.marks, self.h1 = [], [], 0, ""
        self.in_h1 = self.in_hit_title = False
        self.section = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("role") == "search":
            self.form = a
        if tag == "input" and self.form is not None and a.get("name"):
            self.inputs.append(a)
        if tag == "aside":
            self.section = "aside"
        if tag == "a" and self.section == "aside" and "country=" in a.get("href", ""):
            self.facets.append(a["href"])
        if tag == "h2" and self.stack and "hits" in self.stack[-1]:
            self.in_hit_title = True
        if tag == "a" and self.in_hit_title:
            self.hits.append(a["href"])
            self.in_hit_title = False
        if tag == "mark":
            self.marks += 1
        if tag == "h1" and not self.h1:
            self.in_h1 = True
        if tag in ("ol", "ul"):
            self.stack.append(a.get("class", ""))
    def handle_endtag(self, tag):
        if tag in ("ol", "ul") and self.stack:
            self.stack.pop()
        if tag == "h1":
            self.in_h1 = False
        if tag == "aside":
            self.section = None
    def handle_data(self, data):
        if self.in_h1:
            self.h1 += data

page = Page()
page.feed(open(sys.argv[1], encoding="utf-8").read())
what = sys.argv[2]
if what == "form":        # where the form goes and the query box's name
    names = [i["name"] for i in page.inputs]
    print(page.form["action"], page.form["method"], "q" in names)
elif what.startswith("submit:"):   # the URL the form makes for a query
    print(page.form["action"] + "?" + urllib.parse.urlencode({"q": what[7:]}))
elif what == "hits":
    print(len(page.hits))
elif what == "first-hit":
    print(page.hits[0])
elif what == "first-facet":
    print(page.facets[0])
elif what == "marks":
    print(page.marks)
elif what == "h1":
    print(page.h1.strip())
PY
}

# The search page: a form that sends q by GET.
browse search "/"
check_eq "$(dom search form)" "/ get True" "the search page has a GET form with the query box"
# Submitting a query: the URL the form makes.
query_url=$(dom search "submit:nuclear")
browse results "$query_url"
hits=$(dom results hits)
[ "$hits" -ge 2 ] && ok || bad "ranked hits for 'nuclear' (got $hits)"
check_contains "$(cat "$WORK/results.html")" '<span class="rank">1.</span>' "hits are ranked"
[ "$(dom results marks)" -ge 2 ] && ok || bad "matched words are highlighted"
total=$("$SEARCH" --db "$DB" --format count nuclear)
check_contains "$(cat "$WORK/results.html")" "of $total for" "the count the command line gives"
# Following a country facet: the hits narrow to that country.
facet=$(dom results first-facet)
code=$(printf '%s' "$facet" | sed -n 's/.*country=\([A-Z][A-Z]\).*/\1/p')
browse filtered "$facet"
filtered=$("$SEARCH" --db "$DB" --format count --country "$code" nuclear)
check_contains "$(cat "$WORK/filtered.html")" "of $filtered for" "the facet filters to $code"
[ "$filtered" -lt "$total" ] && ok || bad "the facet narrows the hits ($filtered of $total)"
check_contains "$(cat "$WORK/filtered.html")" 'aria-label="Filters in force"' "the filter is shown"
# Opening an article: its title and the query's words highlighted.
article=$(dom filtered first-hit)
browse article "$article"
title=$("$SEARCH" --db "$DB" --json --limit 1 --country "$code" nuclear \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["title"])')
check_eq "$(dom article h1)" "$title" "the article page shows the first hit"
[ "$(dom article marks)" -ge 1 ] && ok || bad "the query's words highlighted in the article"
# A phone's width, and the help page.
browse phone "$query_url" 390,844
browse help "/help"
check_contains "$(cat "$WORK/help.html")" "The query language" "the help page"
stop_server
check_status 0 "a clean stop"
printf 'screenshots in %s\n' "$SHOTS"
finish
