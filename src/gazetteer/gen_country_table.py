#!/usr/bin/env python3
"""Generates country_table.c and country_table.h, the read-only tables behind
src/countries/ (their types are in src/countries/gazetteer.h).

The countries come from Debian's iso-codes (ISO 3166-1 for today's states,
ISO 3166-3 for the states that are gone), completed by our own lists in
src/gazetteer/*.tsv: aliases, demonyms, capitals, institutions, places,
places read only in datelines, currencies and legal forms, historical
states, successor links, extra places, the rules for ambiguous words and
the names that are not one country (groupings: the EU, NATO, Europe). Every TSV file starts with a
comment line saying what it holds; blank lines and lines starting with '#'
are skipped.

The output is C: one record per country, the terms the matcher looks for
(already split into words exactly as src/countries/scan.c cuts text, and
hashed into an open-addressing table keyed by their first word), the names
--country accepts, and the predecessor lists. Any inconsistency in the
lists (an unknown code, a word claimed by two countries without a rule
saying how to decide) stops the build with a message naming the file and
line.

Usage: gen_country_table.py --iso-codes DIR --gazetteer DIR --output FILE.c --header FILE.h
"""

import argparse
import json
import os
import sys
import unicodedata

# Kinds of evidence, strongest first; the order matches enum evidence_kind in
# src/countries/gazetteer.h.
KINDS = ["NAME", "DEMONYM", "CAPITAL", "INSTITUTION", "LEADER", "PLACE", "CURRENCY",
         "LEGAL_FORM", "LISTING", "DATELINE", "NONE"]
# Case rules; the order matches enum term_case in gazetteer.h.
CASES = ["CASE_NAME", "CASE_UPPER", "CASE_LOWER_OK"]
# Disambiguation rules; the order matches enum term_rule in gazetteer.h.
RULES = ["RULE_PLAIN", "RULE_CONTEXT", "RULE_NAME_PART", "RULE_BEFORE_NAME",
         "RULE_PRONOUN"]
RULE_NAMES = ["plain", "context", "name-part", "before-name", "pronoun"]

MAX_WORD_BYTES = 31          # longer words never match (scan.c agrees)
LOOKUP_PRIORITY = {"CODE": 0, "NAME": 1, "DEMONYM": 2, "CAPITAL": 3}


class GazetteerError(Exception):
    pass


def is_word_byte(text, i):
    """Mirrors scan.c: letters, digits and UTF-8 letters are word
    bytes; UTF-8 punctuation (U+0080-U+00BF, U+2000-U+206F, U+3000-U+303F)
    and everything else in ASCII separates words."""
    c = text[i]
    if c < 0x80:
        return chr(c).isalnum()
    return utf8_sequence_is_letter(text, i)


def utf8_lead_of(text, i):
    while i > 0 and (text[i] & 0xC0) == 0x80:
        i -= 1
    return i


def utf8_sequence_is_letter(text, i):
    lead = utf8_lead_of(text, i)
    c = text[lead]
    nxt = text[lead + 1] if lead + 1 < len(text) else 0
    if c == 0xC2:
        return False
    if c == 0xE2 and nxt in (0x80, 0x81):
        return False
    if c == 0xE3 and nxt == 0x80:
        return False
    return True


def is_ascii_letter(text, i):
    return i < len(text) and text[i] < 0x80 and chr(text[i]).isalpha()


def tokenize(name, keep_case=False):
    """Splits a name into the keys match.c computes for text: ASCII
    lower case, dotted abbreviations kept with a final dot ("U.S." ->
    "u.s."), every other separator dropped. With keep_case, the words keep
    the case they are written in."""
    text = name.encode("utf-8")
    keys = []
    i = 0
    n = len(text)
    while i < n:
        if not is_word_byte(text, i):
            i += 1
            continue
        start = i
        if (is_ascii_letter(text, i) and i + 1 < n and text[i + 1] == ord(".")):
            # A dotted abbreviation: single letters each followed by a dot,
            # the last dot optional ("U.S." and "U.S" both give "u.s.").
            i += 2
            while is_ascii_letter(text, i) and not (i + 1 < n and is_word_byte(text, i + 1)):
                i += 1
                if i < n and text[i] == ord("."):
                    i += 1
                else:
                    break
            word = text[start:i].decode("utf-8")
            if not keep_case:
                word = word.lower()
            if not word.endswith("."):
                word += "."
            keys.append(word)
            continue
        while i < n and is_word_byte(text, i):
            i += 1
        word = text[start:i].decode("utf-8")
        keys.append(word if keep_case else ascii_lower(word))
    return keys


def ascii_lower(word):
    return "".join(ch.lower() if ch < "\x80" else ch for ch in word)


def fold_accents(name):
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def lookup_key(name):
    """The key defcon_country_lookup() compares: mirrors lookup_normalize()
    in names.c (ASCII lower case, dots and apostrophes dropped, any
    other run of separators one space)."""
    out = []
    pending_space = False
    for ch in name:
        if ch in ".'\u2019":
            continue
        if ch < "\x80" and not ch.isalnum():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        out.append(ch.lower() if ch < "\x80" else ch)
    return "".join(out)


def key_hash(data):
    """Mirrors key_hash() in match.c: eight bytes at a time."""
    mask = 0xFFFFFFFFFFFFFFFF
    h = (len(data) * 0x9E3779B97F4A7C15) & mask
    for i in range(0, len(data), 8):
        chunk = int.from_bytes(data[i:i + 8], "little")
        h = ((h ^ chunk) * 0xFF51AFD7ED558CCD) & mask
        h ^= h >> 32
    return h & 0xFFFFFFFF


def byte_classes():
    """The scanner's class of each byte; the bits match enum byte_class in
    src/countries/gazetteer.h."""
    lower, upper, digit, high, tight, newline, stop = 1, 2, 4, 8, 16, 32, 64
    classes = []
    for b in range(256):
        c = chr(b)
        if "a" <= c <= "z":
            classes.append(lower)
        elif "A" <= c <= "Z":
            classes.append(upper)
        elif "0" <= c <= "9":
            classes.append(digit)
        elif b >= 0x80:
            classes.append(high)
        elif c in " \t\r-'":
            classes.append(tight)
        elif c == "\n":
            classes.append(newline)
        elif c in ".!?:;":
            classes.append(stop)
        else:
            classes.append(0)
    return classes


def read_tsv(path, min_fields):
    """Yields (line_number, fields) for each data line of a TSV file whose
    first line must be a '#' comment."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if not lines or not lines[0].startswith("#"):
        raise GazetteerError("%s:1: the first line must be a '#' comment saying what the file holds" % path)
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < min_fields:
            raise GazetteerError("%s:%d: expected %d tab-separated fields" % (path, number, min_fields))
        yield number, [field.strip() for field in fields]


def c_string(s):
    out = ['"']
    for b in s.encode("utf-8"):
        if b in (0x22, 0x5C):
            out.append("\\" + chr(b))
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        else:
            out.append("\\%03o" % b)
    out.append('"')
    return "".join(out)


class Table:
    def __init__(self):
        self.countries = {}       # alpha2 -> dict
        self.terms = {}           # key tuple -> dict(kind -> set(codes)), source
        self.term_sources = {}
        self.lookup = {}          # lookup key -> list of (priority, code, display)
        self.rules = {}           # key tuple -> (rule, args, where)
        self.successors = {}      # successor -> [predecessors]
        self.exchanges = {}       # ticker suffix ("" for none) -> code
        self.groupings = {}       # lookup key -> what it is (not a country)
        self.shared_forms = {}    # key tuple of a legal form of many countries
                                  # -> their codes

    def add_country(self, alpha2, alpha3, name, historical, where):
        if alpha2 in self.countries:
            raise GazetteerError("%s: country %s defined twice" % (where, alpha2))
        self.countries[alpha2] = {"alpha2": alpha2, "alpha3": alpha3, "name": name,
                                  "historical": historical}
        self.add_lookup(alpha2, alpha2, "CODE", None)
        self.add_lookup(alpha3, alpha2, "CODE", None)

    def need(self, code, where):
        if code not in self.countries:
            raise GazetteerError("%s: unknown country code %r" % (where, code))

    def add_lookup(self, name, code, kind, display):
        key = lookup_key(name)
        if not key:
            return
        priority = LOOKUP_PRIORITY.get(kind)
        if priority is None:
            return
        self.lookup.setdefault(key, []).append((priority, code, display or name))

    def add_term(self, name, code, kind, where, lookup=True):
        if code is not None:
            self.need(code, where)
        variants = {name, fold_accents(name)}
        if name.startswith("Saint "):
            variants.add("St. " + name[6:])
        for variant in variants:
            keys = tuple(tokenize(variant))
            if not keys:
                raise GazetteerError("%s: %r has no words" % (where, name))
            if any(len(k.encode("utf-8")) > MAX_WORD_BYTES for k in keys):
                continue
            entry = self.terms.setdefault(keys, {"codes": {}, "forms": set()})
            entry["forms"].add(variant)
            if code is not None:
                best = entry["codes"].get(code)
                if best is None or KINDS.index(kind) < KINDS.index(best):
                    entry["codes"][code] = kind
            self.term_sources.setdefault(keys, where)
            if lookup and code is not None:
                self.add_lookup(variant, code, kind, name)


def iso_names(record):
    """The matchable forms of an ISO record's names: comma-inverted names
    ("Korea, Republic of") are left to our aliases; parentheses dropped;
    a leading lower-case "the" dropped."""
    names = []
    for field in ("name", "official_name", "common_name"):
        value = record.get(field)
        if not value or "," in value:
            continue
        if "(" in value:
            value = " ".join(value.split("(")[0].split() + value.split(")")[1].split())
        if value.startswith("the "):
            value = value[4:]
        names.append(value)
    return names


def load(iso_dir, gazetteer_dir):
    table = Table()
    path = lambda name: os.path.join(gazetteer_dir, name)

    with open(os.path.join(iso_dir, "iso_3166-1.json"), encoding="utf-8") as f:
        current = json.load(f)["3166-1"]
    with open(os.path.join(iso_dir, "iso_3166-3.json"), encoding="utf-8") as f:
        withdrawn = json.load(f)["3166-3"]

    display = {}
    for number, (code, name) in read_tsv(path("display_names.tsv"), 2):
        display[code] = name

    for record in current:
        name = display.get(record["alpha_2"]) or record.get("common_name") or record["name"]
        table.add_country(record["alpha_2"], record["alpha_3"], name, False, "iso_3166-1.json")
    for number, (alpha2, alpha3, name) in read_tsv(path("historical.tsv"), 3):
        where = "historical.tsv:%d" % number
        if not any(r["alpha_2"] == alpha2 and r["alpha_3"] == alpha3 for r in withdrawn):
            raise GazetteerError("%s: %s/%s is not in iso_3166-3.json" % (where, alpha2, alpha3))
        table.add_country(alpha2, alpha3, name, True, where)
        table.add_term(name, alpha2, "NAME", where)
    for number, (alpha2, alpha3, name) in read_tsv(path("extra_countries.tsv"), 3):
        where = "extra_countries.tsv:%d" % number
        table.add_country(alpha2, alpha3, name, False, where)
        table.add_term(name, alpha2, "NAME", where)
    for code in display:
        table.need(code, "display_names.tsv")

    for record in current:
        for name in iso_names(record):
            table.add_term(name, record["alpha_2"], "NAME", "iso_3166-1.json")
        country = table.countries[record["alpha_2"]]
        table.add_lookup(country["name"], record["alpha_2"], "NAME", None)
        for field in ("name", "official_name"):
            if record.get(field):
                table.add_lookup(record[field], record["alpha_2"], "NAME", None)
                table.add_lookup(fold_accents(record[field]), record["alpha_2"], "NAME", None)

    for filename, kind in (("aliases.tsv", "NAME"), ("demonyms.tsv", "DEMONYM"),
                           ("capitals.tsv", "CAPITAL"), ("institutions.tsv", "INSTITUTION"),
                           ("leaders.tsv", "LEADER"), ("places.tsv", "PLACE"),
                           ("datelines.tsv", "DATELINE")):
        for number, fields in read_tsv(path(filename), 2):
            table.add_term(fields[1], fields[0], kind, "%s:%d" % (filename, number))
    for number, (code, kind, term) in read_tsv(path("economy.tsv"), 3):
        where = "economy.tsv:%d" % number
        kinds = {"currency": "CURRENCY", "legal-form": "LEGAL_FORM"}
        if kind == "exchange":
            table.need(code, where)
            suffix = "" if term == "-" else term
            if suffix in table.exchanges:
                raise GazetteerError("%s: exchange suffix %r listed twice" % (where, term))
            if not all("A" <= ch <= "Z" for ch in suffix) or len(suffix) > 4:
                raise GazetteerError("%s: an exchange suffix is up to four capitals" % where)
            table.exchanges[suffix] = code
            continue
        if kind not in kinds:
            raise GazetteerError("%s: kind must be currency, legal-form or exchange, not %r"
                                 % (where, kind))
        if "," in code:
            # A legal form of companies of many countries (Ltd): it names
            # none of them.
            codes = code.split(",")
            if kind != "legal-form":
                raise GazetteerError("%s: only a legal form may belong to several countries"
                                     % where)
            for one in codes:
                table.need(one, where)
            keys = tuple(tokenize(term))
            if keys in table.shared_forms:
                raise GazetteerError("%s: %r listed twice" % (where, term))
            table.add_term(term, None, "LEGAL_FORM", where, lookup=False)
            table.shared_forms[keys] = codes
            continue
        table.add_term(term, code, kinds[kind], where)

    for number, fields in read_tsv(path("ambiguous.tsv"), 2):
        where = "ambiguous.tsv:%d" % number
        term, rule = fields[0], fields[1]
        args = fields[2].split() if len(fields) > 2 else []
        keys = tuple(tokenize(term))
        if keys in table.rules:
            raise GazetteerError("%s: a second rule for %r" % (where, term))
        if rule == "none":
            table.add_term(term, None, "NONE", where)
        elif rule == "context":
            if len(args) != 3:
                raise GazetteerError("%s: context takes DEFAULT ALTERNATE LOOKUP" % where)
            for code in args[:2]:
                table.need(code, where)
            if args[2] != "-":
                table.need(args[2], where)
        elif rule == "pronoun":
            if not args:
                raise GazetteerError("%s: pronoun takes the words after which %r is a pronoun" % (where, term))
        elif rule not in ("name-part", "before-name"):
            raise GazetteerError("%s: unknown rule %r" % (where, rule))
        if keys not in table.terms:
            raise GazetteerError("%s: %r is in no other list" % (where, term))
        table.rules[keys] = (rule, args, where)

    for number, (successor, predecessor) in read_tsv(path("successors.tsv"), 2):
        where = "successors.tsv:%d" % number
        table.need(successor, where)
        table.need(predecessor, where)
        table.successors.setdefault(successor, []).append(predecessor)
    for number, (name, what) in read_tsv(path("groupings.tsv"), 2):
        key = lookup_key(name)
        if key in table.groupings:
            raise GazetteerError("groupings.tsv:%d: %r listed twice" % (number, name))
        table.groupings[key] = (what, "groupings.tsv:%d" % number)
    return table


def resolve_terms(table):
    """One row per distinct word sequence, checked against the rules."""
    rows = []
    for keys, entry in table.terms.items():
        rule, args, where = table.rules.get(keys, ("plain", [], None))
        codes = entry["codes"]
        row = {"keys": keys, "rule": rule, "country": None, "kind": "NONE",
               "alternate": None, "alternate_kind": "NONE", "pronouns": [],
               "forms": entry["forms"]}
        if rule == "none":
            row["rule"] = "plain"
        elif keys in table.shared_forms:
            if codes:
                raise GazetteerError("%s: a legal form of many countries is also %s's"
                                     % (table.term_sources[keys], sorted(codes)))
            row["kind"] = "LEGAL_FORM"
            row["shared_form"] = sorted(table.shared_forms).index(keys)
        elif rule == "context":
            default, alternate = args[0], args[1]
            extra = set(codes) - {default, alternate}
            if extra:
                raise GazetteerError("%s: %r also belongs to %s" % (where, " ".join(keys), sorted(extra)))
            some_kind = min(codes.values(), key=KINDS.index)
            row.update(country=default, kind=codes.get(default, some_kind),
                       alternate=alternate, alternate_kind=codes.get(alternate, some_kind))
        else:
            if len(codes) != 1:
                raise GazetteerError("%r is claimed by %s (first seen at %s): add a context "
                                     "rule to ambiguous.tsv" % (" ".join(keys), sorted(codes),
                                                                table.term_sources[keys]))
            (code, kind), = codes.items()
            row.update(country=code, kind=kind)
            if rule == "pronoun":
                row["pronouns"] = [ascii_lower(a) for a in args]
        forms = entry["forms"]
        if any(f.islower() for f in forms) and row["kind"] in ("CURRENCY", "LEGAL_FORM"):
            row["case"] = "CASE_LOWER_OK"
        elif all(form_is_upper(f) for f in forms):
            row["case"] = "CASE_UPPER"
        else:
            row["case"] = "CASE_NAME"
        # Word i must be capitalized in text when every form writes it so;
        # connectors ("of", "and") and units ("dlrs") are written in lower
        # case and may come in any case.
        row["capitals"] = 0
        for i in range(len(keys)):
            if all(tokenize(f, keep_case=True)[i][:1] != tokenize(f, keep_case=True)[i][:1].lower()
                   for f in forms):
                row["capitals"] |= 1 << i
        rows.append(row)
    return rows


def form_is_upper(form):
    letters = [ch for ch in form if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def resolve_lookup(table):
    """Lookup keys with one answer: the best-priority entries must agree,
    or a context rule must name the answer. A grouping (groupings.tsv)
    must not be a country's name as well."""
    for key, (what, where) in table.groupings.items():
        if key in table.lookup:
            raise GazetteerError("%s: %r is also a country's name or code" % (where, key))
    names = []
    for key, entries in table.lookup.items():
        rule = table.rules.get(tuple(tokenize(key)))
        if rule and rule[0] == "context":
            if rule[1][2] == "-":
                continue
            code = rule[1][2]
            display = next((d for p, c, d in entries if c == code), entries[0][2])
            names.append((key, code, display))
            continue
        best = min(p for p, c, d in entries)
        codes = sorted({c for p, c, d in entries if p == best})
        if len(codes) != 1:
            continue
        display = next(d for p, c, d in entries if p == best)
        names.append((key, codes[0], display))
    names.sort()
    return names


def write(table, rows, names, output, header):
    codes = sorted(table.countries)
    index = {code: i for i, code in enumerate(codes)}
    rows.sort(key=lambda r: (r["keys"][0], -len(r["keys"]), r["keys"]))

    # Open addressing keyed by the first word; each bucket spans the rows
    # sharing that first word, longest first.
    first_words = []
    spans = {}
    for i, row in enumerate(rows):
        first = row["keys"][0]
        if first not in spans:
            spans[first] = [i, 0]
            first_words.append(first)
        spans[first][1] += 1
    size = 1
    while size < 2 * len(first_words):
        size *= 2
    buckets = [None] * size
    for word in first_words:
        h = key_hash(word.encode("utf-8"))
        slot = h & (size - 1)
        while buckets[slot] is not None:
            slot = (slot + 1) & (size - 1)
        buckets[slot] = (h, spans[word][0], spans[word][1])

    # Which lower-case words can start a term, by first letter and length,
    # so that the matcher hashes only those.
    lower_first = [0] * 26
    for row in rows:
        first = row["keys"][0]
        if first[0].isdigit():
            raise GazetteerError("%r starts with a digit: the matcher never looks those up"
                                 % " ".join(row["keys"]))
        lower_ok = row["case"] == "CASE_LOWER_OK" or (row["case"] == "CASE_NAME"
                                                        and not row["capitals"] & 1)
        if lower_ok and "a" <= first[0] <= "z":
            length = len(first.encode("utf-8"))
            if length >= 32:
                raise GazetteerError("%r: lower-case first words must be shorter than 32 bytes"
                                     % first)
            lower_first[ord(first[0]) - ord("a")] |= 1 << length

    pronoun_lists = []
    max_words = max(len(r["keys"]) for r in rows)
    if not table.shared_forms:
        raise GazetteerError("economy.tsv lists no legal form of several countries: "
                             "defcon_country_shared_forms would be empty")
    shared_width = 1 + max(len(c) for c in table.shared_forms.values())
    out = []
    w = out.append
    notice = (" - generated by src/gazetteer/gen_country_table.py from\n"
              " * Debian's iso-codes and the TSV lists in src/gazetteer. Do not edit:\n"
              " * change the lists or the generator and rebuild. */\n")
    sizes = ["/* country_table.h: the sizes of the tables in country_table.c" + notice,
             "#ifndef DEFCON_COUNTRY_TABLE_H\n#define DEFCON_COUNTRY_TABLE_H\n\n"]
    for name, value in (("COUNTRY_COUNT", len(codes)), ("COUNTRY_TERM_COUNT", len(rows)),
                        ("COUNTRY_MAX_TERM_WORDS", max_words),
                        ("COUNTRY_WORD_MAX", MAX_WORD_BYTES),
                        ("COUNTRY_BUCKET_COUNT", size), ("COUNTRY_LOOKUP_COUNT", len(names)),
                        ("COUNTRY_EXCHANGE_COUNT", len(table.exchanges)),
                        ("COUNTRY_GROUPING_COUNT", len(table.groupings)),
                        ("COUNTRY_SHARED_FORM_COUNT", len(table.shared_forms)),
                        ("COUNTRY_SHARED_FORM_WIDTH", shared_width)):
        sizes.append("#define %s %d\n" % (name, value))
    sizes.append("\n#endif\n")
    w("/* country_table.c: the tables declared in src/countries/gazetteer.h" + notice)
    w("#include \"gazetteer.h\"\n\n")

    classes = byte_classes()
    w("const unsigned char defcon_country_byte_class[256] = {\n")
    for i in range(0, 256, 16):
        w("    %s,\n" % ", ".join("%d" % c for c in classes[i:i + 16]))
    w("};\n\n")
    w("const uint32_t defcon_country_lower_first_lengths[26] = {\n")
    for i in range(0, 26, 6):
        w("    %s,\n" % ", ".join("0x%08Xu" % m for m in lower_first[i:i + 6]))
    w("};\n\n")
    w("const char *const defcon_country_no_predecessors[] = { NULL };\n")
    for code in codes:
        if code in table.successors:
            w("static const char *const country_predecessors_%s[] = { %s, NULL };\n"
              % (code, ", ".join(c_string(p) for p in table.successors[code])))
    w("\nconst struct country_record defcon_country_records[COUNTRY_COUNT] = {\n")
    for code in codes:
        c = table.countries[code]
        preds = ("country_predecessors_%s" % code if code in table.successors
                 else "defcon_country_no_predecessors")
        w("    { %s, %s, %s, %d, %s },\n" % (c_string(code), c_string(c["alpha3"]),
                                            c_string(c["name"]), 1 if c["historical"] else 0, preds))
    w("};\n\n")

    for i, row in enumerate(rows):
        if row["pronouns"]:
            w("static const char *const country_pronouns_%d[] = { %s, NULL };\n"
              % (i, ", ".join(c_string(p) for p in row["pronouns"])))
            pronoun_lists.append(i)
    w("\nconst struct country_term defcon_country_terms[COUNTRY_TERM_COUNT] = {\n")
    for i, row in enumerate(rows):
        country = index[row["country"]] if row["country"] else -1
        alternate = index[row["alternate"]] if row["alternate"] else row.get("shared_form", -1)
        pronouns = "country_pronouns_%d" % i if row["pronouns"] else "NULL"
        w("    { %s, %d, 0x%02X, KIND_%s, %s, %s, %d, %d, KIND_%s, %s },\n"
          % (c_string(" ".join(row["keys"])), len(row["keys"]), row["capitals"], row["kind"],
             row["case"],
             RULES[RULE_NAMES.index(row["rule"])],
             country, alternate, row["alternate_kind"], pronouns))
    w("};\n\n")

    w("const struct country_bucket defcon_country_buckets[COUNTRY_BUCKET_COUNT] = {\n")
    for bucket in buckets:
        if bucket is None:
            w("    { 0, 0, 0 },\n")
        else:
            w("    { 0x%08Xu, %d, %d },\n" % bucket)
    w("};\n\n")

    w("const struct country_exchange defcon_country_exchanges[COUNTRY_EXCHANGE_COUNT] = {\n")
    for suffix in sorted(table.exchanges):
        w("    { %s, %d },\n" % (c_string(suffix), index[table.exchanges[suffix]]))
    w("};\n\n")
    w("const struct country_name defcon_country_lookup_names[COUNTRY_LOOKUP_COUNT] = {\n")
    for key, code, display in names:
        w("    { %s, %d, %s },\n" % (c_string(key), index[code], c_string(display)))
    w("};\n\n")
    w("const short defcon_country_shared_forms[COUNTRY_SHARED_FORM_COUNT]"
      "[COUNTRY_SHARED_FORM_WIDTH] = {\n")
    for keys in sorted(table.shared_forms):
        countries = sorted(index[c] for c in table.shared_forms[keys])
        countries += [-1] * (shared_width - len(countries))
        w("    { %s },   /* %s */\n" % (", ".join("%d" % c for c in countries), " ".join(keys)))
    w("};\n\n")
    w("const struct country_grouping defcon_country_groupings[COUNTRY_GROUPING_COUNT] = {\n")
    for key in sorted(table.groupings):
        w("    { %s, %s },\n" % (c_string(key), c_string(table.groupings[key][0])))
    w("};\n")
    for path, parts in ((output, out), (header, sizes)):
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("".join(parts))
        os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description="Generate the country tables for src/countries/.")
    parser.add_argument("--iso-codes", required=True, help="folder of iso-codes JSON files")
    parser.add_argument("--gazetteer", required=True, help="folder of our TSV lists")
    parser.add_argument("--output", required=True, help="the .c file of tables to write")
    parser.add_argument("--header", required=True, help="the .h file of their sizes to write")
    options = parser.parse_args()
    try:
        table = load(options.iso_codes, options.gazetteer)
        rows = resolve_terms(table)
        names = resolve_lookup(table)
        write(table, rows, names, options.output, options.header)
    except (GazetteerError, OSError, ValueError, KeyError) as error:
        print("gen_country_table.py: %s" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
