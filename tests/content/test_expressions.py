"""The condition/effect language: hostile expressions are load-time diagnostics and never run; fuzzing finds no
exception other than ExprError, and every ExprError points inside the text."""
from __future__ import annotations

import string
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content import expr as ex
from game.content import load_narrative
from game.story import Story
from tests.storykit import write_story


def scene_with_condition(cond: str, effect: str = "energy -= 1") -> str:
    quoted = cond.replace("\\", "\\\\").replace('"', '\\"')
    return ("id: s\ntitle: T\nbeats:\n  - id: a\n    choices:\n      - id: go\n        text: Go\n"
            f"        if: \"{quoted}\"\n        effects:\n          - \"{effect}\"\n        ending: good\n"
            "      - id: stay\n        text: Stay\n        ending: bad\n")


_COMPILED_SOURCES: list[str] = []


def _audit(event: str, args: tuple) -> None:
    # eval/exec/compile of a string fires a `compile` audit event with the source text
    if event == "compile" and args and isinstance(args[0], (str, bytes)):
        _COMPILED_SOURCES.append(args[0] if isinstance(args[0], str) else args[0].decode("utf-8", "replace"))


sys.addaudithook(_audit)


def compiled_since(mark: int) -> list[str]:
    return _COMPILED_SOURCES[mark:]


HOSTILE = [
    "__import__('os').system('touch {marker}')",
    "open('{marker}', 'w')",
    "energy.__class__",
    "().__class__.__bases__[0]",
    "(lambda: open('{marker}', 'w'))()",
    "energy[0]",
    "[open('{marker}', 'w') for x in (1,)]",
    "{{x: 1 for x in (1,)}}",
    "9 ** 9 ** 9 ** 9 > 1",
    "energy if brave else 0",
    "exec('open(\"{marker}\", \"w\")')",
    "eval('1')",
    "import os",
    "energy := 3",
    "f'{{energy}}' == 1",
    "energy @ 2",
    "~energy",
    "energy >> 1",
    "\"a\" * 10000000 == 1",
    "(" * 200 + "brave" + ")" * 200,
    "not " * 100 + "brave",
    "-" * 100 + "energy > 1",
    "energy > 1 and " * 60 + "brave",
    "99999999999999999999 > energy",
]


@pytest.mark.parametrize("src", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_condition_is_a_load_time_diagnostic_and_never_runs(tmp_path, src):
    marker = tmp_path / "pwned"
    cond = src.format(marker=marker)
    mark = len(_COMPILED_SOURCES)
    res = load_narrative(write_story(tmp_path, scene=scene_with_condition(cond)), use_cache=False)
    codes = ("V030", "V031", "V032") if len(cond) <= ex.MAX_SOURCE else ("V013",)  # too long: refused unread
    diags = [d for d in res.diagnostics if d.code in codes]
    assert diags and not res.ok, [d.format() for d in res.diagnostics]
    d = diags[0]
    assert d.path.endswith("s.yaml") and d.line == 8
    # the column points inside the quoted expression (which starts at column 14)
    assert 13 <= d.col <= 14 + len(cond), (d.col, cond)
    assert not marker.exists()
    assert not [c for c in compiled_since(mark) if "energy" in c or "brave" in c]


def test_the_audit_hook_sees_eval():
    mark = len(_COMPILED_SOURCES)
    assert eval("energy + 1", {"energy": 1}) == 2
    assert compiled_since(mark) == ["energy + 1"]


@pytest.mark.parametrize("effect", ["energy = __import__('os')", "energy += open('x')", "energy.x = 1",
                                    "energy -= energy ** 99", "brave = lambda: 1", "del energy"])
def test_hostile_effect_is_a_load_time_diagnostic(tmp_path, effect):
    res = load_narrative(write_story(tmp_path, scene=scene_with_condition("brave", effect)), use_cache=False)
    assert any(d.code in ("V030", "V031", "V032") and d.line == 10 for d in res.diagnostics), \
        [d.format() for d in res.diagnostics]
    assert not res.ok


def test_valid_expressions_run_without_eval(tmp_path):
    """Loading and playing a story with conditions and effects never hands their text to eval/exec/compile."""
    scene = scene_with_condition('energy >= 2 and not brave or visited("a") > 3', "energy -= (1 + 2) * 2 / 3")
    path = write_story(tmp_path, scene=scene)
    mark = len(_COMPILED_SOURCES)
    res = load_narrative(path, use_cache=False)
    assert res.ok, [d.format() for d in res.diagnostics]
    story = Story(res.narrative, seed=1)
    story.start()
    story.choose("go")
    assert story.stat("energy") == 3 and story.ending.ending_id == "good"
    assert not [c for c in compiled_since(mark) if "energy" in c]


@pytest.mark.parametrize("src,value", [
    ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("10 / 4", 2.5), ("7 / 0", 0), ("-2 - -3", 1), ("2 - 1 - 1", 0),
    ("energy >= 5 and not brave", True), ("energy > 5 or brave", False), ("not (energy == 5)", False),
    ("brave == false", True), ("brave != true", True), ('visited("a")', 2), ('visited("s.a") >= 2', True),
    ("true and false or true", True), ("energy * 2 == 10", True),
])
def test_evaluation(src, value):
    fn = ex.compile_tree(ex.parse(src), lambda ref: ref if "." in ref else f"s.{ref}")
    assert fn({"energy": 5, "brave": False}, {"s.a": 2}) == value


@pytest.mark.parametrize("src,col", [
    ("energy >= ", 11), ("energy && brave", 8), ("energy = 3", 8), ("(energy > 1", 1), ("energy > 1)", 11),
    ("energy > 1 > 0", 12), ("True", 1), ("energy ! 1", 8), ("visited(kitchen)", 9), ('visited("a", "b")', 12),
    ("énergie > 1", 1), ("energy > 1 # note", 12),
])
def test_syntax_error_columns(src, col):
    with pytest.raises(ex.ExprError) as info:
        ex.parse(src)
    assert info.value.col == col


def test_undeclared_name_column():
    tree = ex.parse("energy > 1 and brvae")
    with pytest.raises(ex.ExprError) as info:
        ex.check_types(tree, {"energy": ex.NUMBER, "brave": ex.BOOL}, lambda ref: None)
    assert info.value.code == "V031" and info.value.col == 16 and "brave" in info.value.hint


def test_effect_value_column_is_shifted_past_the_target():
    with pytest.raises(ex.ExprError) as info:
        ex.parse_effect("energy -= 2 **")
    assert info.value.col == 13


# --- fuzzing ---------------------------------------------------------------------------------------------------

TOKENS = ["energy", "brave", "and", "or", "not", "true", "false", "visited", "(", ")", '"a"', "'s.a'", "1", "2.5",
          "0", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "=", "+=", "-=", "**", ".", ",", "[", "]",
          "lambda", "__import__", "x", "True", "&&", "!", "#", "\\", "\n", "\t", "é", "9" * 13, "{", "}", ":"]


def _check_one(src: str) -> None:
    kinds = {"energy": ex.NUMBER, "brave": ex.BOOL}
    try:
        tree = ex.parse(src)
        kind = ex.check_types(tree, kinds, lambda ref: None if ref in ("a", "s.a") else ("unknown", None))
    except ex.ExprError as exc:
        assert 1 <= exc.col <= len(src) + 1, (src, exc.col)
        assert exc.message
        return
    fn = ex.compile_tree(tree, lambda ref: ref if "." in ref else f"s.{ref}")
    result = fn({"energy": 3, "brave": True}, {"s.a": 1})
    assert isinstance(result, (bool, int, float))
    assert (kind == ex.BOOL) == isinstance(result, bool)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join))
def test_fuzz_token_soup_parses_or_gives_located_error(src):
    _check_one(src)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "éπ\u00a0\u2028", max_size=60))
def test_fuzz_random_text_parses_or_gives_located_error(src):
    _check_one(src)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=12).map(" ".join))
def test_fuzz_effects(src):
    try:
        target, op, tree, vcol = ex.parse_effect("energy += " + src)
    except ex.ExprError as exc:
        assert 1 <= exc.col <= len(src) + 11
    else:
        # the value's column is where its first character stands, after any spaces
        assert target == "energy" and op == "+=" and vcol == 11 + len(src) - len(src.lstrip())


BIG = "*".join(["999999999999"] * 26)  # fits in 500 characters, overflows a float


@pytest.mark.parametrize("src", [f"{BIG} / 3", f"1.5 * {BIG}", f"1.5 * {BIG} * 0", f"-{BIG} / 7", f"0 - {BIG}",
                                 f"({BIG[:200]}) / 0.000001"])
def test_huge_arithmetic_stays_finite(src):
    assert len(src) <= ex.MAX_SOURCE
    value = ex.compile_tree(ex.parse(src), lambda ref: ref)({}, {})
    assert value == value and abs(value) < float("inf")


def test_huge_effect_plays_and_clamps(tmp_path):
    for effect, expected in ((f"energy = {BIG} / 3", 10), (f"energy = 1.5 * {BIG} * 0", 0),
                             (f"energy -= 1.5 * {BIG}", 0)):
        res = load_narrative(write_story(tmp_path, scene=scene_with_condition("brave or true", effect)),
                             use_cache=False)
        assert res.ok, [d.format() for d in res.diagnostics]
        story = Story(res.narrative)
        story.start()
        story.choose("go")
        assert story.stat("energy") == expected
