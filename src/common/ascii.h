/*
 * ascii.h - ASCII character tests and case folding, independent of the
 * locale (ctype.h follows setlocale and takes ints that must not be
 * negative chars). One definition for every module that reads markup,
 * query syntax or file names byte by byte.
 */
#ifndef DEFCON_ASCII_H
#define DEFCON_ASCII_H

static inline int defcon_ascii_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int defcon_ascii_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline int defcon_ascii_is_alnum(char c)
{
    return defcon_ascii_is_alpha(c) || defcon_ascii_is_digit(c);
}

/* `c` in lower case when it is an ASCII capital; any other byte as it is. */
static inline char defcon_ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* `c` in upper case when it is an ASCII small letter; any other byte as it is. */
static inline char defcon_ascii_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

#endif
