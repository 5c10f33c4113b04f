#!/usr/bin/env python3
"""make_archive.py - writes the hostile archive of tests/hostile/README.md.

    make_archive.py [--no-big] FOLDER

Creates FOLDER (which must not exist) holding one file, link or folder per
entry of the catalogue, each named after its catalogue number (F01-...),
plus a few well-formed articles that must come through untouched. The
50 MB article is generated here, at test time, never committed; --no-big
leaves it out (for quick runs under valgrind).

Entries that need the running programs (a file that vanishes mid-run, an
unreadable file, a failed file that keeps its old version) are made by
tests/e2e/hostile_files.sh itself. Standard library only.
"""
import os
import sys

# A unique word per entry lets the test ask "is this article searchable?"
# with a query no other file answers. Words are letters only, so the
# stemmer leaves them alone.


def marker(number):
    """The unique search word of catalogue entry `number` (F01 -> qqfzaa)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "qqf" + letters[number // 26] + letters[number % 26]


def article(title, body, extra=""):
    """A well-formed Markdown article as bytes."""
    return ("---\ntitle: %s\n%s---\n\n%s\n" % (title, extra, body)).encode("utf-8")


def utf16(text, big_endian):
    if big_endian:
        return b"\xfe\xff" + text.encode("utf-16-be")
    return b"\xff\xfe" + text.encode("utf-16-le")


def nested_list(levels):
    # "- - - x" is a list in a list in a list: one line, any depth (by
    # indentation, depth costs quadratic bytes). Ordered lists alike.
    return "- " * levels + "deep\n\n" + "1. " * levels + "deeper\n"


def yaml_bomb():
    # The "billion laughs": nine levels of ten aliases each. Expanded, it
    # would be 10^9 strings; read as events it is its own few hundred bytes.
    lines = ['a0: &a0 "lol"']
    for level in range(1, 10):
        prev = "*a%d" % (level - 1)
        lines.append("a%d: &a%d [%s]" % (level, level, ", ".join([prev] * 10)))
    lines.append("title: *a9")
    lines.append("source: *a8")
    return "\n".join(lines) + "\n"


def entries(big):
    """(number, relative path, bytes) of every generated file."""
    m = marker
    yield 1, "F01-invalid-utf8.md", article(
        "Invalid UTF-8", "Before \xff\xfe broken bytes %s after." % m(1)).replace(
            b"\xc3\xbf\xc3\xbe", b"\xff\xfe\xc0\xaf\xed\xa0\x80")
    yield 2, "F02-utf16le-bom.md", utf16(
        "---\ntitle: UTF-16 little endian\n---\n\nWritten by a Windows tool %s.\n" % m(2), False)
    yield 3, "F03-utf16be-bom.txt", utf16(
        "UTF-16 big endian capture\n\nA capture saved as UTF-16 %s.\n" % m(3), True)
    yield 4, "F04-utf16-broken.md", utf16(
        "---\ntitle: Broken UTF-16\n---\n\nUnpaired %s " % m(4), False) + \
        b"\x00\xd8" + "surrogate.\n".encode("utf-16-le") + b"\x41"
    yield 5, "F05-nul-bytes.md", article("NUL bytes", "A NUL \x00 in the middle %s." % m(5))
    yield 6, "F06-binary.md", bytes(range(256)) * 16
    yield 7, "F07-empty.md", b""
    yield 8, "F08-blank.txt", b"   \n\n\t\n  \n"
    if big:
        # 50 MB of paragraphs, the marker in the very last one.
        paragraph = ("The ministry said output rose again in the quarter, "
                     "officials in Vienna and Tehran told reporters. ") * 8 + "\n\n"
        count = 50 * 1024 * 1024 // len(paragraph)
        yield 9, "F09-50mb.md", article("Fifty megabytes", paragraph * count + m(9))
    yield 10, "F10-one-line-1mb.md", ("---\ntitle: One line\n---\n" + "Iran and Iraq talk " * 55189
                                      + m(10)).encode("utf-8")
    yield 11, "F11-long-word.md", article("A long word", "x" * 10000 + " then " + m(11))
    yield 12, "F12-frontmatter-never-ends.md", ("---\ntitle: Never closed\n\nbody %s\n" % m(12)).encode()
    yield 13, "F13-frontmatter-not-yaml.md", ("---\ntitle: [unclosed\n  : : : {\n---\n%s\n" % m(13)).encode()
    yield 14, "F14-frontmatter-list.md", ("---\n- one\n- two\n---\n%s\n" % m(14)).encode()
    yield 15, "F15-yaml-bomb.md", ("---\n" + yaml_bomb() + "---\n\nBomb defused %s.\n" % m(15)).encode()
    yield 16, "F16-wrong-types.md", (
        "---\ntitle: {a: 1}\ndate: [1, 2]\nsource: [x, [y]]\ntopics: {k: v}\n---\n\n"
        "# Heading title\n\nWrong types %s.\n" % m(16)).encode()
    yield 17, "F17-date-impossible.md", article("Impossible date", "February 30 %s." % m(17),
                                                "date: 1987-02-30\n")
    yield 18, "F18-date-1850.md", article("Too old", "Crimea %s." % m(18), "date: 1850-06-01\n")
    yield 19, "F19-date-2150.md", article("Too new", "Mars %s." % m(19), "date: 2150-01-01\n")
    yield 20, "F20-date-words.md", article("Unknown date", "Soon %s." % m(20),
                                           "date: next Tuesday\n")
    yield 21, "F21-dup-id-a.md", article("First with the id", "First %s." % m(21),
                                         "id: same-id\n")
    yield 21, "F21-dup-id-b.md", article("Second with the id", "Second %s." % m(21),
                                         "id: same-id\n")
    yield 22, "F22-deep-quote.md", (">" * 10000 + " deep quote " + m(22) + "\n").encode()
    yield 23, "F23-deep-list.md", (nested_list(10000) + "\n" + m(23) + "\n").encode()
    yield 24, "F24-deep-inline.md", ("[" * 10000 + "*" * 10000 + "_" * 5000 + " inline " + m(24)
                                     + "`" * 3000 + "<" * 5000 + "\n").encode()
    yield 29, "F29 name with  spaces.md", article("Spaces", "Spaced %s." % m(29))
    yield 30, "F30-new\nline.md", article("Newline", "Newline in the name %s." % m(30))
    yield 31, b"F31-caf\xe9-latin1.md", article("Latin-1 name", "Non-UTF-8 name %s." % m(31))
    yield 32, "-F32 %3F?#&;'$(x).md", article("Shell and URI characters", "Odd name %s." % m(32))
    yield 33, "F33-terminal-escapes.md", (
        "---\ntitle: \"Escapes \\e]0;pwned\\a \\e[2J here\"\n---\n\n"
        "Body \x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 %s.\n" % m(33)).encode()
    yield 37, "F37-crlf-bom.md", b"\xef\xbb\xbf" + article("CRLF with BOM", "Windows %s." % m(37)).replace(
        b"\n", b"\r\n")
    yield 38, "F38-frontmatter-only.md", ("---\ntitle: Only front matter %s\n---\n" % m(38)).encode()
    yield 39, "F39-yaml-deep.md", ("---\ntitle: " + "[" * 10000 + "]" * 10000 + "\n---\n\nDeep YAML %s.\n"
                                   % m(39)).encode()
    yield 40, "F40-title-1mb.md", ("---\ntitle: " + "Long title " * 95325 + "\n---\n\nBig title %s.\n"
                                   % m(40)).encode()
    yield 41, "F41-script.md", ("# Scripts\n\n<script>var qqfnone = 1; while(1){}</script>\n\n"
                                "<div><p>Unclosed <b>tags %s\n\n<style>x{}</style><!-- never closed\n"
                                % m(41)).encode()
    yield 42, "F42-capture-chrome-only.txt", (
        "The DEFCON Warning System\nOngoing Geointel and Analysis\n"
        "\u00a9 2023 The DEFCON Warning System. All rights reserved.\n").encode()
    yield 43, "F43-cr-only.md", article("Old Mac", "Carriage returns %s." % m(43)).replace(b"\n", b"\r")
    yield 44, "F44-controls.md", article("Controls", "Form\x0cfeed vertical\x0btab bell\x07 %s."
                                         % m(44))
    yield 52, b"F52-\x1b[31mred\x1b]0;pwned\x07.md", article("Escape in the name",
                                                           "Escaped name %s." % m(52))
    yield 46, "F46-bidi-zero-width.md", article("Bidi \u202e evil \u202c",
                                                "Zero\u200bwidth \ufeffBOM inside %s." % m(46))
    yield 47, "F47-many-headings.md", ("# H\n\n" * 20000 + m(47) + "\n").encode()
    yield 48, "F48-html-entities.md", ("&" + "#" * 5000 + "; &#x110000; &#0; &#xD800; &"
                                       + "a" * 5000 + "; %s\n" % m(48)).encode()
    # Well-formed articles the hostile ones must not disturb.
    yield 0, "good/1987/03/oil.md", article("Oil prices steady", "Oil ministers met in Vienna.",
                                            "date: 1987-03-02\n")
    yield 0, "good/2019/04/visit.md", article("Zarif visit", "Zarif visits Pyongyang.",
                                              "date: 2019-04-10\n")


def write(folder, path, data):
    if isinstance(path, str):
        path = path.encode("utf-8")
    full = os.path.join(folder.encode(), path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as out:
        out.write(data)


def main():
    args = sys.argv[1:]
    big = "--no-big" not in args
    args = [a for a in args if a != "--no-big"]
    if len(args) != 1:
        sys.exit("usage: make_archive.py [--no-big] FOLDER")
    folder = args[0]
    os.makedirs(folder)
    for _, path, data in entries(big):
        write(folder, path, data)

    # Things that are not plain files.
    os.makedirs(os.path.join(folder, "F25-loop"))
    os.symlink("..", os.path.join(folder, "F25-loop", "up"))            # a link loop
    write(folder, "F25-loop/inside.md", article("Inside the loop", "Looped %s." % marker(25)))
    os.symlink("no-such-target.md", os.path.join(folder, "F26-dangling.md"))
    os.mkfifo(os.path.join(folder, "F34-fifo.md"))                       # reading would block
    os.symlink("/dev/zero", os.path.join(folder, "F35-dev-zero.md"))    # reading never ends
    write(folder, "F36-folder.md/inside.md", article("In a folder named .md",
                                                     "Folder %s." % marker(36)))
    # A path of 40 nested folders, 4,000 bytes long in all.
    deep = "/".join(["F45-" + "d" * 95] * 40)
    write(folder, deep + "/deep.md", article("Deep path", "Deep %s." % marker(45)))


if __name__ == "__main__":
    main()
