/*
 * style.h - the ANSI styles of everything the programs print about
 * articles: result lists (print_text.c), timelines and facets, and the
 * header of a shown article (show.c). One set, so that a title or a date
 * looks the same wherever it appears. Written only when colour is on.
 */
#ifndef DEFCON_STYLE_H
#define DEFCON_STYLE_H

#define DEFCON_STYLE_RESET "\033[0m"
#define DEFCON_STYLE_TITLE "\033[1m"      /* bold: titles and headings */
#define DEFCON_STYLE_META "\033[2m"       /* dim: dates, sources, paths, footers */
#define DEFCON_STYLE_MATCH "\033[1;31m"   /* bold red: matched words, bars */
#define DEFCON_STYLE_NUMBER "\033[33m"    /* yellow: a hit's rank */

/* `style` when `color` is set, else "" (for printf-style building). */
#define DEFCON_STYLE(color, style) ((color) ? (style) : "")

#endif
