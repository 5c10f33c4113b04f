/*
 * gen_corpus.c - a deterministic generator of news-like archives, for the
 * benchmarks that bench/run drives.
 *
 *   gen-corpus --articles N [--seed S] [--html] --out DIR
 *       writes N Markdown articles with YAML front matter into DIR/YYYY/MM/
 *       (undated ones into DIR/undated/); with --html, the same articles
 *       as the pages of WordPress-like news sites, 20 to 80 KB each
 *       (doctype, head with charset, Open Graph and article tags, a
 *       canonical link most of the time, JSON-LD and inline CSS; a menu, the
 *       article in <div class="entry-content">, share buttons, comments, a
 *       sidebar of widgets and a footer), as HTML pages are measured.
 *   gen-corpus --touch PERCENT [--seed S] [--undo] DIR
 *       appends an update paragraph to about PERCENT% of the archive files
 *       under DIR, or with --undo takes those paragraphs off again, so
 *       that "a rerun after 1% of the files changed" can be measured on
 *       any archive and the archive put back as it was.
 *
 * Everything an article holds is a function of the seed and its number,
 * never of N: the same N and seed give byte-identical archives, and a
 * smaller archive is the first part of a larger one with the same seed.
 *
 * What makes the text news-like:
 *  - Words follow a two-part Zipf law over ranks: frequency ~ 1/rank over
 *    the head (a few hundred listed English function and news words, then
 *    generated pseudo-words), and a steeper power law in the long tail,
 *    so the vocabulary keeps growing with the corpus as real text does
 *    (Heaps' law). Pseudo-words are built from syllables and are unique
 *    per rank; about a fifth are capitalised, like names.
 *  - Each article has a few topic words it repeats (news is bursty),
 *    numbers, quotes, and 0 to 4 countries it mentions by name, demonym
 *    or capital, the first one most often and often in the title.
 *  - Body lengths are lognormal around Reuters' (median ~ 450 bytes of
 *    body, a long tail capped at 20 KB); a few articles are title-only.
 *  - About a third use Markdown: headings, emphasis, lists, links, quotes.
 *  - Dates run from 1984-01-01 to 2026-11-30, growing denser towards the
 *    present as archives do; about 2% of the articles are undated.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buffer.h"
#include "corpus.h"
#include "date.h"

/* ---- Random numbers: splitmix64, seeded per article. ---- */

typedef struct generator_random {
    uint64_t state;
} generator_random;

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

static uint64_t random_next(generator_random *random)
{
    random->state += UINT64_C(0x9e3779b97f4a7c15);
    return mix64(random->state);
}

/* Uniform in [0, 1). */
static double random_uniform(generator_random *random)
{
    return (double)(random_next(random) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [0, n). */
static long random_below(generator_random *random, long n)
{
    return (long)(random_uniform(random) * (double)n);
}

static int random_chance(generator_random *random, double probability)
{
    return random_uniform(random) < probability;
}

/* Standard normal (Box-Muller, one of the pair). */
static double random_normal(generator_random *random)
{
    double u = 1.0 - random_uniform(random);   /* (0, 1]: log is finite */
    double v = random_uniform(random);
    return sqrt(-2.0 * log(u)) * cos(2.0 * 3.14159265358979323846 * v);
}

/* A stream of its own for each (seed, purpose, number). */
static generator_random random_for(uint64_t seed, uint64_t purpose, uint64_t number)
{
    generator_random random;
    random.state = mix64(seed ^ mix64(purpose + mix64(number + UINT64_C(0x5bd1e995))));
    return random;
}

static uint64_t hash_text(uint64_t seed, const char *text)
{
    uint64_t hash = mix64(seed + UINT64_C(0x27d4eb2f165667c5));
    for (; *text; text++)
        hash = mix64(hash ^ (unsigned char)*text);
    return hash;
}

/* ---- The vocabulary. ---- */

/* The head of the word distribution, roughly in the order of frequency in
 * English news prose. */
static const char *const common_words[] = {
    "the", "of", "to", "and", "a", "in", "said", "for", "on", "that",
    "is", "it", "was", "with", "by", "from", "at", "as", "its", "be",
    "he", "will", "has", "have", "an", "would", "not", "are", "were", "which",
    "but", "this", "had", "year", "they", "been", "percent", "also", "after", "or",
    "government", "million", "new", "than", "his", "their", "more", "two", "last", "who",
    "about", "billion", "we", "up", "there", "one", "over", "could", "officials", "first",
    "her", "she", "these", "then", "even", "very", "being", "do", "how", "just",
    "already", "minister", "president", "some", "told", "into", "state", "other", "people", "against",
    "may", "three", "when", "since", "week", "if", "years", "all", "no", "military",
    "foreign", "can", "out", "talks", "country", "security", "most", "before", "including", "between",
    "under", "national", "because", "while", "during", "made", "now", "so", "any", "market",
    "company", "spokesman", "month", "reported", "today", "per", "oil", "trade", "prices", "forces",
    "group", "party", "police", "former", "news", "agency", "only", "says", "expected", "still",
    "them", "what", "our", "should", "where", "four", "next", "economic", "war", "well",
    "international", "both", "high", "called", "second", "down", "meeting", "bank", "five", "several",
    "city", "region", "statement", "agreement", "him", "those", "capital", "such", "back", "leader",
    "much", "through", "local", "public", "many", "time", "way", "general", "held", "ministry",
    "nuclear", "political", "official", "sources", "later", "early", "added", "interest", "rate", "pct",
    "day", "top", "world", "plan", "part", "take", "report", "policy", "deal", "support",
    "growth", "tax", "rise", "fell", "rose", "help", "did", "council", "army", "defence",
    "sanctions", "election", "vote", "opposition", "parliament", "troops", "attack", "killed", "border", "peace",
    "ceasefire", "aid", "crisis", "budget", "debt", "exports", "imports", "inflation", "dollar", "shares",
    "stock", "investors", "industry", "production", "energy", "gas", "crude", "barrels", "supply", "demand",
    "summit", "envoy", "embassy", "ambassador", "treaty", "missile", "weapons", "navy", "air", "force",
    "rebels", "militants", "protest", "protesters", "court", "judge", "law", "rights", "human", "refugees",
    "humanitarian", "united", "nations", "union", "european", "central", "committee", "board", "chief", "executive",
    "director", "secretary", "prime", "deputy", "senior", "spokeswoman", "analysts", "markets", "economy", "financial",
    "fund", "loan", "loans", "credit", "banks", "currency", "exchange", "quarter", "profit", "loss",
    "revenue", "sales", "earnings", "dividend", "shareholders", "merger", "acquisition", "contract", "company's", "firm",
    "corporation", "group's", "plant", "workers", "strike", "jobs", "unemployment", "health", "hospital", "virus",
    "outbreak", "vaccine", "disease", "water", "food", "grain", "wheat", "harvest", "drought", "flood",
    "storm", "earthquake", "climate", "emissions", "carbon", "power", "electricity", "technology", "internet", "cyber",
    "data", "intelligence", "surveillance", "spy", "agents", "investigation", "charges", "arrested", "prison", "sentenced",
    "accused", "alleged", "corruption", "scandal", "resigned", "appointed", "elected", "campaign", "candidate", "voters",
    "poll", "results", "coalition", "reform", "constitution", "referendum", "decree", "announced", "confirmed", "denied",
    "warned", "urged", "agreed", "signed", "rejected", "approved", "proposed", "began", "ended", "continued",
    "increased", "decreased", "reached", "remained", "raised", "cut", "boost", "according", "however", "although",
    "despite", "amid", "following", "ahead", "within", "without", "around", "major", "key", "large",
    "small", "big", "long", "short", "strong", "weak", "recent", "further", "possible", "likely",
    "important", "current", "future", "past", "annual", "monthly", "across",
};

enum {
    COMMON_WORD_COUNT = (int)(sizeof common_words / sizeof common_words[0]),
    /* Ranks below HEAD_RANKS follow 1/rank; beyond, a steeper tail. */
    HEAD_RANKS = 10000,
    /* Ranks are capped so that words stay under 5 syllables. */
    MAX_RANK = 40000000
};

/* The tail: its weight next to the head's (log HEAD_RANKS), and its
 * exponent, which sets how fast the vocabulary grows with the corpus. */
#define TAIL_WEIGHT 0.15
#define TAIL_EXPONENT 1.7

/* Syllables: a non-empty consonant onset and a vowel. Every onset is
 * followed by a vowel and no vowel by another, so a word splits into its
 * syllables in one way only: distinct ranks give distinct words. */
static const char *const onsets[] = {
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v",
    "w", "z", "bl", "br", "ch", "cr", "dr", "fr", "gr", "kr", "pl", "pr", "sh", "st",
    "th", "tr",
};
static const char *const vowels[] = {"a", "e", "i", "o", "u", "ai", "ea", "ou"};
static const char *const codas[] = {"", "", "", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "k", "x", "sh"};

enum {
    ONSET_COUNT = (int)(sizeof onsets / sizeof onsets[0]),
    VOWEL_COUNT = (int)(sizeof vowels / sizeof vowels[0]),
    SYLLABLE_COUNT = ONSET_COUNT * VOWEL_COUNT,
    CODA_COUNT = (int)(sizeof codas / sizeof codas[0])
};

/* Writes the word of `rank` (0 is the most frequent) into word[64]. */
static void vocabulary_word(long rank, char word[64])
{
    if (rank < COMMON_WORD_COUNT) {
        snprintf(word, 64, "%s", common_words[rank]);
        return;
    }
    uint64_t number = (uint64_t)(rank - COMMON_WORD_COUNT);
    uint64_t hash = mix64(number + UINT64_C(0x1234567));
    /* Two syllables for the first SYLLABLE_COUNT^2 numbers, three for the
     * next SYLLABLE_COUNT^3, and so on. */
    int syllables = 2;
    uint64_t span = (uint64_t)SYLLABLE_COUNT * SYLLABLE_COUNT;
    while (number >= span && syllables < 4) {
        number -= span;
        span *= SYLLABLE_COUNT;
        syllables++;
    }
    size_t len = 0;
    for (int position = 0; position < syllables; position++) {
        /* An invertible shuffle per position keeps the words unique while
         * making neighbouring ranks look unrelated. */
        uint64_t digit = number % SYLLABLE_COUNT;
        number /= SYLLABLE_COUNT;
        digit = (digit * 97 + (uint64_t)position * 61 + 13) % SYLLABLE_COUNT;
        const char *onset = onsets[digit / VOWEL_COUNT];
        const char *vowel = vowels[digit % VOWEL_COUNT];
        len += (size_t)snprintf(word + len, 64 - len, "%s%s", onset, vowel);
    }
    snprintf(word + len, 64 - len, "%s", codas[hash % CODA_COUNT]);
    if ((hash >> 8) % 100 < 22)
        word[0] = (char)(word[0] - 'a' + 'A');
}

/* Draws a rank from the two-part Zipf law. */
static long vocabulary_draw(generator_random *random)
{
    double head_weight = log((double)HEAD_RANKS);
    for (;;) {
        double t = random_uniform(random) * (head_weight + TAIL_WEIGHT);
        double rank;
        if (t < head_weight) {
            rank = exp(t);      /* density 1/r over [1, HEAD_RANKS) */
        } else {
            double u = (t - head_weight) / TAIL_WEIGHT;
            rank = (double)HEAD_RANKS * pow(1.0 - u, -1.0 / (TAIL_EXPONENT - 1.0));
        }
        if (rank < (double)MAX_RANK)
            return (long)rank - 1;
    }
}

/* ---- Countries: name, demonym, capital, and how often news names them
 * (a rough weight). ---- */

typedef struct generator_country {
    const char *name, *demonym, *capital;
    int weight;
} generator_country;

static const generator_country countries[] = {
    {"United States", "American", "Washington", 100},
    {"China", "Chinese", "Beijing", 60},
    {"Russia", "Russian", "Moscow", 55},
    {"Britain", "British", "London", 40},
    {"Japan", "Japanese", "Tokyo", 35},
    {"Germany", "German", "Berlin", 30},
    {"France", "French", "Paris", 30},
    {"Iran", "Iranian", "Tehran", 30},
    {"Israel", "Israeli", "Jerusalem", 25},
    {"India", "Indian", "New Delhi", 22},
    {"Ukraine", "Ukrainian", "Kyiv", 22},
    {"Iraq", "Iraqi", "Baghdad", 20},
    {"North Korea", "North Korean", "Pyongyang", 18},
    {"South Korea", "South Korean", "Seoul", 15},
    {"Syria", "Syrian", "Damascus", 15},
    {"Saudi Arabia", "Saudi", "Riyadh", 15},
    {"Pakistan", "Pakistani", "Islamabad", 14},
    {"Afghanistan", "Afghan", "Kabul", 14},
    {"Turkey", "Turkish", "Ankara", 13},
    {"Canada", "Canadian", "Ottawa", 12},
    {"Brazil", "Brazilian", "Brasilia", 12},
    {"Italy", "Italian", "Rome", 12},
    {"Egypt", "Egyptian", "Cairo", 11},
    {"Mexico", "Mexican", "Mexico City", 10},
    {"Australia", "Australian", "Canberra", 10},
    {"Taiwan", "Taiwanese", "Taipei", 10},
    {"Spain", "Spanish", "Madrid", 9},
    {"Lebanon", "Lebanese", "Beirut", 9},
    {"Poland", "Polish", "Warsaw", 8},
    {"Venezuela", "Venezuelan", "Caracas", 8},
    {"Nigeria", "Nigerian", "Abuja", 8},
    {"South Africa", "South African", "Pretoria", 8},
    {"Indonesia", "Indonesian", "Jakarta", 7},
    {"Libya", "Libyan", "Tripoli", 7},
    {"Argentina", "Argentine", "Buenos Aires", 7},
    {"Yemen", "Yemeni", "Sanaa", 7},
    {"Cuba", "Cuban", "Havana", 6},
    {"Kuwait", "Kuwaiti", "Kuwait City", 6},
    {"Jordan", "Jordanian", "Amman", 6},
    {"Netherlands", "Dutch", "Amsterdam", 6},
    {"Sweden", "Swedish", "Stockholm", 5},
    {"Switzerland", "Swiss", "Bern", 5},
    {"Belgium", "Belgian", "Brussels", 5},
    {"Greece", "Greek", "Athens", 5},
    {"Philippines", "Philippine", "Manila", 5},
    {"Vietnam", "Vietnamese", "Hanoi", 5},
    {"Thailand", "Thai", "Bangkok", 5},
    {"Malaysia", "Malaysian", "Kuala Lumpur", 4},
    {"Colombia", "Colombian", "Bogota", 4},
    {"Chile", "Chilean", "Santiago", 4},
    {"Peru", "Peruvian", "Lima", 3},
    {"Ethiopia", "Ethiopian", "Addis Ababa", 4},
    {"Kenya", "Kenyan", "Nairobi", 4},
    {"Sudan", "Sudanese", "Khartoum", 4},
    {"Somalia", "Somali", "Mogadishu", 3},
    {"Algeria", "Algerian", "Algiers", 3},
    {"Morocco", "Moroccan", "Rabat", 3},
    {"Qatar", "Qatari", "Doha", 4},
    {"Norway", "Norwegian", "Oslo", 3},
    {"Finland", "Finnish", "Helsinki", 3},
    {"Austria", "Austrian", "Vienna", 3},
    {"Hungary", "Hungarian", "Budapest", 3},
    {"Romania", "Romanian", "Bucharest", 3},
    {"Serbia", "Serbian", "Belgrade", 3},
    {"Belarus", "Belarusian", "Minsk", 3},
    {"Georgia", "Georgian", "Tbilisi", 3},
    {"Armenia", "Armenian", "Yerevan", 2},
    {"Azerbaijan", "Azerbaijani", "Baku", 2},
    {"Kazakhstan", "Kazakh", "Astana", 2},
    {"Myanmar", "Burmese", "Naypyidaw", 3},
    {"Bangladesh", "Bangladeshi", "Dhaka", 3},
    {"Sri Lanka", "Sri Lankan", "Colombo", 2},
    {"Nepal", "Nepalese", "Kathmandu", 2},
    {"New Zealand", "New Zealander", "Wellington", 2},
    {"Ireland", "Irish", "Dublin", 3},
    {"Portugal", "Portuguese", "Lisbon", 2},
    {"Denmark", "Danish", "Copenhagen", 2},
    {"Czech Republic", "Czech", "Prague", 2},
    {"Zimbabwe", "Zimbabwean", "Harare", 2},
    {"Congo", "Congolese", "Kinshasa", 2},
    {"Mali", "Malian", "Bamako", 2},
    {"Tunisia", "Tunisian", "Tunis", 2},
    {"Oman", "Omani", "Muscat", 2},
    {"Bahrain", "Bahraini", "Manama", 2},
    {"Nicaragua", "Nicaraguan", "Managua", 2},
    {"Haiti", "Haitian", "Port-au-Prince", 2},
    {"Iceland", "Icelandic", "Reykjavik", 1},
    {"Mongolia", "Mongolian", "Ulaanbaatar", 1},
};

enum { COUNTRY_COUNT = (int)(sizeof countries / sizeof countries[0]) };

static const char *const sources[] = {
    "Reuters", "Associated Press", "Agence France-Presse", "BBC Monitoring", "Xinhua",
    "TASS", "Kyodo", "Deutsche Welle", "Al Jazeera", "Wire Service",
};
static const char *const topics[] = {
    "crude", "trade", "grain", "money-fx", "interest", "defence", "elections", "diplomacy",
    "energy", "conflict", "economy", "health", "technology", "shipping", "terrorism",
    "nuclear", "sanctions", "human-rights", "climate", "markets", "cyber", "migration",
};
static const char *const headings[] = {
    "Background", "What happened", "Reaction", "Analysis", "Context", "Timeline",
    "What comes next", "Key facts", "Market reaction", "Official response",
};

enum {
    SOURCE_COUNT = (int)(sizeof sources / sizeof sources[0]),
    TOPIC_COUNT = (int)(sizeof topics / sizeof topics[0]),
    HEADING_COUNT = (int)(sizeof headings / sizeof headings[0]),
    MAX_ARTICLE_COUNTRIES = 4,
    TOPIC_WORD_COUNT = 8,
    MAX_BODY_BYTES = 20000
};

static int draw_country(generator_random *random)
{
    int total = 0;
    for (int i = 0; i < COUNTRY_COUNT; i++)
        total += countries[i].weight;
    long pick = random_below(random, total);
    for (int i = 0; i < COUNTRY_COUNT; i++) {
        pick -= countries[i].weight;
        if (pick < 0)
            return i;
    }
    return COUNTRY_COUNT - 1;
}

/* ---- Writing one article. ---- */

typedef struct generator_article {
    generator_random random;
    int countries[MAX_ARTICLE_COUNTRIES];
    int country_count;
    long topic_words[TOPIC_WORD_COUNT];
    int markdown;              /* uses Markdown beyond paragraphs */
    int html;                  /* writes HTML instead of Markdown */
} generator_article;

/* Appends one country mention: name, demonym or capital. */
static int put_country(defcon_buffer *out, generator_article *article, int which)
{
    const generator_country *country = &countries[article->countries[which]];
    double form = random_uniform(&article->random);
    const char *text = form < 0.6 ? country->name
                     : form < 0.85 ? country->demonym : country->capital;
    return defcon_buffer_puts(out, text);
}

static int put_number(defcon_buffer *out, generator_random *random)
{
    double kind = random_uniform(random);
    if (kind < 0.4)
        return defcon_buffer_printf(out, "%ld", 1 + random_below(random, 100));
    if (kind < 0.55)
        return defcon_buffer_printf(out, "%ld", 1950 + random_below(random, 77));
    if (kind < 0.75)
        return defcon_buffer_printf(out, "%ld.%ld", random_below(random, 100),
                                    random_below(random, 10));
    if (kind < 0.9)
        return defcon_buffer_printf(out, "%ld,%03ld", 1 + random_below(random, 999),
                                    random_below(random, 1000));
    return defcon_buffer_printf(out, "%ld.%ld%%", random_below(random, 30),
                                random_below(random, 10));
}

/* Appends one word of running text (a vocabulary word, a topic word, a
 * number or a country), capitalised when it starts a sentence. */
static int put_word(defcon_buffer *out, generator_article *article, int capitalise)
{
    generator_random *random = &article->random;
    double kind = random_uniform(random);
    size_t start = out->len;
    int rc;
    if (article->country_count > 0 && kind < 0.015) {
        int which = random_chance(random, 0.6) ? 0
                  : (int)random_below(random, article->country_count);
        rc = put_country(out, article, which);
    } else if (kind < 0.045) {
        rc = put_number(out, random);
    } else {
        char word[64];
        long rank = kind < 0.11 ? article->topic_words[random_below(random, TOPIC_WORD_COUNT)]
                                : vocabulary_draw(random);
        vocabulary_word(rank, word);
        rc = defcon_buffer_puts(out, word);
    }
    if (rc == 0 && capitalise && out->data[start] >= 'a' && out->data[start] <= 'z')
        out->data[start] = (char)(out->data[start] - 'a' + 'A');
    return rc;
}

/* The Markdown or the HTML form of a piece of markup, as the article is. */
static const char *markup(const generator_article *article, const char *markdown,
                          const char *html)
{
    return article->html ? html : markdown;
}

/* Appends a sentence; `words` about how many. Markdown articles put some
 * words in emphasis, and some sentences are quotes. */
static int put_sentence(defcon_buffer *out, generator_article *article, int words)
{
    generator_random *random = &article->random;
    int quoted = random_chance(random, 0.08);
    int rc = quoted ? defcon_buffer_putc(out, '"') : 0;
    for (int i = 0; rc == 0 && i < words; i++) {
        if (i > 0)
            rc = defcon_buffer_putc(out, ' ');
        int emphasis = 0;      /* 1: emphasis, 2: strong */
        if (article->markdown && i > 0 && random_chance(random, 0.015))
            emphasis = random_chance(random, 0.5) ? 1 : 2;
        if (rc == 0 && emphasis)
            rc = defcon_buffer_puts(out, markup(article, emphasis == 1 ? "*" : "**",
                                                emphasis == 1 ? "<em>" : "<strong>"));
        if (rc == 0)
            rc = put_word(out, article, i == 0);
        if (rc == 0 && emphasis)
            rc = defcon_buffer_puts(out, markup(article, emphasis == 1 ? "*" : "**",
                                                emphasis == 1 ? "</em>" : "</strong>"));
        if (rc == 0 && i + 1 < words && random_chance(random, 0.06))
            rc = defcon_buffer_putc(out, ',');
    }
    if (rc == 0)
        rc = defcon_buffer_puts(out, quoted ? ",\" " : ".");
    if (rc == 0 && quoted) {
        static const char *const speakers[] = {"he said.", "she said.", "officials said.",
                                               "the statement said.", "a spokesman said."};
        rc = defcon_buffer_puts(out, speakers[random_below(random, 5)]);
    }
    return rc;
}

static int sentence_length(generator_random *random)
{
    double words = exp(log(17.0) + 0.45 * random_normal(random));
    return words < 3 ? 3 : words > 60 ? 60 : (int)words;
}

/* Appends one block of the body: a paragraph, or in Markdown articles
 * sometimes a heading, a list, a quote or a paragraph with a link. */
static int put_block(defcon_buffer *out, generator_article *article, int first)
{
    generator_random *random = &article->random;
    double kind = article->markdown && !first ? random_uniform(random) : 1.0;
    int rc = 0;
    if (kind < 0.08) {
        rc = defcon_buffer_puts(out, markup(article, "## ", "<h2>"));
        rc = rc == 0 ? defcon_buffer_puts(out, headings[random_below(random, HEADING_COUNT)]) : rc;
        rc = rc == 0 ? defcon_buffer_puts(out, markup(article, "\n\n", "</h2>\n")) : rc;
        kind = 1.0;     /* a heading is followed by a paragraph */
    }
    if (rc == 0 && kind < 0.18) {
        long items = 2 + random_below(random, 4);
        rc = defcon_buffer_puts(out, markup(article, "", "<ul>\n"));
        for (long i = 0; rc == 0 && i < items; i++) {
            rc = defcon_buffer_puts(out, markup(article, "- ", "<li>"));
            if (rc == 0)
                rc = put_sentence(out, article, 3 + (int)random_below(random, 9));
            if (rc == 0)
                rc = defcon_buffer_puts(out, markup(article, "\n", "</li>\n"));
        }
        return rc == 0 ? defcon_buffer_puts(out, markup(article, "", "</ul>\n")) : rc;
    }
    if (rc == 0 && kind < 0.26) {
        rc = defcon_buffer_puts(out, markup(article, "> ", "<blockquote><p>"));
        if (rc == 0)
            rc = put_sentence(out, article, sentence_length(random));
        return rc == 0 ? defcon_buffer_puts(out, markup(article, "\n", "</p></blockquote>\n"))
                       : rc;
    }
    rc = rc == 0 ? defcon_buffer_puts(out, markup(article, "", "<p>")) : rc;
    long sentences = 1 + random_below(random, 4);
    for (long i = 0; rc == 0 && i < sentences; i++) {
        if (i > 0)
            rc = defcon_buffer_putc(out, ' ');
        if (rc == 0)
            rc = put_sentence(out, article, sentence_length(random));
    }
    if (rc == 0 && kind < 0.36) {
        char word[64];
        vocabulary_word(COMMON_WORD_COUNT + random_below(random, 5000), word);
        word[0] = (char)(word[0] | 0x20);    /* lower case in the address */
        long report = random_below(random, 100000);
        if (article->html)
            rc = defcon_buffer_printf(out, " See <a href=\"https://www.example.org/%s/%ld\">"
                                      "the full %s report</a>.", word, report, word);
        else
            rc = defcon_buffer_printf(out, " See [the full %s report](https://www.example.org/%s/%ld).",
                                      word, word, report);
    }
    return rc == 0 ? defcon_buffer_puts(out, markup(article, "\n", "</p>\n")) : rc;
}

static int put_title(defcon_buffer *out, generator_article *article)
{
    generator_random *random = &article->random;
    int words = 5 + (int)random_below(random, 6);
    int country_at = article->country_count > 0 && random_chance(random, 0.45)
                   ? (int)random_below(random, words) : -1;
    int rc = 0;
    for (int i = 0; rc == 0 && i < words; i++) {
        if (i > 0)
            rc = defcon_buffer_putc(out, ' ');
        if (rc != 0)
            break;
        if (i == country_at) {
            rc = put_country(out, article, 0);
            continue;
        }
        /* Headlines drop most function words. */
        long rank = vocabulary_draw(random);
        while (rank < 40 && random_chance(random, 0.8))
            rank = vocabulary_draw(random);
        if (random_chance(random, 0.15))
            rank = article->topic_words[random_below(random, TOPIC_WORD_COUNT)];
        char word[64];
        vocabulary_word(rank, word);
        if (i == 0 && word[0] >= 'a' && word[0] <= 'z')
            word[0] = (char)(word[0] - 'a' + 'A');
        rc = defcon_buffer_puts(out, word);
    }
    return rc;
}

/* The day numbers of the first and last possible dates. */
typedef struct generator_calendar {
    long first_day, last_day;
} generator_calendar;

/* What an article is before its text: its date (or none), countries,
 * topic words and whether it uses Markdown beyond paragraphs. Drawn in
 * this order from the article's own stream, whatever the output form. */
typedef struct generator_plan {
    int dated, year, month, mday;
} generator_plan;

static void draw_article(uint64_t seed, long number, const generator_calendar *calendar,
                         generator_article *article, generator_plan *plan)
{
    memset(article, 0, sizeof *article);
    article->random = random_for(seed, 1, (uint64_t)number);
    generator_random *random = &article->random;

    /* Dates grow denser towards the present: density 1 + 3t on [0, 1]. */
    plan->dated = !random_chance(random, 0.02);
    double t = (-1.0 + sqrt(1.0 + 15.0 * random_uniform(random))) / 3.0;
    long day = calendar->first_day
             + (long)(t * (double)(calendar->last_day - calendar->first_day + 1));
    if (day > calendar->last_day)
        day = calendar->last_day;
    defcon_date_from_day(day, &plan->year, &plan->month, &plan->mday);

    double countries_draw = random_uniform(random);
    article->country_count = countries_draw < 0.3 ? 0 : countries_draw < 0.65 ? 1
                           : countries_draw < 0.85 ? 2 : countries_draw < 0.95 ? 3 : 4;
    for (int i = 0; i < article->country_count; i++) {
        int pick, again;
        do {
            pick = draw_country(random);
            again = 0;
            for (int j = 0; j < i; j++)
                again |= article->countries[j] == pick;
        } while (again);
        article->countries[i] = pick;
    }
    for (int i = 0; i < TOPIC_WORD_COUNT; i++) {
        long rank;
        do
            rank = vocabulary_draw(random);
        while (rank < 100);
        article->topic_words[i] = rank;
    }
    article->markdown = random_chance(random, 0.33);
}

/* Appends blocks to `out` until the body has about `target` bytes. */
static int put_body(defcon_buffer *out, generator_article *article, double target)
{
    size_t body_start = out->len;
    int first = 1, rc = 0;
    while (rc == 0 && (double)(out->len - body_start) < target) {
        rc = article->html ? 0 : defcon_buffer_putc(out, '\n');
        if (rc == 0)
            rc = put_block(out, article, first);
        first = 0;
    }
    return rc;
}

/* Appends up to six words of `title`, lower case, joined by '-'. */
static int put_slug(defcon_buffer *out, const char *title)
{
    int slug_words = 0, in_word = 0, rc = 0;
    for (const char *c = title; rc == 0 && *c && slug_words < 6; c++) {
        char lower = (*c >= 'A' && *c <= 'Z') ? (char)(*c - 'A' + 'a') : *c;
        if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
            if (!in_word && slug_words > 0)
                rc = defcon_buffer_putc(out, '-');
            if (rc == 0)
                rc = defcon_buffer_putc(out, lower);
            if (!in_word)
                slug_words++;
            in_word = 1;
        } else {
            in_word = 0;
        }
    }
    return rc;
}

/* The path of an article relative to the output folder: date folders,
 * the number, a slug of the title and `extension`. */
static int put_path(defcon_buffer *path, const generator_plan *plan, long number,
                    const char *title, const char *extension)
{
    int rc;
    if (plan->dated)
        rc = defcon_buffer_printf(path, "%04d/%02d/%07ld-", plan->year, plan->month, number);
    else
        rc = defcon_buffer_printf(path, "undated/%07ld-", number);
    rc = rc == 0 ? put_slug(path, title) : rc;
    return rc == 0 ? defcon_buffer_puts(path, extension) : rc;
}

/* Builds article `number` into `out` and its path (relative to the
 * output folder) into `path`. */
static int build_article(uint64_t seed, long number, const generator_calendar *calendar,
                         defcon_buffer *out, defcon_buffer *path)
{
    generator_article article;
    generator_plan plan;
    draw_article(seed, number, calendar, &article, &plan);
    generator_random *random = &article.random;

    defcon_buffer_clear(out);
    defcon_buffer_clear(path);
    defcon_buffer title = DEFCON_BUFFER_INIT;
    int rc = put_title(&title, &article);

    if (rc == 0)
        rc = defcon_buffer_printf(out, "---\nid: synth-%07ld\ntitle: \"%s\"\n",
                                  number, defcon_buffer_cstr(&title));
    if (rc == 0 && plan.dated) {
        if (random_chance(random, 0.5))
            rc = defcon_buffer_printf(out, "date: %04d-%02d-%02d\n", plan.year, plan.month,
                                      plan.mday);
        else
            rc = defcon_buffer_printf(out, "date: %04d-%02d-%02dT%02ld:%02ld:%02ldZ\n",
                                      plan.year, plan.month, plan.mday, random_below(random, 24),
                                      random_below(random, 60), random_below(random, 60));
    }
    /* One to three distinct topics: consecutive entries from a random start. */
    long first_topic = random_below(random, TOPIC_COUNT);
    long topic_count = 1 + random_below(random, 3);
    if (rc == 0)
        rc = defcon_buffer_printf(out, "source: %s\ntopics: [%s",
                                  sources[random_below(random, SOURCE_COUNT)],
                                  topics[first_topic]);
    for (long i = 1; rc == 0 && i < topic_count; i++)
        rc = defcon_buffer_printf(out, ", %s", topics[(first_topic + i * 7) % TOPIC_COUNT]);
    if (rc == 0)
        rc = defcon_buffer_puts(out, "]\n---\n");

    /* Body length: lognormal, median about 450 bytes; some title-only. */
    double target = exp(log(450.0) + 0.95 * random_normal(random));
    if (target > MAX_BODY_BYTES)
        target = MAX_BODY_BYTES;
    if (random_chance(random, 0.03))
        target = 0;
    rc = rc == 0 ? put_body(out, &article, target) : rc;
    rc = rc == 0 ? put_path(path, &plan, number, defcon_buffer_cstr(&title), ".md") : rc;
    defcon_buffer_free(&title);
    return rc;
}

/* ---- HTML pages: an article as a WordPress-like site serves it. ---- */

/* The sites pages come from: name, host (reserved .example names). */
static const char *const site_names[][2] = {
    {"The Daily Ledger", "dailyledger.example"},
    {"World Desk", "worlddesk.example"},
    {"Frontier Post", "frontierpost.example"},
    {"Harbour Times", "harbourtimes.example"},
    {"Continental Review", "continentalreview.example"},
    {"Signal Wire", "signalwire.example"},
};
static const char *const month_names[] = {
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
};

enum {
    SITE_COUNT = (int)(sizeof site_names / sizeof site_names[0]),
    MIN_PAGE_BYTES = 20000,
    MAX_PAGE_BYTES = 80000
};

/* A page: the article, the site it is on and the page's own stream for
 * everything around the article (menus, widgets, comments, styles). */
typedef struct generator_page {
    generator_article article;
    generator_plan plan;
    generator_random chrome;
    long number;
    const char *site, *host;
    char permalink[512];
    char title[512];
} generator_page;

/* Appends a pseudo-word of the vocabulary drawn from `random`, lower case
 * (for class names and addresses). */
static int put_plain_word(defcon_buffer *out, generator_random *random, long ranks)
{
    char word[64];
    vocabulary_word(COMMON_WORD_COUNT + random_below(random, ranks), word);
    word[0] = (char)(word[0] | 0x20);
    return defcon_buffer_puts(out, word);
}

/* Appends `words` words of headline-like text from the page's stream. */
static int put_phrase(defcon_buffer *out, generator_random *random, int words)
{
    int rc = 0;
    for (int i = 0; rc == 0 && i < words; i++) {
        char word[64];
        vocabulary_word(vocabulary_draw(random), word);
        if (i == 0 && word[0] >= 'a' && word[0] <= 'z')
            word[0] = (char)(word[0] - 'a' + 'A');
        rc = defcon_buffer_printf(out, i ? " %s" : "%s", word);
    }
    return rc;
}

/* Appends a sentence of comment text, drawn from the page's stream. */
static int put_chatter(defcon_buffer *out, generator_random *random)
{
    int words = 6 + (int)random_below(random, 20), rc = 0;
    for (int i = 0; rc == 0 && i < words; i++) {
        char word[64];
        vocabulary_word(vocabulary_draw(random), word);
        rc = defcon_buffer_printf(out, i ? " %s" : "%s", word);
    }
    return rc == 0 ? defcon_buffer_puts(out, ". ") : rc;
}

static int put_link_item(defcon_buffer *out, generator_page *page, const char *folder)
{
    generator_random *random = &page->chrome;
    int rc = defcon_buffer_printf(out, "<li class=\"menu-item\"><a href=\"https://%s/%s/",
                                  page->host, folder);
    rc = rc == 0 ? put_plain_word(out, random, 3000) : rc;
    rc = rc == 0 ? defcon_buffer_puts(out, "/\">") : rc;
    rc = rc == 0 ? put_phrase(out, random, 1 + (int)random_below(random, 3)) : rc;
    return rc == 0 ? defcon_buffer_puts(out, "</a></li>\n") : rc;
}

/* The site's header: its name and a menu of sections, some with submenus. */
static int put_masthead(defcon_buffer *out, generator_page *page)
{
    generator_random *random = &page->chrome;
    int rc = defcon_buffer_printf(out,
        "<div id=\"page\" class=\"site\">\n<a class=\"skip-link screen-reader-text\" "
        "href=\"#content\">Skip to content</a>\n<header id=\"masthead\" class=\"site-header\">"
        "<div class=\"site-branding\"><p class=\"site-title\"><a href=\"https://%s/\" "
        "rel=\"home\">%s</a></p><p class=\"site-description\">News and analysis</p></div>\n"
        "<nav id=\"site-navigation\" class=\"main-navigation\"><button class=\"menu-toggle\" "
        "aria-controls=\"primary-menu\">Menu</button><ul id=\"primary-menu\" class=\"menu\">\n",
        page->host, page->site);
    long items = 12 + random_below(random, 16);
    for (long i = 0; rc == 0 && i < items; i++) {
        rc = put_link_item(out, page, "category");
        if (rc == 0 && random_chance(random, 0.25)) {
            rc = defcon_buffer_puts(out, "<li class=\"menu-item-has-children\"><ul class=\"sub-menu\">\n");
            for (long k = 0, n = 2 + random_below(random, 6); rc == 0 && k < n; k++)
                rc = put_link_item(out, page, "category");
            rc = rc == 0 ? defcon_buffer_puts(out, "</ul></li>\n") : rc;
        }
    }
    return rc == 0 ? defcon_buffer_puts(out, "</ul></nav></header>\n") : rc;
}

/* Share buttons, as plugins put them inside the entry content. */
static int put_share(defcon_buffer *out, generator_page *page)
{
    static const char *const networks[] = {"twitter", "facebook", "linkedin", "reddit",
                                           "email", "print"};
    int rc = defcon_buffer_puts(out, "<div class=\"sharedaddy sd-sharing-enabled\">"
                                     "<h3 class=\"sd-title\">Share this:</h3><ul>\n");
    for (int i = 0; rc == 0 && i < 6; i++)
        rc = defcon_buffer_printf(out, "<li class=\"share-%s\"><a rel=\"nofollow noopener\" "
                                  "class=\"share-%s sd-button\" href=\"%s?share=%s\" "
                                  "target=\"_blank\"><span>%c%s</span></a></li>\n",
                                  networks[i], networks[i], page->permalink, networks[i],
                                  networks[i][0] - 'a' + 'A', networks[i] + 1);
    return rc == 0 ? defcon_buffer_puts(out, "</ul></div>\n") : rc;
}

/* The article element: header with title, date and author, the entry
 * content (the body) with share buttons, the footer with its topics. */
static int put_entry(defcon_buffer *out, generator_page *page, double body_bytes)
{
    const generator_plan *plan = &page->plan;
    generator_random *random = &page->chrome;
    int rc = defcon_buffer_printf(out,
        "<article id=\"post-%ld\" class=\"post-%ld post type-post status-publish "
        "format-standard hentry\">\n<header class=\"entry-header\"><h1 class=\"entry-title\">"
        "%s</h1><div class=\"entry-meta\"><span class=\"posted-on\">Posted on <a href=\"%s\" "
        "rel=\"bookmark\">", page->number, page->number, page->title, page->permalink);
    if (rc == 0 && plan->dated)
        rc = defcon_buffer_printf(out, "<time class=\"entry-date published\" datetime=\""
                                  "%04d-%02d-%02dT08:00:00+00:00\">%s %d, %04d</time>",
                                  plan->year, plan->month, plan->mday,
                                  month_names[plan->month - 1], plan->mday, plan->year);
    rc = rc == 0 ? defcon_buffer_printf(out, "</a></span><span class=\"byline\"> by <span "
                                        "class=\"author vcard\"><a class=\"url fn n\" href=\""
                                        "https://%s/author/", page->host) : rc;
    rc = rc == 0 ? put_plain_word(out, random, 200) : rc;
    rc = rc == 0 ? defcon_buffer_puts(out, "/\">") : rc;
    rc = rc == 0 ? put_phrase(out, random, 2) : rc;
    rc = rc == 0 ? defcon_buffer_puts(out, "</a></span></span></div></header>\n"
                                           "<div class=\"entry-content\">\n") : rc;
    rc = rc == 0 ? put_body(out, &page->article, body_bytes) : rc;
    rc = rc == 0 ? put_share(out, page) : rc;
    rc = rc == 0 ? defcon_buffer_printf(out, "</div>\n<footer class=\"entry-footer\"><span "
                                        "class=\"cat-links\">Posted in <a href=\"https://%s/"
                                        "category/%s/\" rel=\"category tag\">%s</a></span>"
                                        "</footer>\n</article>\n", page->host,
                                        topics[random_below(random, TOPIC_COUNT)],
                                        sources[random_below(random, SOURCE_COUNT)]) : rc;
    return rc;
}

static int put_comment(defcon_buffer *out, generator_page *page, long index)
{
    generator_random *random = &page->chrome;
    int rc = defcon_buffer_printf(out,
        "<li id=\"comment-%ld%ld\" class=\"comment even thread-even depth-1\"><article "
        "class=\"comment-body\"><footer class=\"comment-meta\"><div class=\"comment-author "
        "vcard\"><img alt=\"\" src=\"https://secure.gravatar.example/avatar/%016llx?s=32\" "
        "class=\"avatar\" height=\"32\" width=\"32\"><b class=\"fn\">", page->number, index,
        (unsigned long long)random_next(random));
    rc = rc == 0 ? put_phrase(out, random, 1 + (int)random_below(random, 2)) : rc;
    rc = rc == 0 ? defcon_buffer_printf(out, "</b> <span class=\"says\">says:</span></div>"
                                        "<div class=\"comment-metadata\"><a href=\"%s#comment-"
                                        "%ld%ld\">at %ld:%02ld</a></div></footer>\n<div class="
                                        "\"comment-content\">", page->permalink, page->number,
                                        index, 1 + random_below(random, 12),
                                        random_below(random, 60)) : rc;
    for (long p = 0, n = 1 + random_below(random, 3); rc == 0 && p < n; p++) {
        rc = defcon_buffer_puts(out, "<p>");
        for (long k = 0, m = 1 + random_below(random, 4); rc == 0 && k < m; k++)
            rc = put_chatter(out, random);
        rc = rc == 0 ? defcon_buffer_puts(out, "</p>\n") : rc;
    }
    return rc == 0 ? defcon_buffer_printf(out, "</div><div class=\"reply\"><a rel=\"nofollow\" "
                                          "class=\"comment-reply-link\" href=\"%s?replytocom="
                                          "%ld#respond\">Reply</a></div></article></li>\n",
                                          page->permalink, index) : rc;
}

/* Comments (none to a dozen) and the reply form. */
static int put_comments(defcon_buffer *out, generator_page *page)
{
    generator_random *random = &page->chrome;
    long count = random_chance(random, 0.3) ? 0 : 1 + random_below(random, 12);
    int rc = defcon_buffer_printf(out, "<div id=\"comments\" class=\"comments-area\">\n<h2 "
                                  "class=\"comments-title\">%ld thoughts on &ldquo;%s&rdquo;"
                                  "</h2>\n<ol class=\"comment-list\">\n", count, page->title);
    for (long i = 0; rc == 0 && i < count; i++)
        rc = put_comment(out, page, i);
    return rc == 0 ? defcon_buffer_printf(out,
        "</ol>\n<div id=\"respond\" class=\"comment-respond\"><h3 id=\"reply-title\" "
        "class=\"comment-reply-title\">Leave a Reply</h3><form action=\"https://%s/wp-comments-"
        "post.php\" method=\"post\" id=\"commentform\" class=\"comment-form\"><p class=\"comment-"
        "notes\">Your email address will not be published.</p><p class=\"comment-form-comment\">"
        "<label for=\"comment\">Comment</label><textarea id=\"comment\" name=\"comment\" cols="
        "\"45\" rows=\"8\" required></textarea></p><p class=\"form-submit\"><input name=\"submit\""
        " type=\"submit\" id=\"submit\" class=\"submit\" value=\"Post Comment\"><input type=\""
        "hidden\" name=\"comment_post_ID\" value=\"%ld\"></p></form></div>\n</div>\n",
        page->host, page->number) : rc;
}

/* The sidebar: search, recent posts, archives by month, categories, a
 * text widget. */
static int put_sidebar(defcon_buffer *out, generator_page *page)
{
    generator_random *random = &page->chrome;
    int rc = defcon_buffer_printf(out,
        "<aside id=\"secondary\" class=\"widget-area\">\n<section id=\"search-2\" class=\"widget "
        "widget_search\"><form role=\"search\" method=\"get\" class=\"search-form\" action="
        "\"https://%s/\"><label><span class=\"screen-reader-text\">Search for:</span><input type="
        "\"search\" class=\"search-field\" name=\"s\"></label><input type=\"submit\" class=\""
        "search-submit\" value=\"Search\"></form></section>\n<section id=\"recent-posts-2\" "
        "class=\"widget widget_recent_entries\"><h2 class=\"widget-title\">Recent Posts</h2><ul>\n",
        page->host);
    for (int i = 0; rc == 0 && i < 10; i++) {
        rc = defcon_buffer_printf(out, "<li><a href=\"https://%s/%ld/\">", page->host,
                                  random_below(random, 1000000));
        rc = rc == 0 ? put_phrase(out, random, 5 + (int)random_below(random, 6)) : rc;
        rc = rc == 0 ? defcon_buffer_puts(out, "</a></li>\n") : rc;
    }
    rc = rc == 0 ? defcon_buffer_puts(out, "</ul></section>\n<section id=\"archives-2\" class="
                                           "\"widget widget_archive\"><h2 class=\"widget-title\">"
                                           "Archives</h2><ul>\n") : rc;
    for (int i = 0; rc == 0 && i < 24; i++)
        rc = defcon_buffer_printf(out, "<li><a href=\"https://%s/%04d/%02d/\">%s %04d</a></li>\n",
                                  page->host, 2024 - i / 12, 12 - i % 12,
                                  month_names[11 - i % 12], 2024 - i / 12);
    rc = rc == 0 ? defcon_buffer_puts(out, "</ul></section>\n<section id=\"categories-2\" class="
                                           "\"widget widget_categories\"><h2 class=\"widget-"
                                           "title\">Categories</h2><ul>\n") : rc;
    for (int i = 0; rc == 0 && i < TOPIC_COUNT; i++)
        rc = defcon_buffer_printf(out, "<li class=\"cat-item\"><a href=\"https://%s/category/%s/"
                                  "\">%s</a></li>\n", page->host, topics[i], topics[i]);
    rc = rc == 0 ? defcon_buffer_puts(out, "</ul></section>\n<section class=\"widget widget_text\">"
                                           "<div class=\"textwidget\"><p>") : rc;
    for (int i = 0; rc == 0 && i < 3; i++)
        rc = put_chatter(out, random);
    return rc == 0 ? defcon_buffer_puts(out, "</p></div></section>\n</aside>\n") : rc;
}

static int put_footer(defcon_buffer *out, generator_page *page)
{
    int rc = defcon_buffer_printf(out,
        "<footer id=\"colophon\" class=\"site-footer\"><nav class=\"footer-navigation\"><ul>"
        "<li><a href=\"https://%s/about/\">About</a></li><li><a href=\"https://%s/contact/\">"
        "Contact</a></li><li><a href=\"https://%s/privacy-policy/\">Privacy Policy</a></li>"
        "</ul></nav><div class=\"site-info\">&copy; %d %s. All rights reserved. <a href=\""
        "https://wordpress.example/\">Proudly powered by WordPress</a></div></footer>\n</div>\n",
        page->host, page->host, page->host, page->plan.dated ? page->plan.year : 2024,
        page->site);
    for (int i = 0; rc == 0 && i < 6; i++)
        rc = defcon_buffer_printf(out, "<script src=\"https://%s/wp-includes/js/script-%d.min.js"
                                  "?ver=6.%d\" id=\"script-%d-js\"></script>\n", page->host, i,
                                  i, i);
    return rc == 0 ? defcon_buffer_puts(out, "</body>\n</html>\n") : rc;
}

/* Inline CSS of about `bytes` bytes, as themes and block editors put in
 * the head: rules over made-up class names. */
static int put_styles(defcon_buffer *out, generator_random *random, double bytes)
{
    static const char *const properties[] = {
        "margin:0 0 1.5em", "padding:0.5rem 1rem", "color:#1e1e1e", "font-size:1.125rem",
        "line-height:1.6", "display:flex", "background-color:#f7f7f7", "border:1px solid #ddd",
        "font-weight:600", "text-decoration:none", "max-width:720px", "gap:0.5em"};
    size_t start = out->len;
    int rc = defcon_buffer_puts(out, "<style id=\"global-styles-inline-css\">\n");
    while (rc == 0 && (double)(out->len - start) < bytes) {
        rc = defcon_buffer_puts(out, ".wp-block-");
        rc = rc == 0 ? put_plain_word(out, random, 400) : rc;
        rc = rc == 0 ? defcon_buffer_putc(out, '{') : rc;
        for (long k = 0, n = 1 + random_below(random, 4); rc == 0 && k < n; k++)
            rc = defcon_buffer_printf(out, "%s;", properties[random_below(random, 12)]);
        rc = rc == 0 ? defcon_buffer_puts(out, "}\n") : rc;
    }
    return rc == 0 ? defcon_buffer_puts(out, "</style>\n") : rc;
}

/* The head: charset, title, canonical link, Open Graph and article tags,
 * stylesheets, JSON-LD, and inline CSS that brings the page to
 * `page_bytes` with the `rest` already built. */
static int put_head(defcon_buffer *out, generator_page *page, size_t rest, double page_bytes)
{
    const generator_plan *plan = &page->plan;
    int rc = defcon_buffer_printf(out,
        "<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n<meta charset=\"UTF-8\">\n<meta name="
        "\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s | %s</title>\n"
        "<meta name=\"robots\" content=\"index, follow, max-image-preview:large\">\n",
        page->title, page->site);
    if (rc == 0 && random_chance(&page->chrome, 0.9))
        rc = defcon_buffer_printf(out, "<link rel=\"canonical\" href=\"%s\">\n", page->permalink);
    rc = rc == 0 ? defcon_buffer_printf(out,
        "<meta property=\"og:locale\" content=\"en_US\">\n<meta property=\"og:type\" content="
        "\"article\">\n<meta property=\"og:title\" content=\"%s\">\n<meta property=\"og:url\" "
        "content=\"%s\">\n<meta property=\"og:site_name\" content=\"%s\">\n", page->title,
        page->permalink, page->site) : rc;
    if (rc == 0 && plan->dated)
        rc = defcon_buffer_printf(out, "<meta property=\"article:published_time\" content=\""
                                  "%04d-%02d-%02dT08:00:00+00:00\">\n", plan->year, plan->month,
                                  plan->mday);
    for (int i = 0; rc == 0 && i < 5; i++)
        rc = defcon_buffer_printf(out, "<link rel=\"stylesheet\" id=\"style-%d-css\" href=\""
                                  "https://%s/wp-content/themes/news/style-%d.css?ver=6.%d\" "
                                  "media=\"all\">\n", i, page->host, i, i);
    rc = rc == 0 ? defcon_buffer_printf(out,
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
        "\"NewsArticle\",\"headline\":\"%s\",\"mainEntityOfPage\":\"%s\",\"publisher\":"
        "{\"@type\":\"Organization\",\"name\":\"%s\"}}</script>\n", page->title,
        page->permalink, page->site) : rc;
    size_t so_far = out->len + rest + 40;
    rc = rc == 0 ? put_styles(out, &page->chrome, page_bytes - (double)so_far) : rc;
    return rc == 0 ? defcon_buffer_printf(out, "</head>\n<body class=\"post-template-default "
                                          "single single-post postid-%ld single-format-standard"
                                          "\">\n", page->number) : rc;
}

/* Builds page `number` into `out` and its path into `path`: the article
 * of the same number and seed that build_article writes as Markdown
 * (same date, countries and topic words), as a WordPress-like page of
 * 20 to 80 KB. */
static int build_page(uint64_t seed, long number, const generator_calendar *calendar,
                      defcon_buffer *out, defcon_buffer *path)
{
    generator_page page;
    draw_article(seed, number, calendar, &page.article, &page.plan);
    page.article.html = 1;
    page.article.markdown = 1;
    page.number = number;
    page.chrome = random_for(seed, 3, (uint64_t)number);
    const char *const *site = site_names[random_below(&page.chrome, SITE_COUNT)];
    page.site = site[0];
    page.host = site[1];

    defcon_buffer title = DEFCON_BUFFER_INIT, rest = DEFCON_BUFFER_INIT;
    defcon_buffer_clear(out);
    defcon_buffer_clear(path);
    int rc = put_title(&title, &page.article);
    snprintf(page.title, sizeof page.title, "%s", defcon_buffer_cstr(&title));
    rc = rc == 0 ? put_path(path, &page.plan, number, page.title, ".html") : rc;
    snprintf(page.permalink, sizeof page.permalink, "https://%s/%s/", page.host,
             defcon_buffer_cstr(path));
    char *extension = strstr(page.permalink, ".html/");
    if (extension)
        memmove(extension, extension + 5, strlen(extension + 5) + 1);

    /* News articles run longer than Reuters' items: median about 3 KB. */
    double body = exp(log(3000.0) + 0.6 * random_normal(&page.chrome));
    double page_bytes = exp(log(38000.0) + 0.35 * random_normal(&page.chrome));
    body = body > MAX_BODY_BYTES ? MAX_BODY_BYTES : body;
    page_bytes = page_bytes < MIN_PAGE_BYTES ? MIN_PAGE_BYTES
               : page_bytes > MAX_PAGE_BYTES ? MAX_PAGE_BYTES : page_bytes;
    rc = rc == 0 ? put_masthead(&rest, &page) : rc;
    rc = rc == 0 ? defcon_buffer_puts(&rest, "<div id=\"content\" class=\"site-content\"><div id="
                                             "\"primary\" class=\"content-area\"><main id=\"main"
                                             "\" class=\"site-main\">\n") : rc;
    rc = rc == 0 ? put_entry(&rest, &page, body) : rc;
    rc = rc == 0 ? put_comments(&rest, &page) : rc;
    rc = rc == 0 ? defcon_buffer_puts(&rest, "</main></div>\n") : rc;
    rc = rc == 0 ? put_sidebar(&rest, &page) : rc;
    rc = rc == 0 ? defcon_buffer_puts(&rest, "</div>\n") : rc;
    rc = rc == 0 ? put_footer(&rest, &page) : rc;
    rc = rc == 0 ? put_head(out, &page, rest.len, page_bytes) : rc;
    rc = rc == 0 ? defcon_buffer_append(out, rest.data, rest.len) : rc;
    defcon_buffer_free(&title);
    defcon_buffer_free(&rest);
    return rc;
}

/* ---- Files. ---- */

static int make_folder(const char *path)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return 0;
    fprintf(stderr, "gen-corpus: cannot create %s: %s\n", path, strerror(errno));
    return -1;
}

static int write_file(const char *path, const char *mode, const char *data, size_t len)
{
    FILE *file = fopen(path, mode);
    if (file == NULL) {
        fprintf(stderr, "gen-corpus: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t written = fwrite(data, 1, len, file);
    int closed = fclose(file);
    if (written != len || closed != 0) {
        fprintf(stderr, "gen-corpus: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static double now_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static int generate(uint64_t seed, long articles, int html, const char *out_dir)
{
    defcon_date first = {1984, 1, 1, DEFCON_DATE_DAY};
    defcon_date last = {2026, 11, 30, DEFCON_DATE_DAY};
    generator_calendar calendar = {defcon_date_first_day(&first), defcon_date_first_day(&last)};
    /* One flag per month folder (and one for undated/), so each is made once. */
    unsigned char made[(2026 - 1984 + 1) * 12 + 1];
    memset(made, 0, sizeof made);

    defcon_buffer content = DEFCON_BUFFER_INIT, path = DEFCON_BUFFER_INIT,
                  full = DEFCON_BUFFER_INIT;
    double start = now_seconds();
    long long bytes = 0;
    int rc = make_folder(out_dir);
    for (long number = 1; rc == 0 && number <= articles; number++) {
        rc = html ? build_page(seed, number, &calendar, &content, &path)
                  : build_article(seed, number, &calendar, &content, &path);
        if (rc != 0) {
            fprintf(stderr, "gen-corpus: out of memory\n");
            break;
        }
        const char *relative = defcon_buffer_cstr(&path);
        size_t slot = sizeof made - 1;
        if (relative[0] != 'u')
            slot = (size_t)((atoi(relative) - 1984) * 12 + atoi(relative + 5) - 1);
        if (!made[slot]) {
            defcon_buffer_clear(&full);
            if (relative[0] == 'u') {
                rc = defcon_buffer_printf(&full, "%s/undated", out_dir);
                rc = rc == 0 ? make_folder(full.data) : rc;
            } else {
                rc = defcon_buffer_printf(&full, "%s/%.4s", out_dir, relative);
                rc = rc == 0 ? make_folder(full.data) : rc;
                defcon_buffer_clear(&full);
                rc = rc == 0 ? defcon_buffer_printf(&full, "%s/%.7s", out_dir, relative) : rc;
                rc = rc == 0 ? make_folder(full.data) : rc;
            }
            made[slot] = 1;
        }
        defcon_buffer_clear(&full);
        rc = rc == 0 ? defcon_buffer_printf(&full, "%s/%s", out_dir, relative) : rc;
        rc = rc == 0 ? write_file(full.data, "wb", content.data, content.len) : rc;
        bytes += (long long)content.len;
    }
    if (rc == 0)
        fprintf(stderr, "gen-corpus: %ld %s, %.1f MB, in %.1f s\n", articles,
                html ? "HTML pages" : "articles", (double)bytes / 1e6, now_seconds() - start);
    defcon_buffer_free(&content);
    defcon_buffer_free(&path);
    defcon_buffer_free(&full);
    return rc;
}

/* The paragraph --touch appends starts with this; --undo cuts there. */
#define TOUCH_MARKER "\n\nUpdate ("

static void report_problem(void *context, const char *path, const char *reason)
{
    (void)context;
    fprintf(stderr, "gen-corpus: %s: %s\n", path, reason);
}

static int touch(uint64_t seed, double percent, int undo, const char *dir)
{
    defcon_corpus corpus;
    if (defcon_corpus_walk(&corpus, dir, report_problem, NULL) != 0) {
        fprintf(stderr, "gen-corpus: %s: %s\n", dir, corpus.message);
        defcon_corpus_free(&corpus);
        return -1;
    }
    uint64_t threshold = (uint64_t)(percent * 10000.0 + 0.5);    /* per million */
    defcon_buffer full = DEFCON_BUFFER_INIT, addition = DEFCON_BUFFER_INIT;
    long changed = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < corpus.count; i++) {
        const char *relative = defcon_corpus_path(&corpus, i);
        if (hash_text(seed, relative) % 1000000 >= threshold)
            continue;
        defcon_buffer_clear(&full);
        rc = defcon_buffer_printf(&full, "%s/%s", dir, relative);
        char *data = NULL;
        size_t len = 0;
        char error[256];
        if (rc == 0 && defcon_corpus_read(dir, relative, (size_t)1 << 30, &data, &len,
                                          error, sizeof error) != 0) {
            fprintf(stderr, "gen-corpus: %s: %s\n", full.data, error);
            rc = -1;
        }
        if (rc == 0 && undo) {
            const char *marker = strstr(data, TOUCH_MARKER);
            if (marker != NULL) {
                rc = write_file(full.data, "wb", data, (size_t)(marker - data));
                changed++;
            }
        } else if (rc == 0) {
            generator_article article;
            memset(&article, 0, sizeof article);
            article.random = random_for(seed, 2, hash_text(seed, relative));
            for (int w = 0; w < TOPIC_WORD_COUNT; w++)
                article.topic_words[w] = vocabulary_draw(&article.random);
            defcon_buffer_clear(&addition);
            rc = defcon_buffer_printf(&addition, TOUCH_MARKER "%" PRIu64 "): ", seed);
            rc = rc == 0 ? put_sentence(&addition, &article, sentence_length(&article.random)) : rc;
            rc = rc == 0 ? defcon_buffer_putc(&addition, '\n') : rc;
            rc = rc == 0 ? write_file(full.data, "ab", addition.data, addition.len) : rc;
            changed++;
        }
        free(data);
    }
    if (rc == 0)
        fprintf(stderr, "gen-corpus: %s %ld of %zu files\n", undo ? "restored" : "changed",
                changed, corpus.count);
    defcon_buffer_free(&full);
    defcon_buffer_free(&addition);
    defcon_corpus_free(&corpus);
    return rc;
}

static void usage(FILE *stream)
{
    fputs("usage: gen-corpus --articles N [--seed S] [--html] --out DIR\n"
          "       gen-corpus --touch PERCENT [--seed S] [--undo] DIR\n"
          "\n"
          "The first form writes N synthetic news articles (Markdown with YAML\n"
          "front matter; with --html, WordPress-like pages of 20 to 80 KB) into\n"
          "DIR/YYYY/MM/ and DIR/undated/; the same N and seed always give the\n"
          "same bytes. The second appends an update paragraph to\n"
          "about PERCENT% of the archive files under DIR, chosen by the seed, or\n"
          "with --undo removes the paragraphs that the same seed and PERCENT added.\n",
          stream);
}

int main(int argc, char **argv)
{
    long articles = -1;
    uint64_t seed = 1;
    double percent = -1;
    int undo = 0, html = 0;
    const char *out_dir = NULL, *touch_dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(arg, "--undo") == 0) {
            undo = 1;
        } else if (strcmp(arg, "--html") == 0) {
            html = 1;
        } else if (strcmp(arg, "--articles") == 0 && value) {
            articles = strtol(value, &end, 10);
            i++;
        } else if (strcmp(arg, "--seed") == 0 && value) {
            seed = (uint64_t)strtoull(value, &end, 10);
            i++;
        } else if (strcmp(arg, "--touch") == 0 && value) {
            percent = strtod(value, &end);
            i++;
        } else if (strcmp(arg, "--out") == 0 && value) {
            out_dir = value;
            i++;
        } else if (arg[0] != '-' && touch_dir == NULL) {
            touch_dir = arg;
        } else {
            fprintf(stderr, "gen-corpus: unexpected argument '%s'\n", arg);
            usage(stderr);
            return 2;
        }
        if (end != NULL && (*end != '\0' || end == value)) {
            fprintf(stderr, "gen-corpus: '%s' is not a number\n", value);
            return 2;
        }
    }
    if (percent >= 0 && touch_dir != NULL && out_dir == NULL && articles < 0 && !html)
        return touch(seed, percent > 100 ? 100 : percent, undo, touch_dir) == 0 ? 0 : 2;
    if (articles >= 0 && out_dir != NULL && touch_dir == NULL && percent < 0 && !undo)
        return generate(seed, articles, html, out_dir) == 0 ? 0 : 2;
    usage(stderr);
    return 2;
}
