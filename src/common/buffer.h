/*
 * buffer.h - a growable byte buffer, the one string builder of the project.
 *
 * The buffer always keeps a terminating NUL after its contents, so data can
 * be handed to functions that want a C string. Functions that can allocate
 * return 0 on success and -1 when memory runs out; after a failure the
 * buffer keeps its previous contents.
 */
#ifndef DEFCON_BUFFER_H
#define DEFCON_BUFFER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct defcon_buffer {
    char *data;      /* owned; NULL until the first append */
    size_t len;      /* bytes used, not counting the NUL */
    size_t cap;      /* bytes allocated */
} defcon_buffer;

#define DEFCON_BUFFER_INIT {NULL, 0, 0}

/* Makes room for at least `extra` more bytes (plus the NUL). */
int defcon_buffer_reserve(defcon_buffer *buf, size_t extra);

/* Appends `len` bytes of `data`. */
int defcon_buffer_append(defcon_buffer *buf, const char *data, size_t len);

/* Appends a NUL-terminated string. */
int defcon_buffer_puts(defcon_buffer *buf, const char *text);

/* Appends one byte. */
int defcon_buffer_putc(defcon_buffer *buf, char c);

/* Appends printf-style formatted text. */
int defcon_buffer_printf(defcon_buffer *buf, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int defcon_buffer_vprintf(defcon_buffer *buf, const char *format, va_list args);

/* Appends `value` as a base-128 varint: seven bits a byte, the lowest
 * first, the high bit set on every byte but the last. */
int defcon_buffer_put_varint(defcon_buffer *buf, uint64_t value);

/* Reads a varint written by defcon_buffer_put_varint from data[*at] on,
 * of at most `max_bytes` bytes (1 to 9), and moves *at past it. Returns
 * 0, or -1 when it runs past `size` or `max_bytes` (a damaged encoding). */
int defcon_varint_read(const unsigned char *data, size_t size, size_t *at, int max_bytes,
                       uint64_t *value);

/* Empties the buffer, keeping its memory. */
void defcon_buffer_clear(defcon_buffer *buf);

/* Returns the contents as a C string ("" for an empty buffer); borrowed,
 * valid until the next change to the buffer. */
const char *defcon_buffer_cstr(const defcon_buffer *buf);

/* Hands the contents to the caller (free() them) and empties the buffer.
 * Returns NULL only when memory runs out. */
char *defcon_buffer_detach(defcon_buffer *buf);

/* Frees the memory; the buffer may be used again afterwards. */
void defcon_buffer_free(defcon_buffer *buf);

#endif
