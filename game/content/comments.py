"""V049: story text cut short by a YAML comment. In `narrate: The group chat #year10 has 31 people.` everything from
` #` on is a comment, so the player reads "The group chat" and nothing says so. Found in the file's text (the
parser drops comments), only on lines that hold unquoted prose, and never inside a `|` or `>` block (where `#` is
just a character). A `#` followed by a space (`title: Home  # first draft`) is taken as a deliberate comment;
`#year10`, `#1` or `#squad` is taken as text that was meant to be seen.
"""
from __future__ import annotations

import re

from .diagnostics import Diagnostic

# keys whose values are words for people (the rest are ids, paths, numbers and conditions)
TEXT_KEYS = ("narrate", "say", "thought", "text", "prompt", "title", "summary", "locked_reason", "caption", "name",
             "contact", "note", "character", "condition")
_KEYED = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>" + "|".join(TEXT_KEYS) + r")\s*:\s+(?P<value>[^'\"|>&*!#\s].*?)"
                    r"(?P<sep>\s+)#(?P<lost>\S.*)$")
_ITEM = re.compile(r"^(?P<indent>\s*-\s+)(?P<value>[^'\"|>&*!#\s\-{\[][^:#]*\s[^:#]*?)(?P<sep>\s+)#(?P<lost>\S.*)$")
_BLOCK_START = re.compile(r"[:\-]\s*[|>][0-9+\-]*\s*(#.*)?$")


def _in_block(lines: list[str], i: int) -> bool:
    """Whether line i sits inside a `|` or `>` block scalar: the nearest line above with less indentation opens
    one."""
    indent = len(lines[i]) - len(lines[i].lstrip(" "))
    for j in range(i - 1, -1, -1):
        above = lines[j]
        if not above.strip():
            continue
        ind = len(above) - len(above.lstrip(" "))
        if ind < indent:
            return bool(_BLOCK_START.search(above.rstrip()))
    return False


def lost_to_comments(path: str, text: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if " #" not in text:
        return out
    lines = text.split("\n")
    pos = text.find(" #")
    while pos != -1:
        i = text.count("\n", 0, pos)
        line = lines[i].rstrip("\r")
        m = _KEYED.match(line) or _ITEM.match(line)
        if m and not _in_block(lines, i):
            col = m.start("lost")  # 0-based column of '#'
            kept = m.group("value").strip()
            lost = "#" + m.group("lost")
            out.append(Diagnostic(path, i + 1, col, "warning", "V049",
                                  f"everything from ` #` on is a YAML comment: the player sees only `{kept}`, "
                                  f"and `{lost.strip()}` is lost",
                                  "put the whole text in quotes, e.g. \"" + kept + " " + lost.strip() + "\" (or, "
                                  "if it is a note for writers, put it on its own line)"))
        nxt = text.find("\n", pos)
        if nxt == -1:
            break
        pos = text.find(" #", nxt)
    return out
