/*
 * fuzz_name_variants.c - libFuzzer target: name variants (name_variants.h).
 *
 * The input is a query's name as typed, any bytes. Variants must be
 * NUL-terminated lower-case ASCII words separated by single spaces, the
 * name itself first, none repeated; each single-word variant must have a
 * key when the name has one; and the description must fit its buffer.
 */
#include <string.h>

#include "fuzz.h"
#include "name_variants.h"

static void require_plain(const char *name)
{
    size_t n = strlen(name);

    fuzz_require(n > 0 && n < DEFCON_NAME_MAX, "a variant is not empty and fits");
    fuzz_require(name[0] != ' ' && name[n - 1] != ' ' && !strstr(name, "  "),
                 "words are separated by single spaces");
    fuzz_require(strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789 ") == n,
                 "a variant is lower-case ASCII letters, digits and spaces");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    defcon_name_variants v;
    char buf[256], key[64];
    int count = defcon_name_variants_find((const char *)data, size, &v);

    fuzz_require(count == v.count && count >= 0 && count <= DEFCON_NAME_VARIANTS_MAX,
                 "the count is the list's");
    for (int i = 0; i < count; i++) {
        require_plain(v.names[i]);
        for (int j = 0; j < i; j++)
            fuzz_require(strcmp(v.names[i], v.names[j]) != 0, "no variant is repeated");
    }
    defcon_name_variants_describe(&v, buf, sizeof buf);
    fuzz_require(strlen(buf) < sizeof buf, "the description fits");
    if (defcon_name_key((const char *)data, size, key, sizeof key) >= 0)
        fuzz_require(strspn(key, "abcdefghijklmnopqrstuvwxyz") == strlen(key),
                     "a key is lower-case letters");
    return 0;
}
