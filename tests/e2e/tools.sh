#!/usr/bin/env bash
# tools.sh - the index as a plain SQLite file other tools can read (the
# tokenizer as a loadable extension), and cmake --install putting programs,
# man pages, completion and the extension in place.
. "$(dirname "$0")/lib.sh"

EXTENSION=${DEFCON_EXTENSION:?run through ctest}
BUILD=${DEFCON_BUILD:?run through ctest}
DB=$WORK/index.db
"$INDEX" -q --db "$DB" "$SOURCE/corpus" || bad "indexing the bundled corpus"
command -v sqlite3 >/dev/null || skip "the sqlite3 shell is not installed"

# --- plain SQL works without anything
check_eq "$(sqlite3 "$DB" "SELECT title FROM articles")" \
  "Why Russia, Iran seek deeper ties with North Korea" "plain SQL on articles"
# --- MATCH needs our tokenizer: without it, a clear SQLite error
run sqlite3 "$DB" "SELECT count(*) FROM fts WHERE fts MATCH 'zarif'"
check_contains "$err" "defcon" "without the extension SQLite names the missing tokenizer"
# --- with the extension, MATCH stems as the index did. Built with
# -DDEFCON_SANITIZE=ON the extension needs the ASan runtime loaded first
# into the sqlite3 shell, which is not built with it.
asan=$(ldd "$EXTENSION" 2>/dev/null | awk '/libasan/ {print $3}')
sqlite_loading() {
    if [ -n "$asan" ]; then LD_PRELOAD=$asan ASAN_OPTIONS=detect_leaks=0 sqlite3 "$@"; else sqlite3 "$@"; fi
}
run sqlite_loading "$DB" ".load ${EXTENSION%.so}" "SELECT rowid FROM fts WHERE fts MATCH 'visits' ORDER BY rank"
check_status 0 "MATCH through the loadable extension"
check_eq "$(printf '%s\n' "$out" | wc -l)" "1" "the stemmed word finds the article"
run sqlite_loading "$DB" ".load ${EXTENSION%.so}" \
  "SELECT highlight(fts, 1, '[', ']') FROM fts WHERE fts MATCH 'zarif' LIMIT 1"
check_contains "$out" "[Zarif]" "highlight() lands on the original word"
run sqlite_loading "$DB" ".load ${EXTENSION%.so}" "INSERT INTO fts(fts, rank) VALUES('integrity-check', 1)"
check_status 0 "FTS5's integrity check passes through the extension"

# --- cmake --install
command -v cmake >/dev/null || skip "cmake is not installed"
PREFIX=$WORK/prefix
run cmake --install "$BUILD" --prefix "$PREFIX"
check_status 0 "cmake --install"
for f in bin/defcon-index bin/defcon-search share/man/man1/defcon-search.1 share/man/man1/defcon-index.1 \
         share/bash-completion/completions/defcon-search share/bash-completion/completions/defcon-index; do
    [ -e "$PREFIX/$f" ] && ok || bad "cmake --install puts $f in place"
done
lib=$(find "$PREFIX" -name 'defcon_fts.so' | head -1)
[ -n "$lib" ] && ok || bad "cmake --install puts the extension in place"
run "$PREFIX/bin/defcon-search" --db "$DB" "Zarif visit"
check_status 0 "the installed program searches"
run bash -c ". '$PREFIX/share/bash-completion/completions/defcon-search' && complete -p defcon-search"
check_contains "$out" "_defcon_search" "the completion script registers itself"
if command -v groff >/dev/null; then
    run groff -man -Tutf8 -ww -z "$SOURCE/doc/defcon-search.1"
    check_eq "$err" "" "the man page formats without warnings"
fi
finish
