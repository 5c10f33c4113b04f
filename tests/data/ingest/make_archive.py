#!/usr/bin/env python3
"""make_archive.py OUT - writes the mixed archive of tests/e2e/ingest.sh.

One news site reached every way an archivist keeps one: Markdown with
front matter, a plain-text capture, a saved HTML page, a crawl as
.warc.gz (with a revisit, a listing page, the home page and an image),
a .wacz, the RSS feed and a WordPress export (WXR). Several articles are
reached more than one way; the modification times are set so that the
newest capture of each is known (see ingest.sh).

  make_archive.py OUT                 the archive
  make_archive.py OUT --without-korea the crawl without its Korea capture
  make_archive.py FILE --feed-items N an RSS feed of N items (the last
                                      repeats the first's link)
  make_archive.py OUT --no-canonical  captures of one article without a
                                      canonical link: a .wacz, a page saved
                                      by a browser, one with only og:url
"""
import gzip
import io
import json
import os
import sys
import zipfile

SITE = "https://defconwarningsystem.com"


def page(title, date, path, paragraphs, og_type="article", canonical=True, og_url=None,
         saved_from=None):
    meta = [f'<meta property="og:type" content="{og_type}">',
            '<meta property="og:site_name" content="DEFCON Warning System">']
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}T08:00:00+00:00">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{SITE}{path}">')
    if og_url:
        meta.append(f'<meta property="og:url" content="{og_url}">')
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    # What browsers write into a page they save: the address and its length.
    mark = f"<!-- saved from url=({len(saved_from):04d}){saved_from} -->\n" if saved_from else ""
    return f"""<!DOCTYPE html>
{mark}<html><head><meta charset="utf-8"><title>{title} | DEFCON Warning System</title>
{chr(10).join(meta)}
</head><body>
<header class="site-header"><a href="/">DEFCON Warning System</a>
<nav class="menu"><a href="/">Home</a> <a href="/category/news/">News</a> Subscribe now</nav></header>
<div id="content"><article class="post">
<h1 class="entry-title">{title}</h1>
<div class="entry-content">
{body}<div class="sharedaddy">Share this: Twitter Facebook</div>
</div></article>
<aside class="sidebar"><h3>Recent posts</h3><ul><li>Sidebar link one</li></ul></aside>
<div id="comments" class="comments">Leave a comment on this post</div>
</div>
<footer class="site-footer">Copyright 1984-2025 The DEFCON Warning System</footer>
</body></html>
"""


KOREA = page("North Korea tests a new missile", "2019-04-29", "/2019/04/29/north-korea-tests/",
             ["Pyongyang launched a short range missile into the sea on Monday.",
              "Analysts say the test raises tension on the peninsula."])
RUSSIA = page("Russia holds snap drills", None, "/2020/03/02/russia-drills/",
              ["Russian forces began unannounced exercises near the border.",
               "The drills involve strategic bombers and submarines."])
NATO = page("NATO summit ends with a pledge", "2021-06-15", "/2021/06/15/nato-summit/",
            ["Leaders agreed to raise spending on deterrence in Brussels."])
IRAN = page("Iran talks resume in Vienna", "2020-01-10", "/2020/01/10/iran-talks/",
            ["Negotiators met again to discuss the nuclear deal.",
             "Centrifuges remain the main point of dispute."])
TAG = page("Missiles", None, "/tag/missiles/", ["Posts tagged missiles."], canonical=False)
HOME = page("DEFCON Warning System", None, "/", ["Latest posts."], og_type="website")


def http_response(html, content_type="text/html; charset=utf-8"):
    body = html.encode("utf-8") if isinstance(html, str) else html
    head = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    return head + body


def record(kind, uri, date, number, block, extra=(), content_type=None):
    if content_type is None:
        content_type = "application/http; msgtype=response" if kind == "response" else \
            "application/http; msgtype=request" if kind == "request" else "application/warc-fields"
    fields = [("WARC-Type", kind), ("WARC-Record-ID", f"<urn:uuid:00000000-0000-0000-0000-{number:012d}>"),
              ("WARC-Date", date)]
    if uri:
        fields.append(("WARC-Target-URI", uri))
    fields += list(extra)
    fields += [("Content-Type", content_type), ("Content-Length", str(len(block)))]
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields) + "\r\n"
    return head.encode() + block + b"\r\n\r\n"


def crawl(without_korea=False):
    records = [record("warcinfo", None, "2021-05-01T10:00:00Z", 1, b"software: test\r\n")]
    n = 2
    pages = [] if without_korea else [("/2019/04/29/north-korea-tests/", KOREA, "2021-05-01T10:00:01Z")]
    pages += [("/2020/03/02/russia-drills/", RUSSIA, "2021-05-01T10:00:02Z"),
              ("/tag/missiles/", TAG, "2021-05-01T10:00:03Z"),
              ("/", HOME, "2021-05-01T10:00:04Z")]
    for path, html, date in pages:
        records.append(record("request", SITE + path, date, n, f"GET {path} HTTP/1.1\r\n\r\n".encode()))
        digest = "sha1:" + f"{n:032d}"
        records.append(record("response", SITE + path, date, n + 1, http_response(html),
                              extra=[("WARC-Payload-Digest", digest)]))
        n += 2
    records.append(record("response", SITE + "/logo.png", "2021-05-01T10:00:05Z", n,
                          http_response(b"\x89PNG\r\n\x1a\n....", "image/png")))
    # The Russia page again a year later, unchanged: a revisit.
    russia_digest = "sha1:" + f"{(4 if without_korea else 6) - 1:032d}"
    russia_digest = next(r for r in [None])if False else None
    return records


def write_crawl(path, without_korea):
    records = crawl(without_korea)
    # The revisit names the Russia response by its payload digest.
    russia = [r for r in records if b"russia-drills" in r and b"WARC-Type: response" in r][0]
    digest = russia.split(b"WARC-Payload-Digest: ")[1].split(b"\r\n")[0].decode()
    records.append(record("revisit", SITE + "/2020/03/02/russia-drills/", "2022-05-01T10:00:00Z",
                          99, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
                          extra=[("WARC-Payload-Digest", digest),
                                 ("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
                                 ("WARC-Refers-To-Target-URI", SITE + "/2020/03/02/russia-drills/"),
                                 ("WARC-Refers-To-Date", "2021-05-01T10:00:02Z")],
                          content_type="application/http; msgtype=response"))
    with open(path, "wb") as out:
        for r in records:
            out.write(gzip.compress(r, mtime=0))


def write_wacz(path, html=NATO):
    warc = record("response", SITE + "/2021/06/15/nato-summit/", "2021-06-16T09:00:00Z", 500,
                  http_response(html))
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("archive/data.warc", (2021, 6, 16, 9, 0, 0)), warc,
                   compress_type=zipfile.ZIP_STORED)
        pages = {"format": "json-pages-1.0", "id": "pages"}
        z.writestr(zipfile.ZipInfo("pages/pages.jsonl", (2021, 6, 16, 9, 0, 0)),
                   json.dumps(pages) + "\n" + json.dumps({"url": SITE + "/2021/06/15/nato-summit/",
                                                          "ts": "2021-06-16T09:00:00Z"}) + "\n")


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>DEFCON Warning System</title><link>{SITE}</link>
<item><title>Iran talks resume in Vienna</title><link>{SITE}/2020/01/10/iran-talks/</link>
<pubDate>Fri, 10 Jan 2020 08:00:00 +0000</pubDate><guid isPermaLink="false">{SITE}/?p=1201</guid>
<category>Iran</category><category>Diplomacy</category>
<content:encoded><![CDATA[<p>Negotiators met again to discuss the nuclear deal.</p><p>Centrifuges remain the main point of dispute.</p>]]></content:encoded></item>
<item><title>Russian troops cross into Ukraine</title><link>{SITE}/2022/02/24/ukraine-invasion/</link>
<pubDate>Thu, 24 Feb 2022 06:00:00 +0000</pubDate><guid isPermaLink="false">{SITE}/?p=1800</guid>
<category>Ukraine</category>
<content:encoded><![CDATA[<p>Columns of armour crossed the border before dawn.</p>]]></content:encoded></item>
</channel></rss>
"""

WXR = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>DEFCON Warning System</title><link>{SITE}</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Arms control treaty lapses</title><link>{SITE}/2023/03/01/arms-control/</link>
<guid isPermaLink="false">{SITE}/?p=2001</guid><dc:creator>editor</dc:creator>
<content:encoded><![CDATA[<!-- wp:paragraph -->
The last treaty limiting strategic warheads has lapsed.
<!-- /wp:paragraph -->

<!-- wp:paragraph -->
Inspections stopped a year ago.
<!-- /wp:paragraph -->]]></content:encoded>
<wp:post_date_gmt>2023-03-01 12:00:00</wp:post_date_gmt><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="treaties"><![CDATA[Treaties]]></category>
<category domain="post_tag" nicename="new-start"><![CDATA[New START]]></category></item>
<item><title>Draft about drones</title><link>{SITE}/?p=2002</link><guid>{SITE}/?p=2002</guid>
<content:encoded><![CDATA[Not finished.]]></content:encoded><wp:status>draft</wp:status>
<wp:post_type>post</wp:post_type></item>
<item><title>About</title><link>{SITE}/about/</link><guid>{SITE}/?page_id=2</guid>
<content:encoded><![CDATA[About the site.]]></content:encoded><wp:status>publish</wp:status>
<wp:post_type>page</wp:post_type></item>
</channel></rss>
"""

MARKDOWN = f"""---
title: North Korea tests a new missile (early notes)
date: 2019-04-29
url: {SITE}/2019/04/29/north-korea-tests/
---
Early notes, superseded by the crawl.
"""

CAPTURE = """The DEFCON Warning System
Ongoing GeoIntel and Analysis in the theater of nuclear war.

Pakistan and India exchange fire

Artillery fire was exchanged along the line of control on Sunday.

Read more at Reuters
"""


def write(path, data, when):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)
    os.utime(path, (when, when))


def big_feed(path, count):
    items = []
    for i in range(1, count + 1):
        link = f"{SITE}/2024/01/01/story-{1 if i == count else i}/"
        items.append(f"<item><title>Story {i}</title><link>{link}</link>"
                     f"<pubDate>Mon, 01 Jan 2024 10:00:00 +0000</pubDate>"
                     f"<description>&lt;p&gt;Paragraph of story {i} about reactors.&lt;/p&gt;"
                     f"</description></item>\n")
    write(path, f"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title>\n"
          + "".join(items) + "</channel></rss>\n", 1704100000)


def no_canonical(out):
    """The NATO article three ways, none with a canonical link: a crawl
    (keyed by its target URI), a page saved by a browser (by its "saved
    from" address, written with http, www. and no trailing slash), a page
    with og:url (tracking parameters added); and two saved pages that are
    their own articles: one of unknown origin, one whose address differs."""
    nato = ("NATO summit ends with a pledge", "2021-06-15", "/2021/06/15/nato-summit/",
            ["Leaders agreed to raise spending on deterrence in Brussels."])
    t2021 = 1609459200   # 2021-01-01
    write_wacz_at = f"{out}/crawls/nato.wacz"
    os.makedirs(f"{out}/crawls", exist_ok=True)
    write_wacz(write_wacz_at, page(*nato, canonical=False))
    write(f"{out}/pages/nato-saved.html",
          page(*nato, canonical=False,
               saved_from="http://www.defconwarningsystem.com/2021/06/15/nato-summit"), t2021)
    write(f"{out}/pages/nato-og.html",
          page(*nato, canonical=False,
               og_url=SITE + "/2021/06/15/nato-summit/?utm_source=feed"), t2021 + 86400)
    write(f"{out}/pages/nato-unknown.html",
          page(*nato, canonical=False, saved_from="about:internet"), t2021)
    write(f"{out}/pages/nato-other.html",
          page(*nato, canonical=False, saved_from=SITE + "/2021/06/16/nato-summit-day-two/"),
          t2021)


def main():
    out = sys.argv[1]
    if "--no-canonical" in sys.argv:
        no_canonical(out)
        return
    if "--feed-items" in sys.argv:
        big_feed(out, int(sys.argv[sys.argv.index("--feed-items") + 1]))
        return
    without_korea = "--without-korea" in sys.argv
    day = 86400
    t2020 = 1577836800   # 2020-01-01
    write(f"{out}/notes/2019/north-korea.md", MARKDOWN, t2020)
    write(f"{out}/captures/2019/05/06/pakistan-india.txt", CAPTURE, t2020)
    write(f"{out}/pages/iran-talks.html", IRAN, t2020 + 10 * day)
    write(f"{out}/pages/photo.jpg", b"\xff\xd8\xff", t2020)
    write(f"{out}/feeds/feed.xml", RSS, t2020 + 11 * day)
    write(f"{out}/feeds/export.xml", WXR, t2020 + 12 * day)
    write(f"{out}/feeds/sitemap-notes.xml", "<?xml version=\"1.0\"?><urlset></urlset>\n", t2020)
    os.makedirs(f"{out}/crawls", exist_ok=True)
    write_crawl(f"{out}/crawls/site.warc.gz", without_korea)
    write_wacz(f"{out}/crawls/nato.wacz")


if __name__ == "__main__":
    main()
