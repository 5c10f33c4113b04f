/*
 * buffer.c - growable byte buffer; see buffer.h.
 */
#include "buffer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int defcon_buffer_reserve(defcon_buffer *buf, size_t extra)
{
    size_t need, cap;
    char *data;

    if (extra > SIZE_MAX - buf->len - 1)
        return -1;
    need = buf->len + extra + 1;
    if (need <= buf->cap)
        return 0;
    cap = buf->cap ? buf->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    data = realloc(buf->data, cap);
    if (!data)
        return -1;
    buf->data = data;
    buf->cap = cap;
    buf->data[buf->len] = '\0';   /* a fresh buffer is a valid empty string */
    return 0;
}

int defcon_buffer_append(defcon_buffer *buf, const char *data, size_t len)
{
    if (defcon_buffer_reserve(buf, len) != 0)
        return -1;
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return 0;
}

int defcon_buffer_puts(defcon_buffer *buf, const char *text)
{
    return defcon_buffer_append(buf, text, strlen(text));
}

int defcon_buffer_putc(defcon_buffer *buf, char c)
{
    return defcon_buffer_append(buf, &c, 1);
}

/* Formats into the room the buffer has, and only when that is too
 * small, again after growing it: most calls format once, not twice. */
int defcon_buffer_vprintf(defcon_buffer *buf, const char *format, va_list args)
{
    size_t room = buf->cap > buf->len ? buf->cap - buf->len : 0;
    va_list copy;
    int n;

    va_copy(copy, args);
    n = vsnprintf(room > 0 ? buf->data + buf->len : NULL, room, format, copy);
    va_end(copy);
    if (n >= 0 && (size_t)n >= room) {
        if (room > 0)
            buf->data[buf->len] = '\0';   /* the cut-off text is no part of it */
        if (defcon_buffer_reserve(buf, (size_t)n) != 0)
            return -1;
        vsnprintf(buf->data + buf->len, (size_t)n + 1, format, args);
    }
    if (n < 0) {
        if (room > 0)
            buf->data[buf->len] = '\0';
        return -1;
    }
    buf->len += (size_t)n;
    return 0;
}

int defcon_buffer_printf(defcon_buffer *buf, const char *format, ...)
{
    va_list args;
    int rc;

    va_start(args, format);
    rc = defcon_buffer_vprintf(buf, format, args);
    va_end(args);
    return rc;
}

int defcon_buffer_put_varint(defcon_buffer *buf, uint64_t value)
{
    char bytes[10];
    size_t n = 0;

    do {
        unsigned char low = (unsigned char)(value & 0x7f);
        value >>= 7;
        bytes[n++] = (char)(value ? low | 0x80 : low);
    } while (value);
    return defcon_buffer_append(buf, bytes, n);
}

int defcon_varint_read(const unsigned char *data, size_t size, size_t *at, int max_bytes,
                       uint64_t *value)
{
    int shift;

    *value = 0;
    for (shift = 0; shift < 7 * max_bytes; shift += 7) {
        if (*at >= size)
            return -1;
        *value |= (uint64_t)(data[*at] & 0x7f) << shift;
        if (!(data[(*at)++] & 0x80))
            return 0;
    }
    return -1;
}

void defcon_buffer_clear(defcon_buffer *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

const char *defcon_buffer_cstr(const defcon_buffer *buf)
{
    return buf->data ? buf->data : "";
}

char *defcon_buffer_detach(defcon_buffer *buf)
{
    char *data = buf->data;

    if (!data)
        data = calloc(1, 1);
    buf->data = NULL;
    buf->len = buf->cap = 0;
    return data;
}

void defcon_buffer_free(defcon_buffer *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}
