"""Whatever a file holds, loading it gives diagnostics or a model, never an exception: random text, random
structures dumped as YAML, and the official YAML test suite."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content import load_narrative
from game.content.schema import SCENE_SCHEMA
from game.content.yamlwalk import load_document
from tests.storykit import NARRATIVE, SCENE, write_story
from tools.check import check

FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _assert_sane(res) -> None:
    for d in res.diagnostics:
        assert d.code.startswith("V") and d.severity in ("error", "warning")
        assert d.line >= 0 and d.col >= 0
    if res.narrative is None:
        assert any(d.is_error for d in res.diagnostics)


YAML_CHARS = st.sampled_from(list("abc:-[]{},#&*!|>'\"%@`? \n\t0123456789.") + ["id", "beats", "title", "- id: ",
                                                                               "  ", "\ufeff", "é", "\x85"])


@FUZZ
@given(st.lists(YAML_CHARS, max_size=60).map("".join))
def test_random_text_as_a_scene(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("fz")
    res = load_narrative(write_story(root, scene=text), use_cache=False)
    _assert_sane(res)


@FUZZ
@given(st.lists(YAML_CHARS, max_size=60).map("".join))
def test_random_text_as_a_narrative(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("fz")
    res = load_narrative(write_story(root, narrative=text), use_cache=False)
    _assert_sane(res)


# random structures in the shape of story files: known keys with random values, so the checks past the shape run
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 20), st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from(["a", "s.a", "good", "bad", "energy > 2", "brave", "energy -= 1", "jo", "", "x.y.z",
                                     "brave = true", "visited(\"a\")", "12:30", "no", "Go"]))
KEYS = st.sampled_from(["id", "text", "goto", "ending", "if", "requires", "locked_reason", "once", "effects", "lines",
                        "narrate", "say", "speaker", "thought", "perceive", "effect", "intensity", "duration",
                        "choices", "branch", "prompt", "beats", "title", "mood", "background", "caption", "zzz"])
TREES = st.recursive(SCALARS, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                     st.dictionaries(KEYS, kids, max_size=5)), max_leaves=25)


@FUZZ
@given(st.fixed_dictionaries({"id": st.sampled_from(["s", "S", 3]), "title": SCALARS,
                              "beats": st.lists(st.dictionaries(KEYS, TREES, max_size=6).map(
                                  lambda d: {"id": "a", **d}), max_size=3)}))
def test_random_scene_structures(tmp_path_factory, doc):
    root = tmp_path_factory.mktemp("fz")
    res = load_narrative(write_story(root, scene=yaml.safe_dump(doc, allow_unicode=True)), use_cache=False)
    _assert_sane(res)


@FUZZ
@given(st.dictionaries(st.sampled_from(["stats", "flags", "characters", "endings", "start", "scenes", "debrief",
                                        "audience", "questionnaires", "zzz"]), TREES, max_size=3))
def test_random_narrative_structures(tmp_path_factory, replace):
    base = yaml.safe_load(NARRATIVE.replace("{scenes}", "  - ../scenes/s.yaml").replace("{extra}", ""))
    base.update(replace)
    root = tmp_path_factory.mktemp("fz")
    res = load_narrative(write_story(root, scene=SCENE, narrative=yaml.safe_dump(base)), use_cache=False)
    _assert_sane(res)


# --- the official YAML test suite ---------------------------------------------------------------------------------

def _corpus(shared: Path) -> tuple[Path, dict[str, bool]]:
    base = shared / "yaml-test-suite"
    with open(base / "manifest.tsv", encoding="utf-8") as fh:
        errors = {row["case_id"]: row["error"] == "true" for row in csv.DictReader(fh, delimiter="\t")}
    return base / "flat", errors


def _all_files(flat: Path) -> list[Path]:
    return sorted((flat / "valid").glob("*.yaml")) + sorted((flat / "invalid").glob("*.yaml"))


def test_corpus_invalid_yaml_gives_located_diagnostics(shared_corpora):
    """Every case the suite marks as an error gives a diagnostic with a line, as a narrative and as a scene.

    The error flag is taken from manifest.tsv: the flat/valid and flat/invalid folders do not agree with it
    (flat/invalid holds many valid cases), so the folder name is not trusted."""
    flat, errors = _corpus(shared_corpora)
    files = [p for p in _all_files(flat) if errors.get(p.stem)]
    assert len(files) >= 90
    for p in files:
        res = load_narrative(p, use_cache=False)
        assert not res.ok, p
        assert any(d.is_error and d.line >= 1 for d in res.diagnostics), (p, [d.format() for d in res.diagnostics])
        diags: list = []
        value, _ = load_document(p, SCENE_SCHEMA, diags, "the scene")
        assert any(d.is_error and d.line >= 1 for d in diags), p


def test_corpus_every_file_loads_or_gives_diagnostics(shared_corpora):
    """Every file of both folders, through load_narrative and through `vantage check`'s check()."""
    flat, _ = _corpus(shared_corpora)
    files = _all_files(flat)
    assert len(files) >= 400
    for p in files:
        res = load_narrative(p, use_cache=False)
        _assert_sane(res)
        assert res.diagnostics or res.ok, p
    diags = check(files)
    assert {p.resolve() for p in files} <= {Path(d.path).resolve() for d in diags}


def test_corpus_each_file_through_check(shared_corpora):
    flat, errors = _corpus(shared_corpora)
    for p in _all_files(flat):
        diags = check([p])
        assert diags, p  # none of these is a Vantage story: each gives at least one diagnostic
        assert all(d.line >= 0 for d in diags)
        if errors.get(p.stem):
            assert any(d.is_error and d.line >= 1 for d in diags), p
