/*
 * defcon_level.h - the alert level an article assesses: "Condition code
 * is Blue. DEFCON 4.", "we are raising the alert level to DEFCON 3",
 * "remains at DEFCON 4".
 *
 * The site posts its own level, 1 (highest) to 5 (lowest), often with a
 * colour of its own scheme. The pairs its texts attest (the bundled
 * capture template's status line "DEFCON 5 Green", the bulletins'
 * "Condition code is Blue. DEFCON 4.") are 5 Green and 4 Blue: a colour
 * alone ("the condition code at Blue") gives a level only for those two.
 * Any other colour is kept when a level is stated beside it ("DEFCON 3 -
 * Yellow"), never turned into a level; a stated colour that contradicts
 * the scheme ("DEFCON 5 Blue", the US military's colours) is dropped and
 * the level kept.
 *
 * The rule, per sentence (split at . ! ? and line ends; the title is a
 * sentence of its own paragraph):
 *  - a statement is "DEFCON N" (also "DEFCON level N", "DEFCON-N"), N
 *    from 1 to 5, with an optional colour right after it, or a colour
 *    named as a condition: "condition [code] [is|at|remains at] Blue",
 *    "level Blue", "status Blue". "from DEFCON 4" (a level left) is none;
 *  - a sentence about history or another's alert counts for nothing: it
 *    names the military, armed forces, the Pentagon, the Joint Chiefs,
 *    Strategic Air Command, a crisis, history, "during", "went", or "in
 *    <year>"; so does a hypothetical one ("if", "would", "could", "might",
 *    "unless");
 *  - otherwise a statement is the site's assessment when its sentence says
 *    so: "we", "our", the DEFCON Warning System, condition, alert level or
 *    status, assessment (weight 2), or a change or the present: remains,
 *    stays, raise(s/d/ing), lower(s/ed/ing), upgrade(d), downgrade(d),
 *    return(s), revert(s), now, currently, today (weight 1); or when the
 *    sentence is a bare bulletin made only of level words ("DEFCON 4.",
 *    "Condition Blue.") or is the title (weight 1). A colour stated with
 *    the level ("DEFCON 3 - Yellow") adds 1.
 *  - of the accepted statements the heaviest wins, the last of equals
 *    (the body comes after the title): the most explicit, most recent
 *    statement. A level stated without a colour takes the colour of a
 *    colour statement in the same paragraph that fits it ("Condition code
 *    is Blue. DEFCON 4.").
 * Limits: a sentence that states the current level and recalls history
 * ("we remain at DEFCON 4, as in 1983") is dropped whole; a statement in
 * words ("DEFCON four") is not read; the first 64 statements of an article
 * are weighed, the rest ignored.
 *
 * The page header's status line is the site's level at capture time, not
 * the article's: capture.c removes it before the body reaches this file.
 */
#ifndef DEFCON_LEVEL_H
#define DEFCON_LEVEL_H

#include <stddef.h>

typedef enum defcon_colour {
    DEFCON_COLOUR_NONE = 0,
    DEFCON_COLOUR_BLUE,
    DEFCON_COLOUR_GREEN,
    DEFCON_COLOUR_YELLOW,
    DEFCON_COLOUR_ORANGE,
    DEFCON_COLOUR_RED,
    DEFCON_COLOUR_WHITE
} defcon_colour;

typedef struct defcon_level {
    int level;              /* 1 to 5; 0: the article states none */
    defcon_colour colour;   /* as stated, or DEFCON_COLOUR_NONE */
} defcon_level;

/* Finds the level `title` (NUL-terminated, may be NULL) and the `body_len`
 * bytes of `body` (paragraphs separated by "\n\n") state, by the rule
 * above. Returns 1 and fills *out when there is one, else 0 with *out
 * zeroed. Pure and thread-safe. */
int defcon_level_find(const char *title, const char *body, size_t body_len, defcon_level *out);

/* The colour's name as the site writes it ("Blue"), or NULL for none. */
const char *defcon_colour_name(defcon_colour colour);

/* The colour named `name` (any ASCII case), or DEFCON_COLOUR_NONE. */
defcon_colour defcon_colour_parse(const char *name);

#endif
