/*
 * test_json.c - unit tests of json.c: string escaping (quotes, control
 * characters, ill-formed UTF-8), keys with and without their comma, and
 * numbers.
 */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "json.h"

static const char *string_of(const char *text)
{
    static defcon_buffer out = DEFCON_BUFFER_INIT;

    defcon_buffer_clear(&out);
    if (defcon_json_string(&out, text) != 0)
        return "(failed)";
    return defcon_buffer_cstr(&out);
}

static void test_strings(void)
{
    CHECK_STR(string_of("plain"), "\"plain\"");
    CHECK_STR(string_of(NULL), "\"\"");
    CHECK_STR(string_of("say \"hi\" \\ bye"), "\"say \\\"hi\\\" \\\\ bye\"");
    CHECK_STR(string_of("a\nb\tc\rd\x01" "e\x7f"), "\"a\\nb\\tc\\rd\\u0001e\\u007f\"");
    /* Valid UTF-8 passes as it is; each ill-formed byte becomes U+FFFD. */
    CHECK_STR(string_of("caf\xC3\xA9 \xE6\x97\xA5"), "\"caf\xC3\xA9 \xE6\x97\xA5\"");
    CHECK_STR(string_of("caf\xE9!"), "\"caf\xEF\xBF\xBD!\"");
    CHECK_STR(string_of("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    CHECK_STR(string_of("\xF0\x9F\x98"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

static void test_objects(void)
{
    defcon_buffer out = DEFCON_BUFFER_INIT;

    CHECK_LONG(defcon_buffer_putc(&out, '{'), 0);
    CHECK_LONG(defcon_json_key(&out, "id"), 0);
    CHECK_LONG(defcon_json_string_or_null(&out, "x1"), 0);
    CHECK_LONG(defcon_json_key(&out, "url"), 0);
    CHECK_LONG(defcon_json_string_or_null(&out, NULL), 0);
    CHECK_LONG(defcon_json_key(&out, "list"), 0);
    CHECK_LONG(defcon_buffer_putc(&out, '['), 0);
    CHECK_LONG(defcon_buffer_putc(&out, '{'), 0);
    CHECK_LONG(defcon_json_key(&out, "n\""), 0);
    CHECK_LONG(defcon_json_integer(&out, -42), 0);
    CHECK_LONG(defcon_buffer_puts(&out, "}]"), 0);
    CHECK_LONG(defcon_json_key(&out, "score"), 0);
    CHECK_LONG(defcon_json_number(&out, 1.0 / 3.0), 0);
    CHECK_LONG(defcon_json_key(&out, "nan"), 0);
    CHECK_LONG(defcon_json_number(&out, NAN), 0);
    CHECK_LONG(defcon_buffer_putc(&out, '}'), 0);
    CHECK_STR(defcon_buffer_cstr(&out), "{\"id\":\"x1\",\"url\":null,\"list\":[{\"n\\\"\":-42}],"
                                        "\"score\":0.333333,\"nan\":null}");
    defcon_buffer_free(&out);
}

/* Integers are written without printf: every long as "%ld" writes it;
 * and a printf that outgrows the buffer's room is formatted again whole. */
static void test_integers(void)
{
    defcon_buffer out = DEFCON_BUFFER_INIT, expected = DEFCON_BUFFER_INIT;
    const long values[] = {0, 7, -1, 10, -10, 1234567890L, LONG_MAX, LONG_MIN};
    size_t i;

    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        CHECK_LONG(defcon_json_integer(&out, values[i]), 0);
        CHECK_LONG(defcon_buffer_putc(&out, ','), 0);
        CHECK_LONG(defcon_buffer_printf(&expected, "%ld,", values[i]), 0);
    }
    CHECK_STR(defcon_buffer_cstr(&out), defcon_buffer_cstr(&expected));
    defcon_buffer_clear(&out);
    CHECK_LONG(defcon_buffer_puts(&out, "head:"), 0);
    CHECK_LONG(defcon_buffer_printf(&out, "%s|%0200d|", "a", 5), 0);
    CHECK_LONG((long)out.len, (long)(strlen("head:a|") + 200 + 1));
    CHECK_LONG(strncmp(defcon_buffer_cstr(&out), "head:a|000", 10), 0);
    CHECK_LONG(defcon_buffer_cstr(&out)[out.len - 2], '5');
    CHECK_LONG((long)strlen(defcon_buffer_cstr(&out)), (long)out.len);
    defcon_buffer_free(&out);
    defcon_buffer_free(&expected);
}

int main(void)
{
    test_strings();
    test_objects();
    test_integers();
    return check_finish();
}
