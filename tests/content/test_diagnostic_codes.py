"""Every diagnostic code, caught in a small bad story at the line and column a writer would look at.

Each row is a minimal narrative + scene with one mistake: (file, code, line, col) must be among the diagnostics.
"""
from __future__ import annotations

import os
import re
import struct
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from game.content import CODES, load_narrative
from tests.content.story_cases import storytelling_cases
from tests.storykit import NARRATIVE, SCENE, dedent, stand_in_asset, write_story

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Case:
    name: str
    code: str
    where: str  # "scene" (scenes/s.yaml), "narrative" (narratives/t.yaml) or a scene file name
    line: int
    col: int
    scene: str | None = SCENE
    narrative: str | None = None
    scenes: dict[str, str] = field(default_factory=dict)
    extra: str = ""
    severity: str = "error"
    assets: tuple[str, ...] = ()


def scene_with(beats: str, head: str = "id: s\ntitle: Scene S\n") -> str:
    return head + "beats:\n" + textwrap.indent(dedent(beats), "  ")


NARR_LINES = NARRATIVE.splitlines()


def narr_line(prefix: str) -> int:
    """1-based line of the base narrative that starts with prefix (so the table survives edits of the base)."""
    return next(i for i, ln in enumerate(NARR_LINES, 1) if ln.startswith(prefix))


CASES = [
    # V001: a listed scene file that does not exist is reported where it is listed
    Case("missing scene file", "V001", "narrative", narr_line("scenes:") + 2, 5,
         extra="", scenes={}, narrative=NARRATIVE.replace("{scenes}", "{scenes}\n  - ../scenes/nope.yaml")),
    Case("scene file saved as UTF-16", "V001", "u16.yaml", 1, 1, scenes={"u16.yaml": "\ufeffid: u\n"}),
    # V002: YAML syntax, at the colon that breaks it
    Case("colon in plain text", "V002", "scene", 5, 18, scene=scene_with("""
        - id: a
          prompt: Where: here
          ending: good
    """)),
    Case("tab indentation", "V002", "scene", 4, 1, scene="id: s\ntitle: T\nbeats:\n\t- id: a\n"),
    # V003: anchors, aliases and tags
    Case("alias to a mapping", "V003", "scene", 7, 5, scene=scene_with("""
        - &first
          id: a
          ending: good
        - *first
    """)),
    Case("alias to a scalar", "V003", "scene", 5, 13, scene=scene_with("""
        - id: a
          prompt: &p Hello
          lines:
            - narrate: *p
          ending: good
    """)),
    Case("python tag", "V003", "scene", 2, 8, scene="id: s\ntitle: !!python/object/apply:os.system [ls]\n"
         "beats:\n  - id: a\n    ending: good\n"),
    # V004: nesting
    Case("deep flow nesting", "V004", "scene", 2, 8 + 47, scene="id: s\ntitle: " + "[" * 5000 + "]" * 5000 + "\n"),
    # V005: duplicate key, at the second one
    Case("duplicate key", "V005", "scene", 6, 5, scene=scene_with("""
        - id: a
          ending: good
          ending: bad
    """)),
    # V010: unknown key (a typo), at the key
    Case("unknown key", "V010", "scene", 5, 5, scene=scene_with("""
        - id: a
          promt: Hello
          ending: good
    """)),
    # V011: missing key, at the mapping that lacks it
    Case("scene without title", "V011", "scene", 1, 1, scene="id: s\nbeats:\n  - id: a\n    ending: good\n"),
    Case("requires without locked_reason", "V011", "scene", 8, 9, scene=scene_with("""
        - id: a
          choices:
            - id: go
              text: Go
              requires: energy > 2
              ending: good
            - id: stay
              text: Stay
              ending: bad
    """)),
    # V012: wrong type, at the value
    Case("once is not a boolean", "V012", "scene", 8, 15, scene=scene_with("""
        - id: a
          choices:
            - id: go
              text: Go
              once: maybe
              ending: good
    """)),
    # V013: invalid value
    Case("mood not in the list", "V013", "scene", 3, 7, scene="id: s\ntitle: T\nmood: angry\n"
         "beats:\n  - id: a\n    ending: good\n"),
    Case("id with capitals", "V013", "scene", 4, 9, scene=scene_with("""
        - id: Kitchen
          ending: good
    """)),
    # V020: duplicate id, at the second one
    Case("beat id twice", "V020", "scene", 6, 9, scene=scene_with("""
        - id: a
          goto: a
        - id: a
          ending: good
    """)),
    # V021: goto to an unknown beat, at the target
    Case("goto unknown beat", "V021", "scene", 5, 11, scene=scene_with("""
        - id: a
          goto: kitchn
    """)),
    Case("start names an unknown scene", "V021", "narrative", narr_line("start:"), 8,
         narrative=NARRATIVE.replace("start: s.a", "start: x.a")),
    # V022: unknown speaker
    Case("unknown speaker", "V022", "scene", 7, 18, scene=scene_with("""
        - id: a
          lines:
            - say: Hi
              speaker: joe
          ending: good
    """)),
    # V025: a misspelt questionnaire id (it would silently skip the questions in class)
    Case("unknown questionnaire", "V025", "narrative", narr_line("{extra}") + 1, 8,
         extra="questionnaires:\n  pre: attitudes-shrt\n  post: attitudes-short\n"),
    # V023: unknown ending
    Case("unknown ending", "V023", "scene", 5, 13, scene=scene_with("""
        - id: a
          ending: goood
    """)),
    # V030: expression syntax error, column inside the expression (plain and quoted scalars)
    Case("python power in a condition", "V030", "scene", 8, 20, scene=scene_with("""
        - id: a
          choices:
            - id: go
              text: Go
              if: energy ** 2 > 3
              ending: good
            - id: stay
              text: Stay
              ending: bad
    """)),
    Case("quoted condition with &&", "V030", "scene", 8, 25, scene=scene_with("""
        - id: a
          choices:
            - id: go
              text: Go
              if: "energy > 2 && brave"
              ending: good
            - id: stay
              text: Stay
              ending: bad
    """)),
    Case("bad effect", "V030", "scene", 6, 9, scene=scene_with("""
        - id: a
          effects:
            - energy + 1
          ending: good
    """)),
    # V031: undeclared name, at the name
    Case("misspelt stat in a condition", "V031", "scene", 8, 28, scene=scene_with("""
        - id: a
          choices:
            - id: go
              text: Go
              if: energy > 2 and enrgy < 9
              ending: good
            - id: stay
              text: Stay
              ending: bad
    """)),
    Case("misspelt stat in an effect", "V031", "scene", 6, 9, scene=scene_with("""
        - id: a
          effects:
            - enrgy -= 1
          ending: good
    """)),
    # V032: type mismatch
    Case("number used as a condition", "V032", "scene", 7, 13, scene=scene_with("""
        - id: a
          lines:
            - narrate: Hi
              if: energy
          ending: good
    """)),
    Case("flag incremented", "V032", "scene", 6, 9, scene=scene_with("""
        - id: a
          effects:
            - brave += 1
          ending: good
    """)),
    Case("number and flag compared", "V032", "scene", 7, 20, scene=scene_with("""
        - id: a
          lines:
            - narrate: Hi
              if: energy == brave
          ending: good
    """)),
    # V033: visited() of an unknown beat, at the quoted name
    Case("visited unknown beat", "V033", "scene", 7, 21, scene=scene_with("""
        - id: a
          lines:
            - narrate: Hi
              if: visited("kitchen")
          ending: good
    """)),
    # V040 (warning): a beat nothing leads to
    Case("unreachable beat", "V040", "scene", 6, 9, severity="warning", scene=scene_with("""
        - id: a
          ending: good
        - id: lost
          ending: bad
    """)),
    # V041: a beat with no way on
    Case("beat without a way on", "V041", "scene", 4, 9, scene=scene_with("""
        - id: a
          lines:
            - narrate: And then nothing.
    """)),
    Case("branch without else", "V041", "scene", 6, 9, scene=scene_with("""
        - id: a
          branch:
            - if: brave
              ending: good
    """)),
    # V042: a loop with no way out
    Case("loop without an ending", "V042", "scene", 12, 9, scene=scene_with("""
        - id: a
          choices:
            - id: go
              text: Go
              goto: b
            - id: stay
              text: Stay
              ending: good
        - id: b
          choices:
            - id: round
              text: Round
              goto: c
        - id: c
          goto: b
    """) + "  - id: d\n    ending: bad\n"),
    # V043: every choice can be locked at once, reported at the menu
    Case("all choices lockable", "V043", "scene", 5, 5, scene=scene_with("""
        - id: a
          choices:
            - id: go
              text: Go
              requires: energy > 5
              locked_reason: Too tired.
              ending: good
            - id: stay
              text: Stay
              if: energy < 3
              ending: bad
    """)),
    # V044 (warning): an effect beyond the stat's range
    Case("effect beyond range", "V044", "scene", 6, 18, severity="warning", scene=scene_with("""
        - id: a
          effects:
            - energy = 20
          choices:
            - id: go
              text: Go
              ending: good
            - id: stay
              text: Stay
              ending: bad
    """)),
    # V045 (warning): an ending nothing leads to, at its declaration
    Case("ending never reached", "V045", "narrative", narr_line("  bad:"), 3, severity="warning",
         scene=scene_with("""
        - id: a
          ending: good
    """)),
    # V046 (warning): a menu of once-only choices the story comes back to
    Case("once-only menu on a loop", "V046", "scene", 5, 5, severity="warning", scene=scene_with("""
        - id: a
          choices:
            - id: look
              text: Look around
              once: true
              goto: a
            - id: leave
              text: Leave
              once: yes
              ending: good
    """) + "  - id: z\n    ending: bad\n"),
    # V050 / V051: assets
    Case("missing background", "V050", "scene", 3, 13, scene="id: s\ntitle: T\nbackground: backgrounds/bus.png\n"
         "beats:\n  - id: a\n    choices:\n      - {id: go, text: Go, ending: good}\n"
         "      - {id: stay, text: Stay, ending: bad}\n"),
    Case("background in the wrong case", "V051", "scene", 3, 13, assets=("backgrounds/Bus.png",),
         scene="id: s\ntitle: T\nbackground: backgrounds/bus.png\n"
         "beats:\n  - id: a\n    choices:\n      - {id: go, text: Go, ending: good}\n"
         "      - {id: stay, text: Stay, ending: bad}\n"),
    # V006: a scene path outside the story's folders is refused where it is listed, never read
    Case("absolute scene path", "V006", "narrative", narr_line("scenes:") + 2, 5,
         narrative=NARRATIVE.replace("{scenes}", "{scenes}\n  - /etc/passwd")),
    Case("scene path escaping with ..", "V006", "narrative", narr_line("scenes:") + 2, 5,
         narrative=NARRATIVE.replace("{scenes}", "{scenes}\n  - ../../outside.yaml")),
    # V007: a scene file that is a named pipe is refused without opening it (it would block for ever)
    Case("scene file is a FIFO", "V007", "fifo.yaml", 0, 0, scenes={"fifo.yaml": ""}),
    # V008 (warning): a one-word line of a million characters (the window would spend minutes wrapping it)
    Case("one-word line of 1 MB", "V008", "scene", 6, 18, severity="warning", scene=scene_with(
        "- id: a\n  lines:\n    - narrate: " + "x" * 1_000_000 + "\n  ending: good\n")),
    # V009: a NUL written as an escape in quotes (no font draws it), at the text that holds it
    Case("NUL escape in a line", "V009", "scene", 6, 18, scene=scene_with(
        '- id: a\n  lines:\n    - narrate: "The bus\\0 is late."\n  ending: good\n')),
    # V026: a picture whose header claims 30000 x 30000 pixels (3.6 GB to decode), refused before decoding
    Case("picture claiming 30000 x 30000", "V026", "scene", 3, 13, assets=("huge.png",),
         scene="id: s\ntitle: T\nbackground: huge.png\n"
         "beats:\n  - id: a\n    choices:\n      - {id: go, text: Go, ending: good}\n"
         "      - {id: stay, text: Stay, ending: bad}\n"),
    # V047: a teaching assertion naming an ending that does not exist, at the name
    Case("tests: unknown ending", "V047", "narrative", narr_line("debrief:") + 7, 13,
         extra="tests:\n  - ending: god\n    min_percent: 10\n"),
    # V048 (warning): a sign-off of different content, at its hash
    Case("review of older content", "V048", "narrative", narr_line("debrief:") + 9, 19, severity="warning",
         extra="review:\n  - role: educator\n    date: \"2026-01-01\"\n    content_hash: 0123456789abcdef\n"),
    # V049 (warning): unquoted text cut short by ` #`, at the `#`
    Case("text lost to a comment", "V049", "scene", 6, 33, severity="warning", scene=scene_with("""
        - id: a
          lines:
            - narrate: The group chat #year10 #squad has 31 people.
          choices:
            - id: go
              text: Go
              ending: good
            - id: stay
              text: Stay
              ending: bad
    """)),
    # V084-V087: debrief prompts that fit the path taken (`when`, with `ending`), each at the place to change
    Case("debrief when: ending misspelt", "V084", "narrative", narr_line("debrief:") + 4, 23,
         narrative=NARRATIVE.replace("    - What happened?\n", "    - What happened?\n    - text: Well?\n"
                                     "      when: ending == \"god\"\n")),
    Case("debrief when: quoted, ending misspelt after a flag", "V084", "narrative", narr_line("debrief:") + 4, 24,
         narrative=NARRATIVE.replace("    - What happened?\n", "    - What happened?\n    - text: Well?\n"
                                     "      when: 'brave and \"bda\" != ending'\n")),
    Case("ending in a choice's if", "V085", "scene", 8, 13, scene=scene_with("""
        - id: a
          choices:
            - id: go
              text: Go
              if: ending == "good"
              ending: good
            - id: stay
              text: Stay
              ending: bad
    """)),
    Case("ending in an effect", "V085", "scene", 8, 27, scene=scene_with("""
        - id: a
          choices:
            - id: go
              text: Go
              effects: [brave = ending]
              ending: good
            - id: stay
              text: Stay
              ending: bad
    """)),
    Case("flag called ending", "V086", "narrative", narr_line("  brave:") + 1, 3,
         narrative=NARRATIVE.replace("  brave: false\n", "  brave: false\n  ending: false\n")),
    Case("no prompt after an ending", "V087", "narrative", narr_line("debrief:") + 1, 3, severity="warning",
         narrative=NARRATIVE.replace("    - What happened?\n", "    - text: Well?\n      when: ending == \"good\"\n")),
    # the expression codes inside a `when`, at their column
    Case("debrief when: && for and", "V030", "narrative", narr_line("debrief:") + 4, 19,
         narrative=NARRATIVE.replace("    - What happened?\n", "    - What happened?\n    - text: Well?\n"
                                     "      when: brave && ending == \"good\"\n")),
    Case("debrief when: misspelt flag", "V031", "narrative", narr_line("debrief:") + 4, 34,
         narrative=NARRATIVE.replace("    - What happened?\n", "    - What happened?\n    - text: Well?\n"
                                     "      when: ending == \"good\" and bravo\n")),
    Case("debrief when: visited without its scene", "V033", "narrative", narr_line("debrief:") + 4, 21,
         narrative=NARRATIVE.replace("    - What happened?\n", "    - What happened?\n    - text: Well?\n"
                                     "      when: visited(\"a\") > 0\n")),
    # V060: a scene file listed twice
    Case("scene listed twice", "V060", "narrative", narr_line("scenes:") + 2, 5,
         narrative=NARRATIVE.replace("{scenes}", "{scenes}\n  - ../scenes/s.yaml")),
]


# a PNG signature and an IHDR chunk declaring 30000 x 30000 pixels, 8-bit RGBA (the rest never read)
HUGE_PNG_HEAD = b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sIIBBBBB", 13, b"IHDR", 30000, 30000, 8, 6, 0, 0, 0)
CASES += storytelling_cases(Case, scene_with)




def _load(tmp_path: Path, case: Case):
    path = write_story(tmp_path, scene=case.scene, narrative=case.narrative, scenes=case.scenes, extra=case.extra)
    for rel in case.assets:
        target = tmp_path / "assets" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(HUGE_PNG_HEAD if rel == "huge.png" else stand_in_asset(rel))
    if "fifo.yaml" in case.scenes:
        (tmp_path / "scenes" / "fifo.yaml").unlink()
        os.mkfifo(tmp_path / "scenes" / "fifo.yaml")
    if "u16.yaml" in case.scenes:
        (tmp_path / "scenes" / "u16.yaml").write_bytes(case.scenes["u16.yaml"].encode("utf-16"))
    return load_narrative(path, use_cache=False)


def _file_of(case: Case) -> str:
    if case.where == "scene":
        return "scenes/s.yaml"
    if case.where == "narrative":
        return "narratives/t.yaml"
    return "scenes/" + case.where


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}-{c.name}" for c in CASES])
def test_bad_story_gives_code_at_place(tmp_path, case):
    res = _load(tmp_path, case)
    want = (_file_of(case), case.code, case.line, case.col, case.severity)
    got = [(Path(d.path).resolve().relative_to(tmp_path.resolve()).as_posix(), d.code, d.line, d.col, d.severity)
           for d in res.diagnostics]
    assert want in got, "\n".join(d.format() for d in res.diagnostics)
    if case.severity == "error":
        assert not res.ok


def test_the_base_story_is_clean(tmp_path):
    res = load_narrative(write_story(tmp_path), use_cache=False)
    assert res.ok and res.diagnostics == [], [d.format() for d in res.diagnostics]


def test_every_code_has_a_row():
    from tests.content.test_map_scenes import MAP_CASES  # map scenes have their own table (they need a map)
    from tests.content.test_maps import EXPECTED  # and maps alone: the corpus, plus hostile files there
    from tests.content.test_helplines import HELP_CASES  # help files by country have their own table
    from tests.tools.test_translate import T_CASES  # translations are checked by `vantage check`: their own table
    map_rows = {c.code for c in MAP_CASES} | set(EXPECTED.values()) | {"V100", "V101", "V109", "V116", "V117", "V118"}
    help_rows = {c[3] for c in HELP_CASES} | {"V134"}  # V134 (no INT.yaml) is about a folder: its own test
    assert set(CODES) - {c.code for c in CASES} - map_rows - help_rows - {c.code for c in T_CASES} == {"V024"}


def test_unknown_narrative_name():
    res = load_narrative("no-such-story")
    assert not res.ok
    assert [d.code for d in res.diagnostics] == ["V024"]


def test_misspelt_bundled_narrative_suggests_the_right_one():
    res = load_narrative("morning-buss")
    assert res.diagnostics[0].code == "V024" and "morning-bus" in (res.diagnostics[0].hint or "")


def test_every_code_is_documented():
    doc = ROOT / "docs" / "diagnostics.md"
    assert doc.is_file(), "docs/diagnostics.md is missing: writers look codes up there"
    text = doc.read_text(encoding="utf-8")
    missing = [code for code in CODES if not re.search(rf"\b{code}\b", text)]
    assert not missing, f"codes not explained in docs/diagnostics.md: {missing}"


def test_diagnostics_carry_hints_for_typos(tmp_path):
    scene = scene_with("""
        - id: a
          goto: kitchn
        - id: kitchen
          ending: good
    """)
    res = load_narrative(write_story(tmp_path, scene=scene), use_cache=False)
    v021 = [d for d in res.diagnostics if d.code == "V021"]
    assert v021 and "kitchen" in (v021[0].hint or "")


CLEAN = {
    "complementary stat conditions": """
        - id: a
          choices:
            - id: go
              text: Go
              requires: energy > 5
              locked_reason: Too tired.
              ending: good
            - id: stay
              text: Stay
              if: energy <= 5
              ending: bad
    """,
    "flag and its negation": """
        - id: a
          choices:
            - id: go
              text: Go
              if: brave
              ending: good
            - id: stay
              text: Stay
              if: not brave
              ending: bad
    """,
    "visit counts": """
        - id: a
          choices:
            - id: again
              text: Again
              if: visited("a") < 3
              goto: a
            - id: go
              text: Go
              if: visited("s.a") >= 3
              ending: good
            - id: stay
              text: Stay
              if: visited("a") >= 5
              ending: bad
    """,
    "loop with a way out and a once-only extra": """
        - id: a
          choices:
            - id: look
              text: Look
              once: true
              goto: b
            - id: go
              text: Go
              ending: good
        - id: b
          branch:
            - if: energy > 3
              goto: a
            - ending: bad
    """,
}


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_good_stories_give_no_false_alarms(tmp_path, name):
    res = load_narrative(write_story(tmp_path, scene=scene_with(CLEAN[name])), use_cache=False)
    assert res.ok and res.diagnostics == [], [d.format() for d in res.diagnostics]


def test_first_visit_and_later_visits_are_not_a_stuck_menu(tmp_path):
    """At a beat's own menu its visit count is at least 1: `== 1` / `> 1` always leaves a choice."""
    scene = scene_with("""
        - id: a
          choices:
            - id: look
              text: Look around
              if: visited("a") == 1
              goto: a
            - id: leave
              text: Leave
              if: visited("a") > 1
              ending: good
        - id: z
          ending: bad
    """)
    res = load_narrative(write_story(tmp_path, scene=scene), use_cache=False)
    assert "V043" not in [d.code for d in res.diagnostics], [d.format() for d in res.diagnostics]


def test_visit_thresholds_beyond_two_are_searched(tmp_path):
    """Stuck only on the sixth visit: the search must try visit counts around the constants written."""
    scene = scene_with("""
        - id: a
          choices:
            - id: look
              text: Look around
              if: visited("a") <= 5
              goto: a
            - id: leave
              text: Leave
              if: visited("a") > 6
              ending: good
        - id: z
          ending: bad
    """)
    res = load_narrative(write_story(tmp_path, scene=scene), use_cache=False)
    assert ("V043", 5, 5) in [(d.code, d.line, d.col) for d in res.diagnostics], [d.format() for d in res.diagnostics]
