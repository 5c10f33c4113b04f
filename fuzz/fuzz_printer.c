/*
 * fuzz_printer.c - libFuzzer target: the result printers (printer.h) and
 * the JSON writer (json.h) on hostile hit text.
 *
 * The first input byte picks the format (text, JSON, CSV, paths) and the
 * width; the rest, split at the first NUL, becomes a hit's marked title
 * and snippet (and path, for paths), bytes as they come (marks, control
 * bytes, broken UTF-8). No format may send a control character but "\n",
 * a C1 control or a bidi override (text.h's unsafe code points, issue 11
 * item 3) to the terminal; the JSON printer must write one line of valid
 * UTF-8; every format must end its output with "\n".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "printer.h"
#include "text.h"

static void check_output(defcon_output_format format, const char *text, size_t len)
{
    size_t i = 0;

    fuzz_require(len > 0 && text[len - 1] == '\n', "output ends with a newline");
    while (i < len) {
        size_t at = i;
        unsigned long cp = defcon_text_next_codepoint(text, len, &i);
        fuzz_require(cp == '\n' || !defcon_text_is_unsafe(cp),
                     "no control character or bidi override reaches the output");
        if (format == DEFCON_OUTPUT_JSON)
            fuzz_require(cp != '\n' || at + 1 == len, "JSON Lines: one line a hit");
    }
    if (format == DEFCON_OUTPUT_JSON)
        fuzz_require_text(text, len, "JSON is UTF-8");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const defcon_output_format formats[] = {DEFCON_OUTPUT_TEXT, DEFCON_OUTPUT_JSON,
                                                   DEFCON_OUTPUT_CSV, DEFCON_OUTPUT_PATHS};
    static const defcon_hit_country country = {"KP", 3};
    defcon_output_options options;
    defcon_hit hit;
    defcon_printer *printer;
    char *text = NULL, *copy;
    size_t len = 0;
    FILE *out;

    if (size == 0)
        return 0;
    memset(&options, 0, sizeof options);
    options.format = formats[data[0] % 4];
    options.width = 20 + data[0] / 4;
    copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data + 1, size - 1);
    copy[size - 1] = '\0';
    copy[size] = '\0';
    memset(&hit, 0, sizeof hit);
    hit.id = hit.path = "2019/04/a.md";
    if (options.format == DEFCON_OUTPUT_PATHS)
        hit.path = copy;
    hit.title_marked = copy;
    hit.snippet = copy + strlen(copy) + 1 <= copy + size - 1 ? copy + strlen(copy) + 1 : "";
    hit.countries = hit.mentions = &country;
    hit.country_count = hit.mention_count = 1;
    out = open_memstream(&text, &len);
    printer = out ? defcon_printer_new(out, &options) : NULL;
    if (printer && defcon_printer_hit(printer, &hit) == 0 && fflush(out) == 0)
        check_output(options.format, text, len);
    defcon_printer_free(printer);
    if (out)
        fclose(out);
    free(text);
    free(copy);
    return 0;
}
