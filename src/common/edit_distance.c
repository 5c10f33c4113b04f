/*
 * edit_distance.c - the optimal string alignment distance of
 * edit_distance.h, three rows of the dynamic programme kept at a time.
 */
#include "edit_distance.h"

int defcon_edit_distance(const char *a, size_t n, const char *b, size_t m, int limit)
{
    int rows[3][DEFCON_EDIT_DISTANCE_MAX_LENGTH + 2];
    size_t i, j;

    if (n > DEFCON_EDIT_DISTANCE_MAX_LENGTH || m > DEFCON_EDIT_DISTANCE_MAX_LENGTH)
        return limit + 1;
    if ((n > m ? n - m : m - n) > (size_t)limit)
        return limit + 1;
    for (j = 0; j <= m; j++)
        rows[0][j] = (int)j;
    for (i = 1; i <= n; i++) {
        int *cur = rows[i % 3], *prev = rows[(i - 1) % 3], *prev2 = rows[(i + 1) % 3];
        int best = cur[0] = (int)i;
        for (j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (prev[j - 1] + cost < d)
                d = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
            if (d < best)
                best = d;
        }
        if (best > limit)
            return limit + 1;
    }
    return rows[n % 3][m];
}

