/*
 * page_url.h - what the address of a web page says about it: whether it
 * is a listing rather than an article (a tag, category, author or date
 * archive, a numbered page of a list, search results, the home page),
 * the date a permalink carries (/2019/04/29/slug/), and the key that two
 * captures of one article share (the same page reached by http and
 * https, with or without "www.", a trailing slash or tracking
 * parameters), and the address a browser wrote into a page it saved.
 * Pure functions over text; thread-safe.
 */
#ifndef DEFCON_PAGE_URL_H
#define DEFCON_PAGE_URL_H

#include "buffer.h"
#include "date.h"

/* Why the page at `url` is a listing and not an article ("tag listing",
 * "date archive", "search results", "home page"...; a static string), or
 * NULL when its address looks like an article's, or `url` is NULL. */
const char *defcon_page_url_listing(const char *url);

/* The date a permalink carries: consecutive path segments YYYY/MM/DD (or
 * YYYY/MM) followed by a slug. Returns 1 and fills *out, or 0 (out set to
 * undated). */
int defcon_page_url_date(const char *url, defcon_date *out);

/* Appends to `out` the key of the page at `url`: host in lower case
 * without "www.", path without a trailing slash, query without tracking
 * parameters (utm_*, fbclid, gclid), no scheme and no fragment:
 * "http://www.Example.com/2019/04/29/a/?utm_source=x#top" gives
 * "example.com/2019/04/29/a". A text that is not an absolute http(s) URL
 * is appended as it is. Returns 0, or -1 when memory runs out. */
int defcon_page_url_key(const char *url, defcon_buffer *out);

/* The address a browser wrote into a page it saved: the "Mark of the
 * Web" comment <!-- saved from url=(0042)https://example.com/... -->
 * (the number is the address's length), looked for in the first 4 KB of
 * the `len` bytes of `page`. Appends it to `out` and returns 1 when it is
 * an http(s) URL; returns 0 (nothing appended) when there is none or it
 * names no page ("about:internet", which browsers write for pages of
 * unknown origin); -1 when memory runs out. */
int defcon_page_url_saved_from(const char *page, size_t len, defcon_buffer *out);

#endif
