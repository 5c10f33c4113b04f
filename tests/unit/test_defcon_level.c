/*
 * test_defcon_level.c - unit tests of defcon_level.c: the site's own
 * statements of its level found, history, hypotheses and mere mentions
 * left out, the most explicit and last statement chosen, colours paired.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "defcon_level.h"

static defcon_level level;

/* The level of an article titled `title` with `body`, as "4 Blue",
 * "3" or "none". */
static const char *level_of(const char *title, const char *body)
{
    static char text[32];
    const char *colour;

    if (!defcon_level_find(title, body, body ? strlen(body) : 0, &level))
        return "none";
    colour = defcon_colour_name(level.colour);
    snprintf(text, sizeof text, "%d%s%s", level.level, colour ? " " : "", colour ? colour : "");
    return text;
}

static void test_statements(void)
{
    CHECK_STR(level_of("Alert update", "Condition code is Blue. DEFCON 4."), "4 Blue");
    CHECK_STR(level_of("Alert update", "We are raising the alert to DEFCON 3 as tests go on."),
              "3");
    CHECK_STR(level_of("Talks stall", "The site remains at DEFCON 4 while talks go on."), "4");
    CHECK_STR(level_of("Talks stall", "The DEFCON Warning System raised its alert level to "
                                      "DEFCON 4: Blue over the war."), "4 Blue");
    CHECK_STR(level_of("Talks stall", "We are lowering to DEFCON level 5."), "5");
    CHECK_STR(level_of("DEFCON 3 - Yellow", "Troops mass at the border."), "3 Yellow");
    CHECK_STR(level_of("Update", "DEFCON-2.\n\nMissiles are fuelled."), "2");
    /* a colour alone, only where the site's scheme places it */
    CHECK_STR(level_of("Update", "The analysts kept the condition code at Blue this week."),
              "4 Blue");
    CHECK_STR(level_of("Update", "Condition Green."), "5 Green");
    CHECK_STR(level_of("Update", "The condition code is Yellow."), "none");
    /* a colour beside a level that the scheme contradicts is dropped */
    CHECK_STR(level_of("Update", "We remain at DEFCON 5 Blue."), "5");
}

static void test_not_statements(void)
{
    CHECK_STR(level_of("Lessons of 1962", "During the Cuban missile crisis the US went to "
                                          "DEFCON 2."), "none");
    CHECK_STR(level_of("Lessons", "The US military was raised to DEFCON 3 in 1973."), "none");
    CHECK_STR(level_of("Lessons", "If talks fail we would raise to DEFCON 3."), "none");
    /* a mere mention in the body, with no sign of an assessment */
    CHECK_STR(level_of("What the levels mean", "DEFCON 1 means a nuclear war is imminent."),
              "none");
    CHECK_STR(level_of("No level", "Talks stalled. The DEFCON Warning System watches."), "none");
    CHECK_STR(level_of(NULL, NULL), "none");
    CHECK_STR(level_of("", ""), "none");
}

static void test_choice(void)
{
    /* history and the assessment in one article: the assessment */
    CHECK_STR(level_of("Cuba, sixty years on",
                       "In October 1962 the US went to DEFCON 2 for the only time.\n\n"
                       "Today we remain at DEFCON 4."), "4");
    /* "from" names the level left */
    CHECK_STR(level_of("Update", "We are raising to DEFCON 3 from DEFCON 4."), "3");
    CHECK_STR(level_of("Update", "We are lowering from DEFCON 3 to DEFCON 4."), "4");
    /* the body's later statement over the title's of the same weight */
    CHECK_STR(level_of("DEFCON 4 - Blue", "Update: we are now at DEFCON 3 - Yellow."), "3 Yellow");
    /* the more explicit statement wins over a later, vaguer one */
    CHECK_STR(level_of("Update", "The condition code is now DEFCON 3 - Yellow.\n\n"
                                 "DEFCON 3 remains."), "3 Yellow");
    /* a colour statement of another paragraph is not paired */
    CHECK_STR(level_of("Update", "Condition code is Blue.\n\nWe remain at DEFCON 3."), "3");
    /* ... in the same paragraph it is; a blank line after a sentence's
     * trailing space, or after a line of its own, still ends the paragraph */
    CHECK_STR(level_of("Update", "Condition code is Blue. We remain at DEFCON 4."), "4 Blue");
    CHECK_STR(level_of("Update", "Condition code is Blue. \n\nWe remain at DEFCON 4."), "4");
    CHECK_STR(level_of("Update", "Condition code is Blue\n\n\nWe remain at DEFCON 4."), "4");
    CHECK_STR(level_of("Update", "Markets fell. Oil rose.\nCondition code is Blue.\n"
                                 "We remain at DEFCON 4."), "4 Blue");
    /* a header status line that reached the body would be read: capture.c
     * must drop it (test_capture) */
    CHECK_STR(level_of("Update", "DEFCON 5 Green"), "5 Green");
}

static void test_colour_names(void)
{
    CHECK_STR(defcon_colour_name(DEFCON_COLOUR_BLUE), "Blue");
    CHECK(defcon_colour_name(DEFCON_COLOUR_NONE) == NULL);
    CHECK_LONG(defcon_colour_parse("yellow"), DEFCON_COLOUR_YELLOW);
    CHECK_LONG(defcon_colour_parse("GREEN"), DEFCON_COLOUR_GREEN);
    CHECK_LONG(defcon_colour_parse("mauve"), DEFCON_COLOUR_NONE);
    CHECK_LONG(defcon_colour_parse("blueberries"), DEFCON_COLOUR_NONE);
}

int main(void)
{
    test_statements();
    test_not_statements();
    test_choice();
    test_colour_names();
    return check_finish();
}
