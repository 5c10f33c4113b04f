#!/usr/bin/env bash
# ingest.sh - real archives in (issue 12): a folder that mixes Markdown, a
# text capture, a saved HTML page, a crawl (.warc.gz with a revisit, a
# listing, the home page and an image), a .wacz, an RSS feed and a
# WordPress export, written by tests/data/ingest/make_archive.py. Every
# article is indexed once (captures of one article folded, the newest
# kept), with clean titles, dates and bodies; listings, other records and
# other files are counted skips; reruns are incremental per file. Then
# the two sample WARC files of ../shared, when present.
. "$(dirname "$0")/lib.sh"

ARCHIVE=$WORK/archive
DB=$WORK/index.db
CHECKER=${DEFCON_CHECK:?run through ctest, or set DEFCON_CHECK to the index-check program}
SITE=https://defconwarningsystem.com
python3 "$DATA/ingest/make_archive.py" "$ARCHIVE" || { bad "making the archive"; finish; }

# query SQL: one line a row, columns joined by '|' (python3, not the
# sqlite3 shell, which CI machines may lack).
query() {
    python3 -c 'import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))' "$DB" "$1"
}

run "$INDEX" --db "$DB" "$ARCHIVE"
check_status 0 "first run"
check_contains "$err" "7 added, 0 updated, 0 removed, 0 unchanged, 0 failed; 7 articles" \
    "every article once: 7 of 10 captures"
check_contains "$err" "3 duplicate captures folded" "the summary counts the folded captures"
check_contains "$err" "1 files of another kind (.jpg)" "other files counted by extension"
check_contains "$err" "1 XML files that are not feeds" "an XML file that is not a feed is counted"
check_contains "$err" "2 export items that are not published posts" "WXR drafts and pages counted"
check_contains "$err" "2 pages that are not articles" "the tag listing and the home page counted"
check_contains "$err" "$SITE/tag/missiles/: " "the listing named"
check_contains "$err" "4 WARC request records" "WARC requests counted"
check_contains "$err" "1 WARC records (content type)" "the image counted"
check_contains "$err" "1 WARC warcinfo records" "warcinfo counted"

# One row an article: where it came from (a member number when the file
# holds many), its id, date and title.
check_eq "$(query "SELECT path, member IS NOT NULL, id, date, title FROM articles ORDER BY date")" \
"crawls/site.warc.gz|1|$SITE/2019/04/29/north-korea-tests/|2019-04-29|North Korea tests a new missile
captures/2019/05/06/pakistan-india.txt|0|captures/2019/05/06/pakistan-india.txt|2019-05-06|Pakistan and India exchange fire
feeds/feed.xml|1|$SITE/?p=1201|2020-01-10|Iran talks resume in Vienna
crawls/site.warc.gz|1|$SITE/2020/03/02/russia-drills/|2020-03-02|Russia holds snap drills
crawls/nato.wacz|1|$SITE/2021/06/15/nato-summit/|2021-06-15|NATO summit ends with a pledge
feeds/feed.xml|1|$SITE/?p=1800|2022-02-24|Russian troops cross into Ukraine
feeds/export.xml|1|$SITE/?p=2001|2023-03-01|Arms control treaty lapses" \
    "each article once, from its newest capture, with its own date and a clean title"
# A crawl's date is the capture date, kept apart: the Russia page has no
# date of its own but its permalink's, and its newest capture is the
# revisit of 2022, resolved to the payload of 2021.
check_eq "$(query "SELECT capture_url, capture_date, record_id FROM articles WHERE title LIKE 'Russia holds%'")" \
    "$SITE/2020/03/02/russia-drills/|2022-05-01T10:00:00Z|<urn:uuid:00000000-0000-0000-0000-000000000099>" \
    "the capture's URL, date and record id are stored"
check_eq "$(query "SELECT topics FROM articles WHERE topics IS NOT NULL ORDER BY date")" \
"Iran, Diplomacy
Ukraine
Treaties, New START" "feed categories and WXR tags are topics"
check_eq "$(query "SELECT body FROM articles WHERE title LIKE 'North Korea%'")" \
"Pyongyang launched a short range missile into the sea on Monday.

Analysts say the test raises tension on the peninsula." "a page's body: its paragraphs only"
check_eq "$(query "SELECT body FROM articles WHERE title LIKE 'Arms control%'")" \
"The last treaty limiting strategic warheads has lapsed.

Inspections stopped a year ago." "a WXR post's blank-line paragraphs stay paragraphs"
bodies=$(query "SELECT title || ' ' || body FROM articles")
for boilerplate in Subscribe "Recent posts" "Sidebar link" "Leave a comment" "Share this" \
                   Copyright "DEFCON Warning System" "wp:paragraph" "Read more at"; do
    check_lacks "$bodies" "$boilerplate" "no boilerplate in titles and bodies: $boilerplate"
done
check_eq "$(query "SELECT key, path, member IS NOT NULL FROM folded ORDER BY key")" \
"defconwarningsystem.com/2019/04/29/north-korea-tests|notes/2019/north-korea.md|0
defconwarningsystem.com/2020/01/10/iran-talks|pages/iran-talks.html|0
defconwarningsystem.com/2020/03/02/russia-drills|crawls/site.warc.gz|1" \
    "the older captures are folded: the notes, the saved page, the first crawl"
run "$SEARCH" --db "$DB" show "$SITE/2021/06/15/nato-summit/"
check_status 0 "show a web capture by its canonical URL"
check_contains "$out" "Leaders agreed to raise spending on deterrence in Brussels." "show prints its text"
run "$SEARCH" --db "$DB" --format count missile
check_eq "$out" "1" "the Korea article is found once, not once a capture"
# Two articles of one crawl: --format paths names the file once, as
# grep -l does; JSON gives each article the same "file" and its own
# "member" (the record's offset), and the paths are JSON's files, each once.
run "$SEARCH" --db "$DB" --format paths 'missile OR drills'
check_eq "$(printf '%s\n' "$out" | sed 's|.*/archive/||')" "crawls/site.warc.gz" \
    "paths: a crawl with two matching articles is named once"
json=$("$SEARCH" --db "$DB" --json 'missile OR drills')
check_eq "$(printf '%s\n' "$json" | python3 -c 'import json, sys
hits = [json.loads(line) for line in sys.stdin]
print(len(hits), len({h["file"] for h in hits}), len({h["member"] for h in hits}),
      all(isinstance(h["member"], int) for h in hits))')" "2 1 2 True" \
    "JSON: two articles, one file, two members"
check_eq "$(printf '%s\n' "$json" | python3 -c 'import json, sys
seen = []
for line in sys.stdin:
    f = json.loads(line)["file"]
    seen += [f] if f not in seen else []
print("\n".join(seen))')" "$out" "paths are the files of JSON, each once, in order"
run "$SEARCH" --db "$DB" --json 'title:Pakistan'
check_contains "$out" '"member":null' "a file of one article has no member"
run "$CHECKER" check "$DB"
check_eq "$out" "ok" "the index is consistent"

# Reruns: nothing changed, then a container touched, are not read again.
run "$INDEX" --db "$DB" "$ARCHIVE"
check_contains "$err" "0 added, 0 updated, 0 removed, 8 unchanged, 0 failed; 7 articles" "rerun: unchanged"
check_lacks "$err" "WARC" "rerun: the crawl is not read again"
touch "$ARCHIVE/crawls/site.warc.gz"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_contains "$err" "0 added, 0 updated, 0 removed, 8 unchanged, 0 failed; 7 articles" \
    "a touched container: the hash says unchanged"

# The crawl changes: its Korea capture is gone. Its articles are replaced,
# and the folded notes, the newest capture left, become the article.
python3 "$DATA/ingest/make_archive.py" "$WORK/second" --without-korea
cp "$WORK/second/crawls/site.warc.gz" "$ARCHIVE/crawls/site.warc.gz"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_contains "$err" "0 added, 1 updated, 0 removed, 7 unchanged, 0 failed; 7 articles" \
    "a changed crawl replaces its articles"
check_contains "$err" "2 duplicate captures folded" "one folded capture fewer"
check_eq "$(query "SELECT path, title FROM articles WHERE id LIKE '%north-korea%' OR path LIKE '%north-korea%'")" \
    "notes/2019/north-korea.md|North Korea tests a new missile (early notes)" \
    "the older capture comes back when the newer one is gone"

# The feed goes: its Ukraine item is removed, and the saved page is the
# Iran article again.
rm "$ARCHIVE/feeds/feed.xml"
run "$INDEX" --db "$DB" "$ARCHIVE"
check_contains "$err" "0 added, 0 updated, 2 removed, 7 unchanged, 0 failed; 6 articles" "a feed removed"
check_eq "$(query "SELECT path, id, date FROM articles WHERE title LIKE 'Iran talks%'")" \
    "pages/iran-talks.html|$SITE/2020/01/10/iran-talks/|2020-01-10" "the saved page is the article again"
run "$CHECKER" check "$DB"
check_eq "$out" "ok" "the index is consistent after the reruns"

# A --full rebuild gives the same articles as the updates did.
before=$("$CHECKER" dump "$DB")
run "$INDEX" --full --db "$DB" "$ARCHIVE"
check_contains "$err" "6 added, 0 updated, 0 removed, 0 unchanged, 0 failed; 6 articles" "--full"
check_eq "$("$CHECKER" dump "$DB")" "$before" "updates and a rebuild agree"

# A feed of 150 items reaches the writer in chunks (of 32); its last item
# repeats the first's link, a capture folded across chunks. Shrunk to 100
# items, it replaces all its articles.
mkdir -p "$WORK/big"
python3 "$DATA/ingest/make_archive.py" "$WORK/big/feed.xml" --feed-items 150
run "$INDEX" --db "$WORK/big.db" "$WORK/big"
check_contains "$err" "149 added, 0 updated, 0 removed, 0 unchanged, 0 failed; 149 articles" \
    "a feed of 150 items in chunks"
check_contains "$err" "1 duplicate captures folded" "a capture folded across chunks"
run "$CHECKER" check "$WORK/big.db"
check_eq "$out" "ok" "the chunked feed's index is consistent"
python3 "$DATA/ingest/make_archive.py" "$WORK/big/feed.xml" --feed-items 100
touch -d "2024-02-01" "$WORK/big/feed.xml"
run "$INDEX" --db "$WORK/big.db" "$WORK/big"
check_contains "$err" "0 added, 99 updated, 0 removed, 0 unchanged, 0 failed; 99 articles" \
    "a changed feed replaces its articles, chunk by chunk"
run "$CHECKER" check "$WORK/big.db"
check_eq "$out" "ok" "the changed feed's index is consistent"
run "$SEARCH" --db "$WORK/big.db" --format count reactors
check_eq "$out" "99" "each item found once"

# Captures without a canonical link are one article too: keyed by the
# address they were captured from (a crawl's target URI, the "saved from"
# comment a browser writes into a saved page, normalised the same way),
# else og:url. A saved page of unknown origin (about:internet) keeps its
# path; one saved from another address is another article.
python3 "$DATA/ingest/make_archive.py" "$WORK/nocanon" --no-canonical
DB=$WORK/nocanon.db
run "$INDEX" --db "$DB" "$WORK/nocanon"
check_status 0 "captures without a canonical link"
check_contains "$err" "3 added, 0 updated, 0 removed, 0 unchanged, 0 failed; 3 articles" \
    "three captures of the NATO article are one article"
check_contains "$err" "2 duplicate captures folded" "the saved page and the og:url page folded"
check_eq "$(query "SELECT path, id, key FROM articles ORDER BY path")" \
"crawls/nato.wacz|$SITE/2021/06/15/nato-summit/|defconwarningsystem.com/2021/06/15/nato-summit
pages/nato-other.html|$SITE/2021/06/16/nato-summit-day-two/|defconwarningsystem.com/2021/06/16/nato-summit-day-two
pages/nato-unknown.html|pages/nato-unknown.html|" \
    "the crawl, the newest capture, is the article; the other addresses are their own"
check_eq "$(query "SELECT key, path FROM folded ORDER BY path")" \
"defconwarningsystem.com/2021/06/15/nato-summit|pages/nato-og.html
defconwarningsystem.com/2021/06/15/nato-summit|pages/nato-saved.html" \
    "folded by the saved page's http://www. address and by og:url with utm_source"
rm "$WORK/nocanon/crawls/nato.wacz"
run "$INDEX" --db "$DB" "$WORK/nocanon"
check_eq "$(query "SELECT path, capture_url FROM articles WHERE key LIKE '%/15/nato-summit'")" \
    "pages/nato-og.html|" "the crawl gone, the newest saved page left is the article"
rm "$WORK/nocanon/pages/nato-og.html"
run "$INDEX" --db "$DB" "$WORK/nocanon"
check_eq "$(query "SELECT path, capture_url FROM articles WHERE key LIKE '%/15/nato-summit'")" \
    "pages/nato-saved.html|http://www.defconwarningsystem.com/2021/06/15/nato-summit" \
    "a saved page's capture URL is its \"saved from\" address"
run "$CHECKER" check "$DB"
check_eq "$out" "ok" "the index of captures without canonical links is consistent"
DB=$WORK/index.db

# I01-I07 (tests/hostile/README.md): hostile web archives and feeds
# through the indexer. Each gets a clear message; the rest is indexed.
H=$WORK/hostile
mkdir -p "$H"
python3 "$DATA/ingest/make_archive.py" "$WORK/fresh"
cp "$WORK/fresh/crawls/site.warc.gz" "$H/good.warc.gz"
python3 - "$H" <<'PY'
import gzip, os, sys
h = sys.argv[1]
good = open(f"{h}/good.warc.gz", "rb").read()
# I01: the crawl cut inside its last gzip member.
open(f"{h}/cut.warc.gz", "wb").write(good[:-40])
# I02: a .wacz that is not a ZIP; I03: an entity bomb in a feed.
open(f"{h}/fake.wacz", "wb").write(b"PK not really a zip archive\n")
bomb = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8)) + \
    ']><rss version="2.0"><channel><item><title>&i;</title></item></channel></rss>'
open(f"{h}/bomb.xml", "w").write(bomb)
# I04: 100,000 nested <div>; I05: a page that lies about its charset.
lead = ("<p>The text before the nesting is the article: a paragraph long enough to be "
        "read as the main text of the page by any measure of text and link density.</p>")
open(f"{h}/deep.html", "w").write("<html><head><title>Deep page</title></head><body>" + lead
    + "<div>" * 100000 + "<p>Deep text.</p>" + "</div>" * 100000 + "</body></html>")
open(f"{h}/lie.html", "wb").write(b'<html><head><meta charset="utf-8"><title>Charset lie</title>'
    b'</head><body><p>Caf\xe9 cr\xe8me, ' + lead.encode()[3:-4] + b'</p></body></html>')
# I06: a WARC whose record claims more bytes than the file holds.
rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.org/2020/01/01/a/\r\n"
       b"WARC-Date: 2021-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
       b"Content-Type: application/http; msgtype=response\r\nContent-Length: 999999\r\n\r\n"
       b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>short</p>")
open(f"{h}/lying.warc", "wb").write(rec)
# I07: a feed whose XML breaks after its first item.
open(f"{h}/broken.xml", "w").write('<?xml version="1.0"?>\n<rss version="2.0"><channel>\n'
    + "".join(f'<item><title>Kept item {i}</title><link>https://x.org/2020/02/02/kept-{i}/</link>'
              f'<description>Kept body {i} {"padding " * 50}</description></item>\n'
              for i in range(1, 201))
    + '<item><title>Broken</item></channel>\n')
PY
run "$INDEX" --db "$WORK/hostile.db" "$H"
check_status 1 "I01-I07 hostile files: exit 1 (some failed), no crash"
check_contains "$err" "cut.warc.gz" "I01 the cut crawl is named"
check_contains "$err" "truncated gzip member" "I01 says the member is cut"
check_contains "$err" "fake.wacz: " "I02 the fake WACZ fails"
check_contains "$err" "not a readable ZIP file" "I02 says why"
check_contains "$err" "bomb.xml: " "I03 the entity bomb fails"
check_contains "$err" "entit" "I03 says it is about entities"
check_contains "$err" "lying.warc" "I06 the lying record is reported"
check_contains "$err" "broken.xml: " "I07 the broken feed is reported"
check_contains "$err" "not well-formed XML" "I07 says why"
titles=$(DB=$WORK/hostile.db query "SELECT title FROM articles ORDER BY title")
check_contains "$titles" "Deep page" "I04 the deeply nested page is indexed"
check_contains "$(DB=$WORK/hostile.db query "SELECT body FROM articles WHERE title = 'Charset lie'")" \
    "Café crème, The text before" "I05 the page that lies about its charset is indexed, read as Windows-1252"
kept=$(DB=$WORK/hostile.db query "SELECT count(*) >= 150 FROM articles WHERE title LIKE 'Kept item %'")
check_eq "$kept" "1" "I07 the items before the damage are indexed (libxml2 reads ahead: not all)"
check_contains "$titles" "Russia holds snap drills" "I01 the good crawl beside them is indexed"
check_eq "$(DB=$WORK/hostile.db query "SELECT (SELECT count(*) FROM articles WHERE path = 'cut.warc.gz')
                                          + (SELECT count(*) FROM folded WHERE path = 'cut.warc.gz')")" "2" \
    "I01 the cut crawl's captures before the cut are read (folded into the good crawl's)"
run "$CHECKER" check "$WORK/hostile.db"
check_eq "$out" "ok" "the index of hostile files is consistent"

# ../shared's two sample WARC files (real crawler output): every HTML
# response is an article or a counted skip, nothing fails.
SAMPLES=$SHARED/corpora/warc
if [ -f "$SAMPLES/example.warc.gz" ] && [ -f "$SAMPLES/example-iana.org-chunked.warc" ]; then
    mkdir -p "$WORK/samples"
    cp "$SAMPLES/example.warc.gz" "$SAMPLES/example-iana.org-chunked.warc" "$WORK/samples/"
    run "$INDEX" --db "$WORK/samples.db" "$WORK/samples"
    check_status 0 "the sample WARC files index without a failure"
    check_contains "$err" "0 failed; 0 articles" "their pages are home pages: no article"
    check_contains "$err" "3 pages that are not articles" \
        "each HTML response (and the resolved revisit) a counted skip"
    check_contains "$err" "http://example.com/: " "the skip is named"
    check_contains "$err" "WARC request records" "the requests are counted"
else
    printf 'note: %s absent: the sample WARC files were not indexed\n' "$SAMPLES"
fi
finish
