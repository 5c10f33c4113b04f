#!/usr/bin/env bash
# show.sh - `defcon-search show` end to end: an article found by id or
# path and shown whole, its front matter dropped once (a body that begins
# with a "---" rule keeps its first paragraph), the command found after
# options, and its errors.
. "$(dirname "$0")/lib.sh"

ARCHIVE=$WORK/archive
DB=$WORK/index.db
mkdir -p "$ARCHIVE/2011/03"
cat > "$ARCHIVE/2011/03/rule.md" <<'MD'
---
title: Reactor inspection begins
id: rule-first
date: 2011-03-14
source: Fixture Wire
---
---

Inspectors reached the damaged reactor at dawn.

---

Engineers measured the cooling pools.
MD
cat > "$ARCHIVE/2011/03/plain.md" <<'MD'
---
title: Quarantine declared
id: plain-one
date: 2011-03-15
---
Officials declared a quarantine around the plant.
MD
"$INDEX" -q --db "$DB" "$ARCHIVE" || bad "indexing the show archive"

# --- a body that begins with a rule keeps its first paragraph
run "$SEARCH" --db "$DB" --format paths inspectors dawn
check_contains "$out" "2011/03/rule.md" "search finds the first paragraph"
run "$SEARCH" --db "$DB" show rule-first
check_status 0 "show by id"
check_contains "$out" "Inspectors reached the damaged reactor at dawn." "show keeps the paragraph after a leading rule"
check_contains "$out" "Engineers measured the cooling pools." "and the rest"
check_lacks "$out" "title: Reactor" "front matter is not shown"
check_eq "$(printf '%s\n' "$out" | head -2)" "Reactor inspection begins
2011-03-14 · Fixture Wire · rule-first" "the header: title, then date · source · id"
run "$SEARCH" --db "$DB" show --html rule-first
check_contains "$out" "<p>Inspectors reached the damaged reactor at dawn.</p>" "show --html keeps it too"
check_contains "$out" "<h1>Reactor inspection begins</h1>" "show --html starts with the title"
check_lacks "$out" "title: Reactor" "no front matter in HTML"

# --- the command is the first word, after any options
run "$SEARCH" --db "$DB" --limit 5 show plain-one
check_status 0 "options before show"
check_contains "$out" "Officials declared a quarantine" "--limit 5 show X shows X"
run "$SEARCH" --limit 5 show --db "$DB" plain-one quarantine --color always
check_contains "$out" $'\033[0;1;31mquarantine' "options anywhere, the query after the id highlighted"
check_contains "$out" $'\033[1mQuarantine declared\033[0m' "the title in the printers' title style"
run "$SEARCH" --db "$DB" --format paths -- show plain-one
check_status 1 "after --, show is a query word"
check_eq "$out" "" "and finds nothing here"
run "$SEARCH" --db "$DB" --all --format paths quarantine show
check_status 1 "show later in a query is a word"

# --- errors
run "$SEARCH" --db "$DB" show
check_status 2 "show without an id"
check_contains "$err" "show wants the id or path" "says what is missing"
run "$SEARCH" --db "$DB" show no-such-article
check_status 1 "show of an unknown id"
check_contains "$err" "no article with the id or path 'no-such-article'" "names the key"
run "$SEARCH" --db "$WORK/none.db" show plain-one
check_status 2 "show without an index"
check_contains "$err" "defcon-index --db $WORK/none.db" "says how to build one"
finish
