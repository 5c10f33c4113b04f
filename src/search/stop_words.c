/*
 * stop_words.c - the stop word list of stop_words.h: articles, pronouns,
 * auxiliaries, prepositions, conjunctions and question words, the words
 * that carry grammar rather than a subject. Kept short on purpose: a word
 * with meaning in news ("state", "new", "said") is not here.
 */
#include "stop_words.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"

/* Sorted (strcmp), lower case. */
static const char *const stop_words[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for",
    "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
    "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
    "me", "more", "most", "my", "myself", "no", "nor", "not", "of", "off", "on", "once", "only",
    "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
    "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "you", "your", "yours", "yourself", "yourselves",
};

static int compare_words(const void *key, const void *element)
{
    return strcmp(key, *(const char *const *)element);
}

int defcon_stop_word(const char *word, size_t len)
{
    char folded[16];
    size_t i;

    if (len == 0 || len >= sizeof folded)
        return 0;
    for (i = 0; i < len; i++)
        folded[i] = defcon_ascii_lower(word[i]);
    folded[len] = '\0';
    return bsearch(folded, stop_words, sizeof stop_words / sizeof stop_words[0],
                   sizeof stop_words[0], compare_words) != NULL;
}
