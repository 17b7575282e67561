"""The JSON Schema editors use agrees with the loader: `vantage schema` equals the committed files, is valid
draft-07, accepts the bundled content, and rejects what the loader rejects for shape."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.content import load_narrative
from game.content.schema import SCENE_SCHEMA
from game.content.yamlwalk import load_document
from tests.storykit import write_story
from tools.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "docs" / "schema"


def schema_output(capsys, kind: str) -> str:
    assert main(["schema", kind]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("kind", ["narrative", "scene"])
def test_printed_schema_equals_the_committed_file(capsys, kind):
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert schema_output(capsys, kind) == committed, "run `vantage schema --write docs/schema` and commit"


@pytest.mark.parametrize("kind", ["narrative", "scene"])
def test_schema_is_valid_draft_07(capsys, kind):
    schema = json.loads(schema_output(capsys, kind))
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_unknown_kind_is_a_usage_error(capsys):
    assert main(["schema", "poem"]) == 2
    assert "poem" in capsys.readouterr().err


def test_write_writes_both(tmp_path, capsys):
    assert main(["schema", "--write", str(tmp_path)]) == 0
    for kind in ("narrative", "scene"):
        assert (tmp_path / f"{kind}.schema.json").read_text() == (SCHEMA_DIR / f"{kind}.schema.json").read_text()


def _validator(kind: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("story", sorted(p.stem for p in (SCHEMA_DIR.parent.parent / "narratives").glob("*.yaml")))
def test_bundled_content_validates_against_the_committed_schema(story):
    """What a writer's editor checks as they type (the yaml-language-server line at the top of each file)."""
    n = load_narrative(story, use_cache=False).narrative
    files = [(Path(n.path), "narrative")] + [(Path(s.path), "scene") for s in n.scenes.values()]
    assert len(files) >= 4
    for path, kind in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = list(_validator(kind).iter_errors(doc))
        assert not errors, (path, [e.message for e in errors])


GOOD_SCENE = {"id": "s", "title": "T", "beats": [{"id": "a", "choices": [
    {"id": "go", "text": "Go", "ending": "good"}, {"id": "stay", "text": "Stay", "ending": "bad"}]}]}


def _bad(mutate):
    doc = json.loads(json.dumps(GOOD_SCENE))
    mutate(doc)
    return doc


BAD_SCENES = {
    "unknown key": _bad(lambda d: d.update(titel="T")),
    "missing title": _bad(lambda d: d.pop("title")),
    "missing beats": _bad(lambda d: d.pop("beats")),
    "empty beats": _bad(lambda d: d.update(beats=[])),
    "title is a list": _bad(lambda d: d.update(title=["a"])),
    "mood not allowed": _bad(lambda d: d.update(mood="angry")),
    "id with capitals": _bad(lambda d: d.update(id="Scene")),
    "ten choices": _bad(lambda d: d["beats"][0].update(choices=[{"id": f"c{i}", "text": "x", "ending": "good"}
                                                                for i in range(10)])),
    "once is text": _bad(lambda d: d["beats"][0]["choices"][0].update(once="maybe")),
    "choice without text": _bad(lambda d: d["beats"][0]["choices"][0].pop("text")),
    "intensity above 1": _bad(lambda d: d["beats"][0].update(lines=[{"perceive": {"effect": "blur",
                                                                                  "intensity": 2}}])),
    "unknown effect": _bad(lambda d: d["beats"][0].update(lines=[{"perceive": {"effect": "glow",
                                                                               "intensity": 0.5}}])),
    "duration zero": _bad(lambda d: d["beats"][0].update(lines=[{"perceive": {"effect": "blur", "intensity": 0.5,
                                                                              "duration": 0}}])),
    "empty text": _bad(lambda d: d["beats"][0]["choices"][0].update(text="")),
    "goto with spaces": _bad(lambda d: d["beats"][0]["choices"][0].update(goto="the kitchen")),
    "condition too long": _bad(lambda d: d["beats"][0]["choices"][0].update({"if": "brave or " * 70 + "brave"})),
    "effects not a list": _bad(lambda d: d["beats"][0].update(effects="energy -= 1")),
}


@pytest.mark.parametrize("name", sorted(BAD_SCENES))
def test_loader_and_jsonschema_reject_the_same_bad_shapes(tmp_path, name):
    doc = BAD_SCENES[name]
    assert list(_validator("scene").iter_errors(doc)), f"jsonschema accepts {name}"
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    diags: list = []
    load_document(path, SCENE_SCHEMA, diags, "the scene")
    assert [d for d in diags if d.code in ("V010", "V011", "V012", "V013")], f"the loader accepts {name}"


def test_the_good_scene_is_accepted_by_both(tmp_path):
    assert not list(_validator("scene").iter_errors(GOOD_SCENE))
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(GOOD_SCENE), encoding="utf-8")
    diags: list = []
    value, _ = load_document(path, SCENE_SCHEMA, diags, "the scene")
    assert diags == [] and value == GOOD_SCENE


def test_editor_and_check_agree_on_yes_for_true_and_on_one_way_on(tmp_path):
    """Issue 12: the editor flagged `once: yes`, which check accepts; and it missed what check reports about
    `requires` without `locked_reason` and about a beat or choice with two ways on (or none)."""
    v = _validator("scene")

    def scene(beat):
        return {"id": "s", "title": "S", "beats": [beat]}

    ok = {"id": "a", "choices": [{"id": "go", "text": "Go", "once": "yes", "ending": "good"}]}  # YAML 1.2 reads text
    assert not list(v.iter_errors(scene(ok)))
    for bad in (
        {"id": "a", "choices": [{"id": "go", "text": "Go", "requires": "energy > 1", "ending": "good"}]},
        {"id": "a", "choices": [{"id": "go", "text": "Go", "goto": "b", "ending": "good"}]},
        {"id": "a", "choices": [{"id": "go", "text": "Go"}]},
        {"id": "a", "goto": "b", "ending": "good"},
        {"id": "a"},
    ):
        assert list(v.iter_errors(scene(bad))), bad
        res = load_narrative(write_story(tmp_path, scene=yaml.safe_dump(scene(bad))), use_cache=False)
        assert not res.ok, bad  # check refuses it too


def test_debrief_prompts_text_or_text_with_when_in_both_and_bad_shapes_refused_by_both(tmp_path):
    """A prompt is a text or {text, when}: the editor's schema and the loader agree on good and bad prompts."""
    from game.content.schema import NARRATIVE_SCHEMA
    v = _validator("narrative")
    feed = yaml.safe_load((ROOT / "narratives" / "the-feed.yaml").read_text(encoding="utf-8"))
    for f in feed["debrief"]["facts"]:  # YAML 1.1 reads 2026-12-05 as a date; editors (YAML 1.2) read text
        f["checked"] = str(f["checked"])
    assert any(isinstance(p, dict) for p in feed["debrief"]["prompts"])  # the bundled story uses the mapping form
    assert not list(v.iter_errors(feed))
    for bad in ({"txt": "A typo in the key", "when": "ending == \"x\""}, {"when": "ending == \"x\""},
                {"text": "Empty when", "when": ""}, {"text": ["a", "list"]}):
        doc = json.loads(json.dumps(feed))
        doc["debrief"]["prompts"].append(bad)
        assert list(v.iter_errors(doc)), f"jsonschema accepts {bad!r}"
        path = tmp_path / "n.yaml"
        path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        diags: list = []
        load_document(path, NARRATIVE_SCHEMA, diags, "the narrative")
        assert [d for d in diags if d.code in ("V010", "V011", "V012", "V013")], f"the loader accepts {bad!r}"
