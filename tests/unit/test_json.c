/*
 * test_json.c - unit tests of json.c: string escaping (quotes, control
 * characters, ill-formed UTF-8), keys with and without their comma, and
 * numbers.
 */
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

int main(void)
{
    test_strings();
    test_objects();
    return check_finish();
}
