/*
 * edit_distance.c - the optimal string alignment distance of
 * edit_distance.h, three rows of the dynamic programme kept at a time,
 * each computed only within `limit` of its diagonal: a cell farther off
 * holds more than `limit` whatever the words.
 */
#include "edit_distance.h"

int defcon_edit_distance(const char *a, size_t n, const char *b, size_t m, int limit)
{
    int rows[3][DEFCON_EDIT_DISTANCE_MAX_LENGTH + 2];
    const int over = limit + 1;   /* every value above the limit, as one */
    size_t i, j, band = (size_t)(limit > 0 ? limit : 0);

    if (n > DEFCON_EDIT_DISTANCE_MAX_LENGTH || m > DEFCON_EDIT_DISTANCE_MAX_LENGTH)
        return over;
    if ((n > m ? n - m : m - n) > band)
        return over;
    for (j = 0; j <= m && j <= band + 1; j++)
        rows[0][j] = (int)j < over ? (int)j : over;
    for (i = 1; i <= n; i++) {
        int *cur = rows[i % 3], *prev = rows[(i - 1) % 3], *prev2 = rows[(i + 1) % 3];
        size_t lo = i > band ? i - band : 1, hi = i + band < m ? i + band : m;
        int best = over;
        /* The row's first cell and the one left of the band, read by this
         * row and the next; the cell right of the band, read by the next */
        cur[0] = (int)i < over ? (int)i : over;
        cur[lo - 1] = lo > 1 ? over : cur[0];
        if (hi + 1 <= m)
            cur[hi + 1] = over;
        if (lo == 1)
            best = cur[0];
        for (j = lo; j <= hi; j++) {
            int cost = a[i - 1] != b[j - 1];
            int d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (prev[j - 1] + cost < d)
                d = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d < over ? d : over;
            if (cur[j] < best)
                best = cur[j];
        }
        if (best > limit)
            return over;
    }
    return rows[n % 3][m];
}

uint64_t defcon_edit_letters(const char *word, size_t len)
{
    uint64_t set = 0;
    size_t i;

    for (i = 0; i < len; i++)
        set |= (uint64_t)1 << ((unsigned char)word[i] % 64);
    return set;
}

static int bits(uint64_t x)
{
    int n = 0;

    for (; x; x &= x - 1)
        n++;
    return n;
}

int defcon_edit_distance_at_least(uint64_t a, uint64_t b)
{
    int missing_from_b = bits(a & ~b), missing_from_a = bits(b & ~a);

    return missing_from_b > missing_from_a ? missing_from_b : missing_from_a;
}
