/*
 * fuzz.h - what the libFuzzer targets of fuzz/ share.
 *
 * Each target feeds its input to one module and checks the module's
 * contract (valid UTF-8 out, offsets in range, FTS5 accepting a
 * translated query...); a broken contract aborts, which libFuzzer reports
 * as a crash with the input that caused it. The sanitizers catch the
 * rest: memory errors, undefined behaviour and leaks.
 */
#ifndef DEFCON_FUZZ_H
#define DEFCON_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "buffer.h"

/* The entry point libFuzzer calls with each input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Appends `data` made into what the readers expect (article.h): valid
 * UTF-8 with "\n" line endings and no NUL byte. Returns 0, or -1 when
 * memory runs out. */
int fuzz_clean_text(const uint8_t *data, size_t size, defcon_buffer *out);

/* Aborts, printing `what`, unless `condition` holds. */
void fuzz_require(int condition, const char *what);

/* Requires `text` (`len` bytes) to be valid UTF-8 without NUL bytes. */
void fuzz_require_text(const char *text, size_t len, const char *what);

#endif
