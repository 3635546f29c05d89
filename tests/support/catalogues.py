"""Reading gettext catalogues (.po) without polib: the entries, their flags and translations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    def __str__(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"line {self.line}: {context}{self.msgid!r}"


def entries(path: Path) -> list[Entry]:
    """Every live entry of the catalogue but its header (obsolete `#~` entries are skipped)."""
    found: list[Entry] = []
    for number, block in _blocks(path.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        current = ""
        for line in block:
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := _LINE.match(line):
                current = match.group(1)
                fields[current] = _unescape(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += _unescape(line[1:-1])
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        plural = [v for k, v in sorted(fields.items()) if k.startswith("msgstr[")]
        found.append(
            Entry(
                msgid=fields["msgid"],
                msgctxt=fields.get("msgctxt"),
                msgid_plural=fields.get("msgid_plural"),
                msgstr=plural or [fields.get("msgstr", "")],
                flags=flags,
                line=number,
            )
        )
    return found


def header_is_fuzzy(path: Path) -> bool:
    _number, first = next(_blocks(path.read_text(encoding="utf-8")))
    return any(line.startswith("#,") and "fuzzy" in line for line in first)


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    number = 1
    for chunk in text.split("\n\n"):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if lines and not all(line.startswith("#~") for line in lines):
            yield number, lines
        number += chunk.count("\n") + 2
