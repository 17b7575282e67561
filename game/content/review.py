"""Review sign-off: who reviewed a story (by role), when, and which content they saw.

Stories about mental health for young people are reviewed by someone with lived experience of the condition and by
an educator or a clinician. `vantage review sign` writes a `review:` entry holding the hash of the story's files as
they are (the `review:` block itself left out, so signing does not change what was signed); if the story changes
afterwards the sign-off no longer covers it: `check` warns (V048) and the picker shows the story as a draft.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Iterable

from .diagnostics import Diagnostic
from .model import Narrative
from .yamlwalk import value_mark

ROLES = ("lived-experience", "educator", "clinician")
DRAFT = "draft: not yet reviewed"
CHANGED = "draft: changed since it was reviewed"

_TOP = re.compile(r"^review\s*:", re.MULTILINE)


def without_review_block(text: str) -> str:
    """The manifest text with its top-level `review:` block removed (the rest byte for byte)."""
    m = _TOP.search(text)
    if m is None:
        return text
    lines = text[m.start():].split("\n")
    end = 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t#-"):
        end += 1
    rest = "\n".join(lines[end:])
    return text[:m.start()] + rest


def review_hash(manifest_text: str, scene_texts: Iterable[tuple[str, str]]) -> str:
    """What a reviewer signs: the manifest (without `review:`) and every scene file, as written."""
    h = hashlib.sha256(b"vantage-review\0" + without_review_block(manifest_text).encode("utf-8"))
    for rel, text in scene_texts:  # a scene's own sign-offs are not content either
        h.update(b"\0scene\0" + rel.encode("utf-8") + b"\0" + without_review_block(text).encode("utf-8"))
    return h.hexdigest()[:16]


def scene_review_hash(scene_text: str) -> str:
    """What a reviewer signs in a scene file's own `review:` block: that file, as written."""
    return hashlib.sha256(b"vantage-scene-review\0" + without_review_block(scene_text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ReviewStatus:
    reviewed: bool  # lived experience and (educator or clinician) signed the content as it is now
    current: tuple[str, ...]  # roles whose sign-off covers the content as it is
    stale: tuple[str, ...]  # roles that signed an earlier version
    label: str  # what the picker and `vantage review status` show


def review_status(n: Narrative) -> ReviewStatus:
    extra = getattr(n, "extra", None) or {}  # (stand-ins for a narrative in UI tests have none)
    now = extra.get("review_hash")
    current, stale = [], []
    for entry in extra.get("review", ()):
        role = entry.get("role")
        (current if entry.get("content_hash") == now and now else stale).append(role)
    reviewed = "lived-experience" in current and ("educator" in current or "clinician" in current)
    if reviewed:
        words = " and ".join(sorted(set(current), key=ROLES.index)).replace("-", " ")
        label = f"reviewed ({words})"
    elif stale:
        label = CHANGED
    else:
        label = DRAFT
    return ReviewStatus(reviewed, tuple(dict.fromkeys(current)), tuple(dict.fromkeys(stale)), label)


def scene_status(n: Narrative) -> dict[str, ReviewStatus]:
    """scene id -> the review status of that scene file's own sign-offs (scenes without any are left out)."""
    out = {}
    for sid, info in (getattr(n, "extra", None) or {}).get("scene_reviews", {}).items():
        current = tuple(dict.fromkeys(e.get("role") for e in info["review"] if e.get("content_hash") == info["hash"]))
        stale = tuple(dict.fromkeys(e.get("role") for e in info["review"] if e.get("content_hash") != info["hash"]))
        reviewed = "lived-experience" in current and ("educator" in current or "clinician" in current)
        label = ("reviewed (" + " and ".join(sorted(set(current), key=ROLES.index)).replace("-", " ") + ")"
                 if reviewed else CHANGED if stale else "partly reviewed (" + ", ".join(current) + ")")
        out[sid] = ReviewStatus(reviewed, current, stale, label)
    return out


def stale_sign_offs(manifest: Any, now: str, path: str) -> list[Diagnostic]:
    """V048 for every sign-off of an earlier version of the story (or, for a scene file's block, of that scene)."""
    out = []
    items = manifest.get("review") if hasattr(manifest, "get") else None
    for entry in items or ():
        if not isinstance(entry, dict) or "content_hash" not in entry or entry["content_hash"] == now:
            continue
        line, col = value_mark(entry, "content_hash")
        what = "the story" if "scenes" in manifest else f"scene `{manifest.get('id', '?')}`"
        out.append(Diagnostic(path, line, col, "warning", "V048",
                              f"{what} changed after the {entry.get('role', '?')} review signed on "
                              f"{entry.get('date', '?')}: that sign-off no longer covers it",
                              f"ask for a new review, then `vantage review sign ... --role {entry.get('role', 'ROLE')}`"
                              " (the picker shows the story as a draft until then)"))
    return out
