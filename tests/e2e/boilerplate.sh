#!/usr/bin/env bash
# boilerplate.sh - boilerplate learned across the archive, end to end.
# Twelve captures of a template the capture reader has never seen (a new
# tagline, a "Threat board" status line, a disclaimer above the footer:
# tests/data/boilerplate) next to one capture of each known template
# (tests/data/captures). Four of the new ones are too few to learn from:
# their frame stays, the tagline as their title. With the other eight
# added, an incremental run learns the frame and reads the first four
# again: every article is headline and body only, a tagline or
# disclaimer word finds nothing, and a line shared by two articles only
# stays. Removing articles until the frame is rare again brings it back.
. "$(dirname "$0")/lib.sh"

ARCHIVE=$WORK/archive
DB=$WORK/index.db
FIXTURES=$DATA/boilerplate
export DEFCON_DB=$DB
mkdir -p "$ARCHIVE"
cp "$DATA"/captures/*.txt "$ARCHIVE/"
cp -R "$FIXTURES"/archive/. "$ARCHIVE/"

title_of() {   # title_of PATH: the first line `show` prints
    "$SEARCH" show "$1" 2>/dev/null | head -n 1
}

# Four captures of the new template: nothing is learned yet.
run "$INDEX" "$ARCHIVE"
check_status 0 "first run"
check_eq "$(title_of 2027/01/03/seoul-reports-new.txt)" \
    "Watching the world's nuclear flashpoints, hour by hour" \
    "four captures are too few: the tagline is still the title"
run "$SEARCH" --format count flashpoints
check_eq "$out" "4" "the tagline is text of the four articles"

# Eight more: the frame recurs on twelve pages over two months.
cp -R "$FIXTURES"/later/. "$ARCHIVE/"
run "$INDEX" "$ARCHIVE"
check_status 0 "second run"
check_contains "$err" "8 added, 0 updated" "the second run adds the new captures"

all_new=$(cd "$ARCHIVE" && find 2027 -name '*.txt' | sort)
check_eq "$(printf '%s\n' "$all_new" | wc -l | tr -d ' ')" "12" "twelve captures of the new template"
for path in $all_new; do
    shown=$("$SEARCH" show "$path" 2>&1)
    headline=$(grep -v -e '^$' -e 'DEFCON Warning System' \
        -e 'flashpoints' -e '^Threat board' "$ARCHIVE/$path" | head -n 1)
    check_eq "$(printf '%s\n' "$shown" | head -n 1)" "$headline" "$path: the headline is the title"
    check_lacks "$shown" "flashpoints" "$path: no tagline"
    check_lacks "$shown" "Threat board" "$path: no status line"
    check_lacks "$shown" "no substitute for official guidance" "$path: no disclaimer"
done
check_eq "$("$SEARCH" show 2027/01/03/seoul-reports-new.txt 2>&1 | tail -n 1)" \
    "The launch was the third this month, officials in Seoul said." \
    "an article learned from later runs ends with its own last line"

for word in flashpoints substitute "threat board"; do
    run "$SEARCH" --format count "$word"
    check_eq "$out" "0" "'$word' (the frame) finds nothing"
done
run "$SEARCH" --format count seoul
check_eq "$out" "1" "the body text is still found"

# A line two articles share is theirs, not the site's.
run "$SEARCH" --format count '"declined to comment further"'
check_eq "$out" "2" "a line recurring in two articles only is kept"

# The known templates come out as before.
check_eq "$(title_of 2021-template.txt)" "Envoys meet again over the stalled treaty" \
    "the 2021 template's headline"
check_eq "$(title_of 2018-template.txt)" "Missile test raises tension on the peninsula" \
    "the 2018 template's headline"
run "$SEARCH" --format count '"Established 1984"'
check_eq "$out" "0" "no known tagline in any article"

# Nothing changed: a rerun reads nothing and keeps it all.
run "$INDEX" "$ARCHIVE"
check_contains "$err" "0 added, 0 updated, 0 removed, 15 unchanged" "an idle rerun"
run "$SEARCH" --format count flashpoints
check_eq "$out" "0" "the idle rerun keeps the frame out"

# Down to three captures of the new template: the frame is theirs again.
(cd "$ARCHIVE" && find 2027 -name '*.txt' | sort | tail -n 9 | xargs rm)
run "$INDEX" --allow-removals "$ARCHIVE"
check_status 0 "the run removing nine captures"
run "$SEARCH" --format count flashpoints
check_eq "$out" "3" "a frame on three pages is not boilerplate any more"
check_eq "$(title_of 2027/01/03/seoul-reports-new.txt)" \
    "Watching the world's nuclear flashpoints, hour by hour" \
    "the tagline is the title again"

# The same archive indexed anew gives the same articles.
run "$INDEX" --db "$WORK/fresh.db" "$ARCHIVE"
check_status 0 "a fresh index"
for word in flashpoints seoul substitute; do
    check_eq "$("$SEARCH" --db "$WORK/fresh.db" --format count "$word" 2>/dev/null)" \
        "$("$SEARCH" --format count "$word" 2>/dev/null)" "'$word': incremental and fresh agree"
done

finish
