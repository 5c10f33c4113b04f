/*
 * test_edit_distance.c - the banded optimal string alignment distance
 * (edit_distance.c) against the whole dynamic programme, written out
 * here, on words of a small alphabet (so that edits collide), for every
 * limit a caller uses and beyond.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "edit_distance.h"

/* The whole programme, every cell: the reference. */
static int reference(const char *a, size_t n, const char *b, size_t m)
{
    int d[DEFCON_EDIT_DISTANCE_MAX_LENGTH + 1][DEFCON_EDIT_DISTANCE_MAX_LENGTH + 1];
    size_t i, j;

    for (i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (i = 1; i <= n; i++)
        for (j = 1; j <= m; j++) {
            int best = d[i - 1][j] + 1, cost = a[i - 1] != b[j - 1];
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

static unsigned long next_random(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

/* A random word of up to `most` letters of "abc". */
static size_t random_word(char *out, size_t most, unsigned long *state)
{
    size_t n = next_random(state) % (most + 1), i;

    for (i = 0; i < n; i++)
        out[i] = (char)('a' + next_random(state) % 3);
    return n;
}

/* b: a with up to three random edits, so that most pairs are close. */
static size_t edited(const char *a, size_t n, char *b, unsigned long *state)
{
    size_t m = n, edits = next_random(state) % 4, e;

    memcpy(b, a, n);
    for (e = 0; e < edits && m < 40; e++) {
        size_t at = m ? next_random(state) % m : 0;
        switch (next_random(state) % 4) {
        case 0:   /* insert */
            memmove(b + at + 1, b + at, m - at);
            b[at] = (char)('a' + next_random(state) % 3);
            m++;
            break;
        case 1:   /* delete */
            if (m) {
                memmove(b + at, b + at + 1, m - at - 1);
                m--;
            }
            break;
        case 2:   /* substitute */
            if (m)
                b[at] = (char)('a' + next_random(state) % 3);
            break;
        default:  /* transpose */
            if (at + 1 < m) {
                char c = b[at];
                b[at] = b[at + 1];
                b[at + 1] = c;
            }
        }
    }
    return m;
}

int main(void)
{
    char a[64], b[64];
    unsigned long state = 7;
    long pairs = 0, within = 0;
    int round, limit;

    for (round = 0; round < 20000; round++) {
        size_t n = random_word(a, 12, &state);
        size_t m = round % 2 ? edited(a, n, b, &state) : random_word(b, 12, &state);
        int want = reference(a, n, b, m);
        for (limit = 0; limit <= 4; limit++) {
            int got = defcon_edit_distance(a, n, b, m, limit);
            if (want <= limit) {
                CHECK_LONG(got, want);
                within++;
            } else {
                CHECK_LONG(got, limit + 1);
            }
            pairs++;
        }
    }
    /* The letter sets' bound never exceeds the distance; on words of
     * eight byte values ('!' and 'a' share a bit: 33 and 97) it rejects
     * most unrelated pairs for a limit of 2. */
    {
        static const char alphabet[] = "abcdefg!";
        long rejected = 0, unrelated = 0;
        for (round = 0; round < 20000; round++) {
            size_t n = random_word(a, 12, &state), m, i;
            for (i = 0; i < n; i++)
                a[i] = alphabet[(unsigned char)a[i] - 'a' + 3 * (next_random(&state) % 2)];
            m = round % 2 ? edited(a, n, b, &state) : random_word(b, 12, &state);
            for (i = 0; !(round % 2) && i < m; i++)
                b[i] = alphabet[(unsigned char)b[i] - 'a' + 5 * (next_random(&state) % 2)];
            int bound = defcon_edit_distance_at_least(defcon_edit_letters(a, n),
                                                      defcon_edit_letters(b, m));
            CHECK(bound <= reference(a, n, b, m));
            unrelated += !(round % 2);
            rejected += !(round % 2) && bound > 2;
        }
        fprintf(stderr, "letter sets: %ld of %ld unrelated pairs rejected at limit 2\n",
                rejected, unrelated);
        CHECK(rejected > unrelated / 10);
        CHECK_LONG(defcon_edit_distance_at_least(defcon_edit_letters("volker", 6),
                                                 defcon_edit_letters("volcker", 7)), 1);
        CHECK_LONG(defcon_edit_distance_at_least(defcon_edit_letters("teh", 3),
                                                 defcon_edit_letters("the", 3)), 0);
    }
    /* Known values: a transposition is one edit, as are the others */
    CHECK_LONG(defcon_edit_distance("volker", 6, "volcker", 7, 2), 1);
    CHECK_LONG(defcon_edit_distance("teh", 3, "the", 3, 2), 1);
    CHECK_LONG(defcon_edit_distance("ca", 2, "abc", 3, 3), 3);
    CHECK_LONG(defcon_edit_distance("", 0, "ab", 2, 2), 2);
    CHECK_LONG(defcon_edit_distance("abcdef", 6, "ab", 2, 2), 3);
    fprintf(stderr, "%ld pairs and limits, %ld within the limit\n", pairs, within);
    CHECK(within > pairs / 4);
    return check_finish();
}
