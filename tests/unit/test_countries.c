/*
 * test_countries.c - the country gazetteer and matcher (countries.h).
 *
 * One test per hard case of the issue (Georgia the state, Jordan and Chad
 * as names, lower-case turkey/china/guinea, US and us, Niger in Nigeria,
 * Guinea in Papua New Guinea, Korea alone, the two Congos, Washington,
 * New Mexico, the Indian Ocean), then the fields of a mention, tickers,
 * the dateline (read from the front matter, as evidence, and outweighed
 * by a title or lead naming other countries: issue 11, item 7), a title
 * standing alone, officials and markets named without their country, lookup, suggestions (plausible ones only, and none for
 * a name that is not one country: issue 11, item 18), display names and
 * predecessors,
 * and the seed article from the shared folder (skipped when it is not
 * there).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "check.h"
#include "countries.h"

static defcon_country_list found;

/* Why the test on the shared folder's seed could not run, or NULL. */
static const char *skipped;

/* Runs the matcher on a title and a body (NULL for none). */
static void find(const char *title, const char *body)
{
    defcon_country_list_clear(&found);
    CHECK(defcon_countries_find(title ? title : "", body ? body : "", body ? strlen(body) : 0,
                                NULL, &found) == 0);
}

/* Runs the matcher on a title, a body and a dateline (NULL for none). */
static void find_dated(const char *title, const char *body, const char *dateline)
{
    defcon_country_list_clear(&found);
    CHECK(defcon_countries_find(title ? title : "", body ? body : "", body ? strlen(body) : 0,
                                dateline, &found) == 0);
}

static const defcon_country_mention *mention(const char *code)
{
    size_t i;

    for (i = 0; i < found.count; i++)
        if (strcmp(found.items[i].code, code) == 0)
            return &found.items[i];
    return NULL;
}

static int mentioned(const char *code)
{
    return mention(code) != NULL;
}

static int about(const char *code)
{
    const defcon_country_mention *m = mention(code);
    return m != NULL && m->about;
}

static const char *lookup(const char *name)
{
    static char code[3];

    return defcon_country_lookup(name, code) ? code : NULL;
}

static void test_georgia(void)
{
    /* The U.S. state unless the article names the country's own places. */
    find(NULL, "Home Depot opened a store in Atlanta, Georgia, on Monday.");
    CHECK(about("US"));
    CHECK(!mentioned("GE"));
    find("GEORGIA GULF <GGLF> FILES FOR SHARE OFFER", "Georgia Gulf Corp said it filed.");
    CHECK(!mentioned("GE"));
    find(NULL, "Russian troops entered Georgia. Tbilisi said the Georgian army fell back.");
    CHECK(about("GE"));
    CHECK(mention("GE")->count == 3);
    CHECK(!mentioned("US"));
    CHECK_STR(lookup("Georgia"), "GE");
}

static void test_jordan_and_chad_as_names(void)
{
    find(NULL, "Michael Jordan scored 40 points last night.");
    CHECK(!mentioned("JO"));
    find(NULL, "Jordan Marsh Co said its sales rose.");
    CHECK(!mentioned("JO"));
    find(NULL, "Chad Therapeutics Inc said it would list its shares.");
    CHECK(!mentioned("TD"));
    find(NULL, "In Jordan, prices rose. King Hussein of Jordan said so.");
    CHECK(about("JO"));
    CHECK(mention("JO")->count == 3);     /* "King Hussein" counts too */
    find(NULL, "Libya said its planes bombed Chad on Tuesday.");
    CHECK(about("TD"));
    /* In an all-caps title capitals say nothing: the country. */
    find("JORDAN GETS 96.4 MLN DLRS IN WORLD BANK LOANS", NULL);
    CHECK(about("JO"));
    find("CHAD SAYS IT KILLED 384 LIBYANS IN BATTLE", NULL);
    CHECK(about("TD"));
}

static void test_lower_case_words(void)
{
    find(NULL, "We had turkey on fine china and watched a guinea pig; chad and jordan too.");
    CHECK(found.count == 0);
    find(NULL, "Turkey said China and Guinea agreed.");
    CHECK(mentioned("TR") && mentioned("CN") && mentioned("GN"));
    find(NULL, "Turkey Hill Dairy said it would expand.");
    CHECK(!mentioned("TR"));
    find("TURKEY SEES 1.5 BILLION DLR DEFICIT IN 1986", "Turkey expects a deficit.");
    CHECK(about("TR"));
}

static void test_us_and_us(void)
{
    find(NULL, "He told us that the talks went well.");
    CHECK(found.count == 0);
    find(NULL, "US officials met U.S. bankers and the United States Treasury.");
    CHECK(about("US"));
    CHECK(mention("US")->count == 3);
    find(NULL, "Us and them, the song goes.");
    CHECK(!mentioned("US"));
    /* All-caps titles: US is the pronoun after LET, TELL, GIVE... */
    find("LET US KNOW WHAT YOU THINK", NULL);
    CHECK(!mentioned("US"));
    find("GIVE US A BREAK, FARMERS SAY", NULL);
    CHECK(!mentioned("US"));
    find("US TRADE DEFICIT WIDENS IN JANUARY", NULL);
    CHECK(about("US"));
    find("U.S. URGES JAPAN TO CUT SURPLUS",
         "The United States urged Japan to cut its trade surplus, officials said.");
    CHECK(about("US") && about("JP"));
    find("FURTHER CUTS LIKELY, U.S SAYS", NULL);
    CHECK(mentioned("US"));
}

static void test_niger_in_nigeria(void)
{
    find(NULL, "Nigeria raised oil output.");
    CHECK(mentioned("NG"));
    CHECK(!mentioned("NE"));
    find(NULL, "Niger and Nigeria signed a treaty; Nigerien and Nigerian officials met.");
    CHECK(mention("NE")->count == 2);
    CHECK(mention("NG")->count == 2);
    find(NULL, "Oil companies in the Niger Delta cut output.");
    CHECK(mentioned("NG"));
    CHECK(!mentioned("NE"));
}

static void test_guinea_in_papua_new_guinea(void)
{
    find(NULL, "Papua New Guinea plans a resources investment agency.");
    CHECK(about("PG"));
    CHECK(!mentioned("GN"));
    find(NULL, "Equatorial Guinea, Guinea-Bissau and Guinea met in Conakry.");
    CHECK(mentioned("GQ") && mentioned("GW"));
    CHECK(mention("GN")->count == 2);
    find(NULL, "New Guinea is a large island; tankers crossed the Gulf of Guinea.");
    CHECK(found.count == 0);
    find(NULL, "Guinea pigs were used in the trial.");
    CHECK(found.count == 0);
}

static void test_korea_alone(void)
{
    /* Korea alone is South Korea, unless the article names the North more. */
    find(NULL, "Korea's exports rose 30 pct, the trade ministry said.");
    CHECK(about("KR"));
    CHECK(!mentioned("KP"));
    find(NULL, "North Korea fired a missile. Pyongyang said Korea would be united.");
    CHECK(mention("KP")->count == 3);
    CHECK(!mentioned("KR"));
    find(NULL, "Tension rose on the Korean Peninsula.");
    CHECK(found.count == 0);
    CHECK(lookup("Korea") == NULL);
}

static void test_two_congos(void)
{
    find(NULL, "Congo's president met oil companies in Brazzaville.");
    CHECK(about("CG"));
    CHECK(!mentioned("CD"));
    find(NULL, "Rebels neared Kinshasa. The Congo army said the DRC would hold.");
    CHECK(about("CD"));
    CHECK(!mentioned("CG"));
    find(NULL, "The Democratic Republic of the Congo and the Republic of the Congo met.");
    CHECK(mentioned("CD") && mentioned("CG"));
    CHECK(lookup("Congo") == NULL);
    CHECK_STR(lookup("DRC"), "CD");
    CHECK_STR(lookup("Congo-Brazzaville"), "CG");
}

static void test_washington(void)
{
    find(NULL, "Washington urged Tokyo to cut its surplus.");
    CHECK(about("US"));
    CHECK(mentioned("JP"));
    find(NULL, "Apple growers in Washington state expect a record crop.");
    CHECK(about("US"));
    CHECK_STR(lookup("Washington"), "US");
}

static void test_new_mexico_and_mexico(void)
{
    find(NULL, "Los Alamos in New Mexico hired engineers.");
    CHECK(about("US"));
    CHECK(!mentioned("MX"));
    find(NULL, "Mexico City said Mexico would pay.");
    CHECK(about("MX"));
    find(NULL, "Rigs in the Gulf of Mexico shut down.");
    CHECK(!mentioned("MX"));
    find(NULL, "Snow fell across New England and New Jersey.");
    CHECK(about("US"));
    CHECK(!mentioned("GB") && !mentioned("JE"));
}

static void test_indian_ocean(void)
{
    find(NULL, "A cyclone crossed the Indian Ocean toward the West Indies.");
    CHECK(found.count == 0);
    find(NULL, "Indian officials said New Delhi would reply.");
    CHECK(about("IN"));
    CHECK(mention("IN")->count == 2);
}

static void test_historical_states(void)
{
    /* Moscow is Russia's capital, the Soviet Union's when the article
     * speaks of the Soviet Union rather than Russia. */
    find(NULL, "The Soviet Union bought grain, Moscow said, and Soviet ports were busy.");
    CHECK(about("SU"));
    CHECK(!mentioned("RU"));
    find(NULL, "Russia and Moscow's allies, unlike the Soviet Union, trade freely.");
    CHECK(about("RU"));
    find(NULL, "East Germany and Yugoslavia traded with Czechoslovakia and Zaire.");
    CHECK(mentioned("DD") && mentioned("YU") && mentioned("CS") && mentioned("ZR"));
    find(NULL, "West German and Burmese officials met in Rangoon.");
    CHECK(mentioned("DE") && mentioned("MM"));
}

static void test_mention_fields(void)
{
    const defcon_country_mention *m;

    find("Iran talks resume", "Iranian envoys arrived.\n\nTehran said Iran would wait.");
    m = mention("IR");
    CHECK(m != NULL);
    CHECK(m->count == 4);
    CHECK(m->in_title == 1);
    CHECK(m->in_lead == 1);
    CHECK(m->about == 1);
    CHECK(m->score > 0.5 && m->score <= 1.0);
    find("Talks resume", "Envoys arrived.\n\nJapan said it would wait.");
    m = mention("JP");
    CHECK(m != NULL && m->in_title == 0 && m->in_lead == 0 && m->count == 1);
    /* About first, then by score. */
    find("Japan and the U.S. agree", "Japan will cut its surplus with the U.S., Tokyo said. "
                                     "France was not consulted.");
    CHECK(found.count == 3);
    CHECK(found.items[0].about && found.items[0].score >= found.items[1].score);
    CHECK(!found.items[2].about);
    CHECK_STR(found.items[2].code, "FR");
    find("", "");
    CHECK(found.count == 0 && found.items == NULL);
}

static void test_economy(void)
{
    /* A bare ticker is a U.S. listing, a suffix names the exchange; a
     * country known only from its economy is listed with count 0. */
    find("PALL CORP <PLL> SECOND QUARTER SALES UP",
         "Pall Corp said sales rose to 94.0 mln dlrs from 80 mln dlrs.");
    CHECK(about("US"));
    CHECK(mention("US")->count == 0);
    find("ICI SELLS STAKE", "Imperial Chemical Industries Plc <ICI.L> sold its stake.");
    CHECK(about("GB"));
    find(NULL, "Galactic Resources Ltd <GALCF> said it would mine gold.");
    CHECK(!mentioned("US"));
    /* Ltd is the legal form of companies of many countries, hardly ever
     * of a U.S. one: the dollars of an undated story about a Ltd that
     * names no country are not taken for the U.S.'s. */
    find("BIG RESOURCES YEAR NET",
         "Big Resources Inc said net profit rose to 5.2 mln dlrs from 4.1 mln dlrs.");
    CHECK(about("US"));
    find("BIG RESOURCES LTD YEAR NET",
         "Big Resources Ltd said net profit rose to 5.2 mln dlrs from 4.1 mln dlrs.");
    CHECK(!about("US"));
    CHECK(!mentioned("US"));
    find("BIG RESOURCES LTD YEAR NET",
         "Big Resources Ltd of Texas said net profit rose to 5.2 mln dlrs.");
    CHECK(about("US"));
    /* A form counts only against the countries that do not use it. */
    find("BIG RESOURCES LTD YEAR NET",
         "Big Resources Ltd said net profit rose to 5.2 mln Canadian dlrs.");
    CHECK(about("CA"));
    find("ACME AG YEAR NET", "Acme AG said net profit rose to 5.2 mln Swiss francs.");
    CHECK(about("CH"));
    find("ACME SA YEAR NET", "Acme SA said net profit rose to 5.2 mln dlrs.");
    CHECK(!about("US"));
    /* NV is the form of Dutch, Belgian and Antillean companies alike. */
    find("FINANCE UNIT ISSUES NOTES", "Acme Overseas Finance NV issued 100 mln dlrs of notes.");
    CHECK(!mentioned("NL"));
    find(NULL, "Profit was 12 billion yen.");
    CHECK(mentioned("JP") || found.count == 0);
}

/* Parses a Markdown file held in a string. */
static void parse(const char *text, defcon_article *article)
{
    char error[256];

    memset(article, 0, sizeof *article);
    CHECK(defcon_article_parse("1987/03/a.md", text, strlen(text), article, error,
                               sizeof error) == 0);
}

static void test_dateline_read(void)
{
    defcon_article article;

    /* The simple reader and libyaml (a comment sends the block to it)
     * both read the dateline; a file without one has none. */
    parse("---\nid: reuters-3003\ntitle: \"AMOCO REPORTS SOUTH CHINA SEA OIL FIND\"\n"
          "source: Reuters\ndateline: \"PEKING, March 9\"\n---\n\n"
          "The U.S. \\<Amoco Petroleum Corp> has reported an offshore oil find.\n",
          &article);
    CHECK_STR(article.dateline, "PEKING, March 9");
    find_dated(article.title, article.body, article.dateline);
    CHECK(!mention("US")->in_dateline);
    /* The lead names the United States and not China: the dateline alone
     * does not make the article about China (issue 11, item 7), and a
     * country named nowhere else and not about is not listed. */
    CHECK(!about("CN") && !mentioned("CN") && about("US"));
    find_dated("AMOCO REPORTS OIL FIND", "Amoco Petroleum Corp has reported an offshore "
               "oil find.", article.dateline);
    CHECK(about("CN"));
    CHECK(mention("CN")->in_dateline && mention("CN")->count == 0);
    defcon_article_clear(&article);
    parse("---\ntitle: Talks # a comment\ndateline: 'LONDON,   March 2'\n---\nText.\n", &article);
    CHECK_STR(article.dateline, "LONDON, March 2");
    defcon_article_clear(&article);
    parse("---\ntitle: Talks\n---\nText.\n", &article);
    CHECK(article.dateline == NULL);
    defcon_article_clear(&article);
}

static void test_dateline_evidence(void)
{
    static const char dividend[] = "The company said its board declared a quarterly dividend.";

    /* A company's story filed from a small town: only the dateline, with
     * its state's postal abbreviation, says where; its date is no place. */
    find_dated("FIRST SAVINGS SETS DIVIDEND", dividend, NULL);
    CHECK(found.count == 0);
    find_dated("FIRST SAVINGS SETS DIVIDEND", dividend, "KEARNY, N.J., March 20");
    CHECK(about("US"));
    CHECK(mention("US")->count == 0 && mention("US")->in_dateline);
    find_dated(NULL, dividend, "Jordan, March 20");
    CHECK(about("JO"));
    find_dated(NULL, dividend, "KEARNY, March 20");
    CHECK(found.count == 0);
    find_dated(NULL, dividend, "");
    CHECK(found.count == 0);
    find_dated(NULL, dividend, "March 20, 1987");
    CHECK(found.count == 0);
    /* The last place named wins, and a two-way word follows the place
     * before it. */
    find_dated(NULL, dividend, "LONDON, Ontario, March 3");
    CHECK(about("CA") && !mentioned("GB"));
    find_dated(NULL, dividend, "TBILISI, Georgia, May 2");
    CHECK(about("GE") && !mentioned("US"));
    find_dated(NULL, dividend, "ATLANTA, Georgia, May 2");
    CHECK(about("US") && !mentioned("GE"));
    /* Postal abbreviations and small cities count only in a dateline. */
    find_dated(NULL, "Mass. transit rose. Stamford said so.", NULL);
    CHECK(found.count == 0);
    /* Filed from Tokyo, a story about Japan's trade names the United
     * States in passing: Japan leads. */
    find_dated("JAPAN'S EXPORTS RISE",
               "Japan's exports rose 4.5 pct in February from a year earlier, the Finance "
               "Ministry said. Shipments of cars and steel rose, while sales to the "
               "United States were unchanged, it said.",
               "TOKYO, March 9");
    CHECK(about("JP"));
    CHECK_STR(found.items[0].code, "JP");
    CHECK(mention("JP")->in_dateline && !mention("US")->in_dateline);
}

/* Issue 11, item 7: the dateline outweighed the story. A war reported
 * from London is about Iran and Iraq, not Britain, and a tender in India
 * filed from London is India's; the dateline still decides where the
 * title and lead name no other country, or name its own. */
static void test_dateline_against_the_story(void)
{
    find_dated("IRAN ANNOUNCES NEW OFFENSIVE IN GULF WAR",
               "Iran announced it had launched a new offensive against Iraq in the "
               "north-west area of the Gulf war front.\n\nTehran radio, monitored by the "
               "British Broadcasting Corporation, said the attack was launched last night "
               "in the Haj Omran area of northern Iraq.\n\nIt had already achieved "
               "\"considerable victories,\" the radio said.",
               "LONDON, March 4");
    CHECK(about("IR") && about("IQ"));
    CHECK(mentioned("GB") && mention("GB")->in_dateline);
    CHECK(!about("GB"));
    CHECK_STR(found.items[0].code, "IR");
    find_dated("INDIA BUYS 46,000 TONNES OF VEGETABLE OILS",
               "The Indian State Trading Corporation purchased 46,000 tonnes of vegetable "
               "oils at its import tender on Friday, market sources said.",
               "LONDON, March 2");
    CHECK(about("IN"));
    CHECK(!about("GB"));
    /* A title naming the dateline's own country keeps it. */
    find_dated("BRITAIN AND IRAN TALK TRADE",
               "Iranian officials met traders on Friday, sources said.", "LONDON, March 2");
    CHECK(about("GB") && about("IR"));
    /* A lead naming no country leaves the dateline its say. */
    find_dated("COFFEE TALKS EXTENDED",
               "Talks on export quotas were extended into today, delegates said.\n\n"
               "Brazil and Colombia led the producers.",
               "LONDON, March 1");
    CHECK(about("GB"));
}

static void test_title_alone(void)
{
    /* A headline without a story names a country or it says little: an
     * institution or a currency alone is weak. */
    find("BANK OF ENGLAND SAYS IT INVITED BORROWINGS AT 10 PCT", NULL);
    CHECK(mentioned("GB"));
    CHECK(!about("GB"));
    find("BRITAIN SAYS IT INVITED BORROWINGS AT 10 PCT", NULL);
    CHECK(about("GB"));
    find("BANK OF ENGLAND SAYS IT INVITED BORROWINGS AT 10 PCT",
         "The Bank of England said it had invited borrowings at 10 pct.");
    CHECK(about("GB"));
}

static void test_officials_and_markets(void)
{
    /* The officials and markets the news names alone, without their
     * country: a finance minister or central banker by surname after the
     * first mention, a national agency, an exchange. */
    find("SUMITA SAYS NO NEED TO CUT DISCOUNT RATE",
         "Sumita told reporters the discount rate would stay where it is.");
    CHECK(about("JP"));
    find("VOLCKER SEES NO NEED FOR TIGHTER CREDIT",
         "Volcker said in testimony that credit was not too loose.");
    CHECK(about("US"));
    find("SALLIE MAE SETS NOTE RATES",
         "The Student Loan Marketing Association said its rates were unchanged.");
    CHECK(mentioned("US"));
    find("BID CLEARED",
         "The Monopolies and Mergers Commission cleared the bid for the brewer.");
    CHECK(mentioned("GB"));
    /* A surname shared by the leaders of two countries stays out:
     * Stoltenberg is named only in full. */
    /* Rating agencies, regulators, exchanges and newspapers of one
     * country stand for it too. */
    find("RATING CUT", "Moody's said it cut the rating of the company's debt.");
    CHECK(mentioned("US"));
    find("TRADING HALTED", "The NASD halted trading in the shares.");
    CHECK(mentioned("US"));
    find("SHARES FALL", "The FT-SE 100 index fell 12 points, the Financial Times said.");
    CHECK(mentioned("GB"));
    find("TALKS REPORTED", "The talks went well, Kyodo News reported.");
    CHECK(mentioned("JP"));
    find("TALKS REPORTED", "The talks went well, Handelsblatt reported.");
    CHECK(mentioned("DE"));
    find("TAX BILL", "The Ways and Means Committee approved the bill, the "
         "Congressional Budget Office said.");
    CHECK(mentioned("US"));
    find("BUDGET", "Eyskens said the deficit would narrow.");
    CHECK(mentioned("BE"));
    find("STOLTENBERG SPEAKS", "Stoltenberg said the talks went well.");
    CHECK(!mentioned("DE"));
    find("TALKS", "Finance Minister Gerhard Stoltenberg said the talks went well.");
    CHECK(mentioned("DE"));
}

static void test_lookup(void)
{
    CHECK_STR(lookup("north korea"), "KP");
    CHECK_STR(lookup("KP"), "KP");
    CHECK_STR(lookup("kp"), "KP");
    CHECK_STR(lookup("PRK"), "KP");
    CHECK_STR(lookup("DPRK"), "KP");
    CHECK_STR(lookup("  North   KOREA "), "KP");
    CHECK_STR(lookup("North-Korea"), "KP");
    CHECK_STR(lookup("Persia"), "IR");
    CHECK_STR(lookup("Iranian"), "IR");
    CHECK_STR(lookup("Tehran"), "IR");
    CHECK_STR(lookup("Pyongyang"), "KP");
    CHECK_STR(lookup("Moscow"), "RU");
    CHECK_STR(lookup("Soviet"), "SU");
    CHECK_STR(lookup("USSR"), "SU");
    CHECK_STR(lookup("SUN"), "SU");
    CHECK_STR(lookup("u.s."), "US");
    CHECK_STR(lookup("USA"), "US");
    CHECK_STR(lookup("america"), "US");
    CHECK_STR(lookup("Britain"), "GB");
    CHECK_STR(lookup("UK"), "GB");
    CHECK_STR(lookup("Burma"), "MM");
    CHECK_STR(lookup("Myanmar"), "MM");
    CHECK_STR(lookup("East Germany"), "DD");
    CHECK_STR(lookup("DDR"), "DD");
    CHECK_STR(lookup("Zaire"), "ZR");
    CHECK_STR(lookup("YD"), "YD");
    CHECK_STR(lookup("Czechoslovakia"), "CS");
    CHECK_STR(lookup("Yugoslav"), "YU");
    CHECK_STR(lookup("Kosovo"), "XK");
    CHECK_STR(lookup("Taiwan"), "TW");
    CHECK_STR(lookup("Hong Kong"), "HK");
    CHECK_STR(lookup("Palestine"), "PS");
    CHECK_STR(lookup("Cote d'Ivoire"), "CI");
    CHECK_STR(lookup("Côte d’Ivoire"), "CI");
    CHECK_STR(lookup("Korea, Republic of"), "KR");
    CHECK(lookup("Narnia") == NULL);
    CHECK(lookup("") == NULL);
    CHECK(lookup("Texas") == NULL);      /* a place in a country, not one */
}

static int suggested(const char *typed, const char *want)
{
    const char *names[5];
    size_t n = defcon_country_suggest(typed, names, 5), i;

    for (i = 0; i < n; i++)
        if (strcmp(names[i], want) == 0)
            return 1;
    return 0;
}

static void test_suggest(void)
{
    const char *names[3];

    CHECK(suggested("Persa", "Persia"));
    CHECK(suggested("Korea", "North Korea"));
    CHECK(suggested("Korea", "South Korea"));
    CHECK(suggested("Congo", "Congo-Brazzaville") || suggested("Congo", "Republic of the Congo"));
    /* The closest only: three suggestions for one extra letter were two
     * too many. */
    CHECK(defcon_country_suggest("Irann", names, 3) == 1);
    CHECK_STR(names[0], "Iran");
    CHECK(defcon_country_suggest("Swizerland", names, 3) == 1);
    CHECK_STR(names[0], "Switzerland");
    CHECK(defcon_country_suggest("x", names, 0) == 0);
}

/* Issue 11, item 18: "--country EU" suggested 'U.K.', 'Peru' or 'Baku',
 * names two edits from two letters. A name that is not one country says
 * what it is and gets no suggestion; look-alikes must be a plausible
 * number of edits away; a place suggests its country. */
static void test_suggest_plausible(void)
{
    const char *names[3];

    CHECK(defcon_country_grouping("EU") != NULL
          && strstr(defcon_country_grouping("EU"), "European Union") != NULL);
    CHECK(defcon_country_grouping("e.u.") != NULL);
    CHECK(defcon_country_grouping("European Community") != NULL);
    CHECK(defcon_country_grouping("NATO") != NULL);
    CHECK(defcon_country_grouping("middle  east") != NULL);
    CHECK(defcon_country_grouping("Europe") != NULL
          && strstr(defcon_country_grouping("Europe"), "continent") != NULL);
    CHECK(defcon_country_grouping("France") == NULL);
    CHECK(defcon_country_grouping("Narnia") == NULL);
    CHECK(defcon_country_grouping(NULL) == NULL);
    CHECK(defcon_country_suggest("EU", names, 3) == 0);
    CHECK(defcon_country_suggest("UN", names, 3) == 0);
    CHECK(defcon_country_suggest("XX", names, 3) == 0);
    CHECK(defcon_country_suggest("Narnia", names, 3) == 0);
    CHECK(defcon_country_suggest("", names, 3) == 0);
    CHECK(defcon_country_suggest("Texas", names, 3) == 1);
    CHECK_STR(names[0], "United States");
    CHECK(defcon_country_suggest("Bavaria", names, 3) == 1);
    CHECK_STR(names[0], "Germany");
    CHECK(defcon_country_suggest("Columbia", names, 3) == 1);
    CHECK_STR(names[0], "Colombia");
    CHECK(suggested("Kremlin", "Russia") && suggested("Kremlin", "Soviet Union"));
    /* Codes still resolve first: EC is Ecuador. */
    CHECK_STR(lookup("EC"), "EC");
}

static void test_names_and_predecessors(void)
{
    const char *const *before;

    CHECK_STR(defcon_country_name("KP"), "North Korea");
    CHECK_STR(defcon_country_name("kp"), "North Korea");
    CHECK_STR(defcon_country_name("SU"), "Soviet Union");
    CHECK_STR(defcon_country_name("XK"), "Kosovo");
    CHECK(defcon_country_name("ZZ") == NULL);
    CHECK(defcon_country_name(NULL) == NULL);

    before = defcon_country_predecessors("RU");
    CHECK(before[0] && strcmp(before[0], "SU") == 0 && before[1] == NULL);
    before = defcon_country_predecessors("DE");
    CHECK(before[0] && strcmp(before[0], "DD") == 0 && before[1] == NULL);
    before = defcon_country_predecessors("RS");
    CHECK(before[0] && strcmp(before[0], "YU") == 0);
    before = defcon_country_predecessors("CZ");
    CHECK(before[0] && strcmp(before[0], "CS") == 0);
    before = defcon_country_predecessors("SK");
    CHECK(before[0] && strcmp(before[0], "CS") == 0);
    before = defcon_country_predecessors("CD");
    CHECK(before[0] && strcmp(before[0], "ZR") == 0);
    before = defcon_country_predecessors("YE");
    CHECK(before[0] && strcmp(before[0], "YD") == 0);
    CHECK(defcon_country_predecessors("FR")[0] == NULL);
    CHECK(defcon_country_predecessors("UA")[0] == NULL);
    CHECK(defcon_country_predecessors("??")[0] == NULL);
}

/* The one article the archive's owner gave us: about North Korea, Iran
 * and Russia. */
static void test_seed(void)
{
    const char *shared = getenv("DEFCON_SHARED");
    char path[4096], error[256];
    FILE *f;
    char *data;
    size_t len;
    defcon_article article;
    char code[3];

    if (shared == NULL) {
        skipped = "DEFCON_SHARED is not set: the seed article was not checked";
        return;
    }
    snprintf(path, sizeof path, "%s/seeds/000_720859f5ca48e51c.txt", shared);
    f = fopen(path, "rb");
    if (f == NULL) {
        skipped = "the seed capture is not in DEFCON_SHARED/seeds";
        return;
    }
    data = malloc(1 << 20);
    CHECK(data != NULL);
    len = data ? fread(data, 1, 1 << 20, f) : 0;
    fclose(f);
    memset(&article, 0, sizeof article);
    CHECK(defcon_article_parse("000_720859f5ca48e51c.txt", data, len, &article, error,
                               sizeof error) == 0);
    free(data);
    find(article.title, article.body);
    CHECK(about("KP"));
    CHECK(about("IR"));
    CHECK(about("RU"));
    CHECK(mention("KP")->in_title && mention("IR")->in_title && mention("RU")->in_title);
    defcon_article_clear(&article);
    /* --country "north korea", KP and PRK all name what the seed is about. */
    CHECK(defcon_country_lookup("north korea", code) && strcmp(code, "KP") == 0);
    CHECK(defcon_country_lookup("PRK", code) && strcmp(code, "KP") == 0);
}

int main(void)
{
    int status;

    test_georgia();
    test_jordan_and_chad_as_names();
    test_lower_case_words();
    test_us_and_us();
    test_niger_in_nigeria();
    test_guinea_in_papua_new_guinea();
    test_korea_alone();
    test_two_congos();
    test_washington();
    test_new_mexico_and_mexico();
    test_indian_ocean();
    test_historical_states();
    test_mention_fields();
    test_economy();
    test_dateline_read();
    test_dateline_evidence();
    test_dateline_against_the_story();
    test_title_alone();
    test_officials_and_markets();
    test_lookup();
    test_suggest();
    test_suggest_plausible();
    test_names_and_predecessors();
    test_seed();
    defcon_country_list_clear(&found);
    defcon_country_list_clear(NULL);
    status = check_finish();
    if (skipped && status == EXIT_SUCCESS)
        check_skip(skipped);
    return status;
}
