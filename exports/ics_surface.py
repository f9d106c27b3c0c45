"""The surface of RFC 5545 that parsers forgive and clients do not: a checker of our own.

Parsers unfold lines and unescape text without complaint, so a file can parse in every library
and still be refused by a strict client. :func:`surface_problems` reads the raw bytes:
- every line ends with CRLF, and there is no bare CR or LF;
- no physical line is longer than 75 octets, and folding never splits a UTF-8 character;
- in TEXT values (SUMMARY, DESCRIPTION, LOCATION, X-WR-CALNAME...), commas, semicolons and
  backslashes are escaped and there are no raw newlines.
"""

from __future__ import annotations

MAX_OCTETS = 75
TEXT_PROPERTIES = frozenset({"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "NAME",
                             "X-WR-CALNAME", "X-WR-CALDESC", "CATEGORIES"})


def unfold(data: bytes) -> list[bytes]:
    """Logical content lines of an iCalendar stream (CRLF + space/tab joins)."""
    return data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").split(b"\r\n")[:-1]


def surface_problems(data: bytes) -> list[str]:
    """Everything in ``data`` that breaks RFC 5545's line and text rules (empty when clean)."""
    problems: list[str] = []
    if not data.endswith(b"\r\n"):
        problems.append("the file does not end with CRLF")
    physical = data.split(b"\r\n")
    for number, line in enumerate(physical[:-1], start=1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: a bare CR or LF")
        if len(line) > MAX_OCTETS:
            problems.append(f"line {number}: {len(line)} octets, more than {MAX_OCTETS}")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: folding split a UTF-8 character")
    for line in unfold(data):
        text = line.decode("utf-8", errors="replace")
        name, _, value = _split(text)
        if name in TEXT_PROPERTIES:
            problems.extend(f"{name}: {p} in {value!r}" for p in _text_problems(name, value))
    return problems


def _text_problems(name: str, value: str) -> list[str]:
    found: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            if i + 1 >= len(value) or value[i + 1] not in "\\,;nN":
                found.append("a lone backslash")
            i += 2
            continue
        if ch == ";" or (ch == "," and name != "CATEGORIES"):
            found.append(f"an unescaped {'semicolon' if ch == ';' else 'comma'}")
        i += 1
    return found


def _split(line: str) -> tuple[str, str, str]:
    """``NAME;PARAMS:VALUE`` -> (NAME, PARAMS, VALUE); quoted parameter values may hold ':'."""
    in_quotes = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == ":" and not in_quotes:
            head, value = line[:i], line[i + 1:]
            name, _, params = head.partition(";")
            return name.upper(), params, value
    return line.upper(), "", ""


# --------------------------------------------------------------------------------------------
# Writing: the same rules, applied
# --------------------------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """A TEXT value escaped per RFC 5545 3.3.11 (backslash, semicolon, comma, newline)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded at 75 octets between characters, ending in CRLF."""
    data = line.encode("utf-8")
    if len(data) <= MAX_OCTETS:
        return data + b"\r\n"
    chunks: list[bytes] = []
    start, limit = 0, MAX_OCTETS
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # never inside a UTF-8 character
            cut -= 1
        chunks.append(data[start:cut])
        start, limit = cut, MAX_OCTETS - 1  # continuation lines begin with a space
    chunks.append(data[start:])
    return b"\r\n ".join(chunks) + b"\r\n"


def content_line(name: str, value: str, *, text: bool = False) -> bytes:
    """``NAME:VALUE`` folded; ``text=True`` escapes the value as TEXT."""
    return fold(f"{name}:{escape_text(value) if text else value}")
