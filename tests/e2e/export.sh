#!/usr/bin/env bash
# export.sh - `defcon-search export`: the OpenSearch bulk file (an action
# line before each article), its mapping, and plain NDJSON, checked for
# shape on the fixture archive: every article once, dates as a range and
# a sort date, countries as codes, the mapping's analyzer and title boost.
. "$(dirname "$0")/lib.sh"

fixture_archive
"$INDEX" --db "$DB" "$ARCHIVE" 2>/dev/null || { bad "indexing the fixture"; finish; }
articles=$(sqlite3 "$DB" "SELECT count(*) FROM articles")

run "$SEARCH" export --db "$DB" --to opensearch "$WORK/bulk.ndjson"
check_status 0 "export --to opensearch"
check_contains "$err" "$articles articles to $WORK/bulk.ndjson, mapping to $WORK/bulk.ndjson.mapping.json" "says what it wrote"
check_eq "$(wc -l < "$WORK/bulk.ndjson")" "$((2 * articles))" "an action line and a document per article"
python3 - "$WORK/bulk.ndjson" "$WORK/bulk.ndjson.mapping.json" "$DB" <<'PY' && ok || bad "the bulk file and mapping have the expected shape"
import json, sqlite3, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
actions, docs = lines[0::2], lines[1::2]
db = sqlite3.connect(sys.argv[3])
ids = {row[0] for row in db.execute("SELECT id FROM articles")}
assert all(set(a) == {"index"} and a["index"]["_index"] == "defcon" for a in actions)
assert {a["index"]["_id"] for a in actions} == ids == {d["id"] for d in docs}
keys = {"id", "path", "title", "body", "date", "date_precision", "source", "url", "topics",
        "countries", "mentions"}
for d in docs:
    assert keys <= set(d), d.keys()
    if d["date"] is None:
        assert d["date_precision"] is None and "date_range" not in d and "sort_date" not in d
    else:
        first, last = db.execute("SELECT date(first_day * 86400, 'unixepoch'),"
                                 " date(last_day * 86400, 'unixepoch') FROM articles"
                                 " WHERE id = ?", (d["id"],)).fetchone()
        assert d["date_range"] == {"gte": first, "lte": last}, (d["date_range"], first, last)
        assert d["sort_date"] == first
        assert d["date_precision"] == {4: "year", 7: "month", 10: "day"}[len(d["date"])]
    assert all(len(c) == 2 and c.isupper() for c in d["countries"])
    assert all(set(m) == {"code", "count"} for m in d["mentions"])
    assert isinstance(d["topics"], list)
zarif = [d for d in docs if d["id"] == "2019/04/000_720859f5ca48e51c.txt"][0]
assert zarif["countries"][:2] == ["IR", "KP"] and zarif["date_range"]["lte"] == "2019-04-30"
assert {"code": "IR", "count": 15} in zarif["mentions"]
mapping = json.load(open(sys.argv[2]))
props = mapping["mappings"]["properties"]
assert props["countries"]["type"] == "keyword" and props["date_range"]["type"] == "date_range"
assert props["title"]["analyzer"] == "defcon_english" == props["body"]["analyzer"]
assert mapping["settings"]["analysis"]["filter"]["defcon_english_stemmer"]["language"] == "English"
assert mapping["mappings"]["_meta"]["title_boost"] == 10
assert set(keys | {"date_range", "sort_date"}) == set(props)
PY

run "$SEARCH" export --db "$DB" --to ndjson -
check_status 0 "export --to ndjson to stdout"
check_eq "$(printf '%s\n' "$out" | wc -l)" "$articles" "one document a line"
check_eq "$(printf '%s\n' "$out" | python3 -c 'import json,sys; print(sorted(json.loads(l)["id"] for l in sys.stdin) == sorted(sys.argv[1:]))' $(sqlite3 "$DB" "SELECT id FROM articles"))" \
    "True" "every article once"
check_lacks "$out" '{"index"' "no bulk actions"

run "$SEARCH" export --db "$DB" --to solr "$WORK/x"
check_status 2 "an unknown --to"
run "$SEARCH" export --db "$WORK/missing.db" --to ndjson "$WORK/x"
check_status 2 "a missing index"
finish
