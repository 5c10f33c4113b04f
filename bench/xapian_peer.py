#!/usr/bin/python3
"""bench/xapian_peer.py - Xapian as a peer in the benchmark (issue 15).

bench/run imports this module to put Xapian 1.4 beside defcon-search on the
same text: it writes the title and body our index holds (with the path,
date and countries of each article) as a scriptindex dump file, builds a
Xapian database from it with Debian's scriptindex (xapian-omega), maps each
query shape of the mix to Xapian's query syntax, and times `quest`
(xapian-tools) against `defcon-search --format paths --limit 10`, one
process a query, in alternating runs.

Run as a program (`xapian_peer.py latency ...`, by bench/run through the
system Python), it is the in-process peer of query-latency: it opens the
database once with the python3-xapian bindings and times each query shape
warm, with the same warm-up, run counts and percentiles as query-latency,
printing one JSON object per shape.

How each shape maps is told in bench/README.md ("Xapian as a peer").
"""
import datetime
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

# Value slots of the Xapian documents, as the index script below fills them.
SLOT_DATE, SLOT_TITLE, SLOT_BODY, SLOT_COUNTRIES, SLOT_MONTH = 0, 1, 2, 3, 4

# The index script: the path is the document data (what quest prints) and
# a unique boolean term; the title is indexed with a wdf of 10 a word, as
# our ranking weighs a title word 10 times a body word
# (DEFCON_TITLE_WEIGHT), and again with the prefix S for title: searches;
# a gap keeps phrases and NEAR from reaching across title and body, as
# FTS5's columns do. Country codes are boolean terms XC<code>, the date
# both a sortable value (YYYYMMDD) and omega's D/M/Y date terms, the month
# a value for timelines; title, body and the codes are values too, for
# the snippets and facets of the in-process runs.
INDEX_SCRIPT = """\
path : field boolean=Q
title : weight=10 index weight=1 index=S value=1 gap
body : index value=2
countries : value=3 split="," lower boolean=XC
date : value=0 date=yyyymmdd
month : value=4
"""

# quest and QueryParser settings shared by both kinds of run: our default
# operator is AND; our language has phrases, AND/OR/NOT in capitals,
# -exclusion and trailing-* prefixes (FLAG_DEFAULT is phrase, boolean and
# lovehate; wildcard is added).
QUEST_FLAGS = "default,wildcard"
FIELD_PREFIXES = {"title": "S"}
BOOLEAN_PREFIXES = {"country": "XC", "year": "Y", "month": "M", "day": "D"}
SNIPPET_BYTES = 160      # about our 24-word snippets
FACETS_KEPT = 20         # as query-latency's MAX_FACETS
MIN_RUNS = 20            # as query-latency


def missing():
    """Why the whole-process comparison cannot run, or None."""
    absent = [name for name in ("quest", "scriptindex") if shutil.which(name) is None]
    if absent:
        return "Xapian is not installed (%s missing; Debian packages xapian-tools and " \
               "xapian-omega)" % ", ".join(absent)
    return None


def in_process_missing(python):
    """Why the in-process comparison cannot run, or None."""
    result = subprocess.run([python, "-c", "import xapian"], capture_output=True)
    if result.returncode != 0:
        return "the Python bindings of Xapian are not installed (Debian package " \
               "python3-xapian)"
    return None


def version():
    result = subprocess.run(["quest", "--version"], capture_output=True, text=True)
    words = result.stdout.split()
    return "Xapian " + (words[-1] if words else "?")


# ---- The text, as a dump file, and the database ----

def dump_value(text):
    """A field value of a dump file: each newline followed by '='."""
    return text.replace("\n", "\n=")


def day_string(days):
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=days)).strftime("%Y%m%d")


def write_dump(connection, archive, dump_path):
    """Writes every article of our index (an open sqlite3 connection) to a
    scriptindex dump file, in our rowid order. Returns the count."""
    count = 0
    with open(dump_path, "w", encoding="utf-8", errors="surrogateescape") as out:
        for path, first_day, countries, title, body in connection.execute(
                "SELECT path, first_day, countries, title, body FROM articles "
                "ORDER BY rowid"):
            out.write("path=%s\n" % dump_value(os.path.join(archive, path)))
            out.write("title=%s\n" % dump_value(title))
            out.write("body=%s\n" % dump_value(body))
            codes = ",".join(countries.replace(",", " ").split())
            if codes:
                out.write("countries=%s\n" % codes)
            if first_day is not None:
                day = day_string(first_day)
                out.write("date=%s\nmonth=%s\n" % (day, day[:6]))
            out.write("\n")
            count += 1
    return count


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(folder, name))
               for folder, _, names in os.walk(path) for name in names)


def build(run_measured, dump_path, script_path, database):
    """Builds the Xapian database anew from the dump: one scriptindex
    process, measured (wall, CPU, peak memory)."""
    with open(script_path, "w") as out:
        out.write(INDEX_SCRIPT)
    if os.path.exists(database):
        shutil.rmtree(database)
    result = run_measured(["scriptindex", "--overwrite", database, script_path, dump_path])
    return {"seconds": result.seconds, "cpu_seconds": result.cpu_seconds,
            "peak_bytes": result.peak_bytes, "db_bytes": folder_bytes(database)}


# ---- Query shapes: ours to Xapian's ----

NEAR = re.compile(r"NEAR\(([^()]*?)(?:,\s*(\d+))?\)")


def translate_query(query):
    """Our query language to Xapian's QueryParser syntax. Words, "phrases",
    trailing-* prefixes, OR, AND, NOT, -exclusion, parentheses and title:
    are written the same in both; NEAR(a b, N) becomes a NEAR/N b (10 when
    no distance is given, both defaults). A phrase inside NEAR has no
    QueryParser form: ValueError."""
    def near(match):
        if '"' in match.group(1):
            raise ValueError("Xapian's QueryParser takes words only in NEAR, not the "
                             "phrase of %r" % match.group(0))
        distance = match.group(2) or "10"
        return (" NEAR/%s " % distance).join(match.group(1).split())
    return NEAR.sub(near, query)


def date_terms(since, until):
    """A date range as omega's boolean date terms, which quest (having no
    range processor) can filter by: whole years as year:YYYY, else whole
    months as month:YYYYMM, else days as day:YYYYMMDD. Terms of one
    field are ORed by QueryParser."""
    first = datetime.date.fromisoformat(since)
    last = datetime.date.fromisoformat(until)
    whole_years = first.month == 1 and first.day == 1 and last.month == 12 and last.day == 31
    next_day = last + datetime.timedelta(days=1)
    whole_months = first.day == 1 and next_day.day == 1
    if whole_years:
        return " ".join("year:%04d" % year for year in range(first.year, last.year + 1))
    if whole_months:
        terms, month = [], first
        while month <= last:
            terms.append("month:%04d%02d" % (month.year, month.month))
            month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return " ".join(terms)
    return " ".join("day:%s" % (first + datetime.timedelta(days=n)).strftime("%Y%m%d")
                    for n in range((last - first).days + 1))


def country_codes(search_program, db, country):
    """The codes a --country filter reaches (the state and, by default,
    its predecessors), as defcon-search itself resolves them (--explain)."""
    result = subprocess.run([search_program, "--db", db, "--explain", "--format", "count",
                             "--country", country, "the"], capture_output=True, text=True)
    match = re.search(r'\(((?:"\\x1e[A-Za-z]+"(?: OR )?)+)\)', result.stderr)
    if not match:
        raise RuntimeError("defcon-search --explain showed no country codes for %s:\n%s"
                           % (country, result.stdout + result.stderr))
    return [code.lower() for code in re.findall(r'"\\x1e([A-Za-z]{2})"', match.group(1))]


def map_shape(label, query, options, codes_of):
    """One shape of our mix (label, query, options as query-latency takes
    them) as Xapian runs it: the query string, the date range (value
    range in process, date terms for quest), the order and what is timed.
    `codes_of(country)` gives a country's codes."""
    shape = {"label": label, "query": translate_query(query), "range": None,
             "date_terms": "", "sort": "relevance", "operation": "hits",
             "bare": False, "defcon_options": []}
    since = until = None
    for option in options.split():
        name, _, value = option.partition("=")
        if name == "country":
            shape["query"] += "".join(" country:%s" % code for code in codes_of(value))
            shape["defcon_options"] += ["--country", value]
        elif name == "since":
            since = value
            shape["defcon_options"] += ["--since", value]
        elif name == "until":
            until = value
            shape["defcon_options"] += ["--until", value]
        elif name == "sort":
            shape["sort"] = value
            shape["defcon_options"] += ["--sort", value]
        elif name == "bare":
            shape["bare"] = True
        elif name == "facets":
            shape["operation"] = "facets"
        elif name == "by":
            shape["operation"] = "timeline-" + value
        else:
            raise ValueError("no Xapian mapping for the option %r" % option)
    if since or until:
        # Full dates (YYYY-MM-DD), as the mix gives them; the value range
        # may be open at one end, the date terms for quest may not.
        shape["range"] = [(since or "00000101").replace("-", ""),
                          (until or "99991231").replace("-", "")]
        shape["date_terms"] = date_terms(since, until) if since and until else None
    # quest has no sorting, no facets, no timelines and no open date
    # ranges: those shapes are compared in process only.
    shape["quest"] = shape["sort"] == "relevance" and shape["operation"] == "hits" \
        and shape["date_terms"] is not None
    return shape


# ---- Whole process: quest against defcon-search ----

def quest_argv(database, shape):
    argv = ["quest", "-d", database, "-m", "10", "-o", "and", "-f", QUEST_FLAGS]
    for field, prefix in FIELD_PREFIXES.items():
        argv += ["-p", "%s:%s" % (field, prefix)]
    for field, prefix in BOOLEAN_PREFIXES.items():
        argv += ["-b", "%s:%s" % (field, prefix)]
    text = shape["query"] + (" " + shape["date_terms"] if shape["date_terms"] else "")
    return argv + [text]


def measure_whole_process(run_measured, search_program, db, database, mix_shapes, query_of,
                          reps):
    """For each shape quest can run: defcon-search --format paths --limit 10
    and quest -m 10, alternately, once untimed then `reps` times each;
    medians."""
    rows = []
    for shape in mix_shapes:
        if not shape["quest"]:
            continue
        ours = [search_program, "--db", db, "--format", "paths", "--limit", "10"] + \
            shape["defcon_options"] + [query_of[shape["label"]]]
        theirs = quest_argv(database, shape)
        times = {"defcon": [], "xapian": []}
        for rep in range(reps + 1):
            for name, argv in (("defcon", ours), ("xapian", theirs)):
                seconds = run_measured(argv, allowed=(0, 1)).seconds
                if rep > 0:
                    times[name].append(seconds)
        defcon, xapian = _median(times["defcon"]), _median(times["xapian"])
        rows.append({"label": shape["label"], "defcon_argv": ours, "quest_argv": theirs,
                     "defcon_seconds": defcon, "xapian_seconds": xapian,
                     "defcon_over_xapian": defcon / xapian})
    return rows


def _median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


# ---- In process: the python3-xapian bindings ----

def measure_in_process(python, database, shapes, runs, max_seconds):
    """Runs this file as the in-process peer of query-latency; returns its
    JSON objects, one per shape."""
    result = subprocess.run([python, os.path.abspath(__file__), "latency", database,
                             str(runs), str(max_seconds), json.dumps(shapes)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("the Xapian in-process run failed:\n" + result.stderr[-2000:])
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


class XapianSearcher:
    """One open database and query parser, as a long-lived process holds
    them; run() is one timed search, as query-latency's run."""

    def __init__(self, xapian, path):
        self.xapian = xapian
        self.db = xapian.Database(path)
        self.stemmer = xapian.Stem("english")
        self.parser = xapian.QueryParser()
        self.parser.set_database(self.db)            # wildcards expand from it
        self.parser.set_stemmer(self.stemmer)
        self.parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        self.parser.set_default_op(xapian.Query.OP_AND)
        for field, prefix in FIELD_PREFIXES.items():
            self.parser.add_prefix(field, prefix)
        for field, prefix in BOOLEAN_PREFIXES.items():
            self.parser.add_boolean_prefix(field, prefix)
        self.flags = (xapian.QueryParser.FLAG_DEFAULT | xapian.QueryParser.FLAG_WILDCARD)

    def enquire(self, shape):
        xapian = self.xapian
        query = self.parser.parse_query(shape["query"], self.flags)
        if shape["range"]:
            since, until = shape["range"]
            query = xapian.Query(xapian.Query.OP_FILTER, query,
                                 xapian.Query(xapian.Query.OP_VALUE_RANGE, SLOT_DATE,
                                              since, until))
        enquire = xapian.Enquire(self.db)
        enquire.set_query(query)
        if shape["sort"] in ("newest", "oldest"):
            # Date order needs no relevance: BoolWeight skips the weights.
            enquire.set_weighting_scheme(xapian.BoolWeight())
            enquire.set_sort_by_value(SLOT_DATE, shape["sort"] == "newest")
        return enquire

    def count(self, shape):
        return self.enquire(shape).get_mset(0, 0, self.db.get_doccount()).get_matches_estimated()

    def run(self, shape):
        """One search: the top 10 with each hit's path, marked title and a
        snippet of its body, or only the path when the shape is bare; or the
        country facets or the month timeline of every match, counted by a
        match spy over a value slot."""
        enquire = self.enquire(shape)
        operation = shape["operation"]
        if operation == "hits":
            mset = enquire.get_mset(0, 10)
            size = 0
            for item in mset:
                document = item.document
                if shape["bare"]:
                    size += len(document.get_data())
                    continue
                title = document.get_value(SLOT_TITLE).decode("utf-8", "replace")
                body = document.get_value(SLOT_BODY).decode("utf-8", "replace")
                size += len(document.get_data())
                # Every fragment is considered and scored by the query's
                # terms, as FTS5's snippet() scores by matched phrases;
                # not by Xapian's default background model, which looks
                # up every word of the text (milliseconds a hit).
                exhaustive = self.xapian.MSet.SNIPPET_EXHAUSTIVE
                size += len(mset.snippet(title, len(title) + 1, self.stemmer, exhaustive))
                size += len(mset.snippet(body, SNIPPET_BYTES, self.stemmer, exhaustive))
            return size
        slot = SLOT_COUNTRIES if operation == "facets" else SLOT_MONTH
        spy = self.xapian.ValueCountMatchSpy(slot)
        enquire.add_matchspy(spy)
        enquire.get_mset(0, 0, self.db.get_doccount())
        counts = {}
        for item in spy.values():
            if operation == "facets":
                keys = item.term.decode().split(",")
            else:       # the month value, YYYYMM; a year is its first four
                keys = [item.term[:4] if operation == "timeline-year" else item.term]
            for key in keys:
                counts[key] = counts.get(key, 0) + item.termfreq
        if operation == "facets":
            return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:FACETS_KEPT]
        return sorted(counts.items())


def percentile(ordered, fraction):
    rank = math.ceil(fraction * len(ordered))
    return ordered[max(rank, 1) - 1]


def time_shape(searcher, shape, runs, max_seconds, warmup=5):
    """As query-latency: warm-up runs (at most a second's worth beyond the
    first), then up to `runs` timed runs, cut after max_seconds but not
    below MIN_RUNS unless three times that passed."""
    matches = searcher.count(shape)
    warm_until = time.monotonic() + 1
    for i in range(warmup):
        if i > 0 and time.monotonic() >= warm_until:
            break
        searcher.run(shape)
    times = []
    start = time.monotonic()
    deadline, hard_deadline = start + max_seconds, start + 3 * max_seconds
    while len(times) < runs and (not times or time.monotonic() < deadline
                                 or (len(times) < MIN_RUNS
                                     and time.monotonic() < hard_deadline)):
        began = time.perf_counter()
        searcher.run(shape)
        times.append((time.perf_counter() - began) * 1e3)
    times.sort()
    return {"label": shape["label"], "query": shape["query"], "matches": matches,
            "runs": len(times), "p50_ms": percentile(times, 0.50),
            "p95_ms": percentile(times, 0.95), "p99_ms": percentile(times, 0.99),
            "mean_ms": sum(times) / len(times), "max_ms": times[-1]}


def latency_main(argv):
    import xapian   # pylint: disable=import-outside-toplevel
    database, runs, max_seconds, shapes = argv[0], int(argv[1]), float(argv[2]), \
        json.loads(argv[3])
    searcher = XapianSearcher(xapian, database)
    for shape in shapes:
        print(json.dumps(time_shape(searcher, shape, max(runs, MIN_RUNS), max_seconds)),
              flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "latency":
        sys.exit(latency_main(sys.argv[2:]))
    print("usage: xapian_peer.py latency DATABASE RUNS MAX_SECONDS SHAPES_JSON\n"
          "(bench/run runs it; see bench/README.md)", file=sys.stderr)
    sys.exit(2)
