#!/usr/bin/env python3
"""Writes the seed corpora of fuzz_warc and fuzz_feed (fuzz/corpus/).

Every seed is made here, from nothing: WARC records of each kind (plain,
one gzip member a record, the whole file one member; chunked and gzip
HTTP bodies, a revisit, lying Content-Lengths, garbage, a truncated and a
corrupt member) and feeds of each kind (RSS, Atom, WXR, RSS 1.0, declared
entities, broken markup). Rerun it after changing a seed here.
"""
import gzip
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def record(kind, block, extra=b"", uri=b"https://example.org/a/", lie=0):
    head = (b"WARC/1.1\r\nWARC-Type: " + kind + b"\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            b"WARC-Date: 2019-04-29T10:11:12Z\r\nWARC-Target-URI: " + uri + b"\r\n" + extra)
    return head + b"Content-Length: %d\r\n\r\n" % (len(block) + lie) + block + b"\r\n\r\n"


def warc_seeds():
    http = b"Content-Type: application/http; msgtype=response\r\nWARC-Payload-Digest: sha1:X\r\n"
    page = (b"<!DOCTYPE html><html><head><title>T</title></head>"
            b"<body><p>x</p></body></html>")
    packed = gzip.compress(page)
    chunked = (b"%x\r\n" % 10 + packed[:10] + b"\r\n%x\r\n" % (len(packed) - 10) + packed[10:]
               + b"\r\n0\r\n\r\n")
    response = record(b"response", b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8"
                      b"\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" + chunked,
                      http)
    plain = record(b"response", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page, http)
    revisit = record(b"revisit", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
                     http + b"WARC-Refers-To-Target-URI: https://example.org/a/\r\n")
    info = record(b"warcinfo", b"software: x\r\n", b"Content-Type: application/warc-fields\r\n",
                  uri=b"")
    feed = record(b"resource", b"<rss><channel></channel></rss>",
                  b"Content-Type: application/rss+xml\r\n")
    image = record(b"response", b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG", http)
    deflated = record(b"response", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                      b"Content-Encoding: deflate\r\n\r\n" + zlib.compress(page), http)
    html = b"Content-Type: text/html\r\n"
    member = gzip.compress(response)
    corrupt = bytearray(gzip.compress(plain))
    corrupt[len(corrupt) // 2] ^= 0xFF
    return {
        "plain": info + response + revisit + image + feed,
        "plain_simple": plain + deflated,
        "lie_short": record(b"resource", page, html, lie=-7) + feed,
        "lie_long": record(b"resource", page, html, lie=40) + feed + feed,
        "garbage": plain + b"junk junk\r\n" + feed,
        "per_record.gz": b"".join(gzip.compress(r) for r in (info, response, revisit, feed)),
        "whole.gz": gzip.compress(info + response + revisit + feed),
        "truncated.gz": gzip.compress(info) + member[:len(member) // 2],
        "corrupt.gz": gzip.compress(info) + bytes(corrupt) + gzip.compress(feed),
    }


def feed_seeds():
    rss_ns = ('xmlns:content="http://purl.org/rss/1.0/modules/content/" '
              'xmlns:dc="http://purl.org/dc/elements/1.1/"')
    return {
        "rss": '<?xml version="1.0"?><rss version="2.0" ' + rss_ns + '><channel><title>S</title>'
               '<link>https://e.org</link><item><title>A</title><link>https://e.org/a</link>'
               '<pubDate>Mon, 29 Apr 2019 10:00:00 +0000</pubDate><category>X</category>'
               '<guid>g</guid><dc:creator>me</dc:creator><description>d</description>'
               '<content:encoded><![CDATA[<p>c</p>]]></content:encoded></item></channel></rss>',
        "atom": '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>S</title>'
                '<link href="https://e.org/"/><entry><title type="html">A &lt;b&gt;</title>'
                '<link rel="alternate" href="https://e.org/a"/><id>i</id>'
                '<published>2019-01-01T00:00:00Z</published><author><name>N</name></author>'
                '<category term="t" label="L"/><content type="xhtml"><div '
                'xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content></entry>'
                '<entry><summary>s &lt; t</summary></entry></feed>',
        "wxr": '<?xml version="1.0"?><rss version="2.0" ' + rss_ns +
               ' xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>P</title>'
               '<content:encoded><![CDATA[<p>b</p>]]></content:encoded>'
               '<wp:post_date_gmt>2019-04-29 10:00:00</wp:post_date_gmt>'
               '<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>'
               '<category domain="post_tag">T</category><category domain="category">C</category>'
               '</item><item><wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item>'
               '</channel></rss>',
        "rdf": '<?xml version="1.0"?><rdf:RDF '
               'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
               'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
               '<item><title>O</title><dc:date>1999-01-02</dc:date><dc:subject>S</dc:subject>'
               '</item></rdf:RDF>',
        "entities": '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">'
                    '<!ENTITY b "&a;&a;&a;">]><rss><channel><item><title>&b;</title></item>'
                    '</channel></rss>',
        "broken": "<rss><channel><item><title>x</item></channel></rss>",
    }


def write(folder, seeds):
    os.makedirs(folder, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(folder, name), "wb") as out:
            out.write(data if isinstance(data, bytes) else data.encode())


if __name__ == "__main__":
    write(os.path.join(HERE, "corpus", "fuzz_warc"), warc_seeds())
    write(os.path.join(HERE, "corpus", "fuzz_feed"), feed_seeds())
