"""`vantage lint` (and `check`): stigmatising words, unsafe messaging about suicide and self-harm, themes that need
content notes and help; `lint: allow` with a reason; narration and dialogue treated differently; rules are data with
cited sources; every code documented; bundled stories clean."""
from __future__ import annotations

import json
import re
from pathlib import Path

from tests.storykit import NARRATIVE, dedent, write_story
from tools.check import check
from tools.cli import main
from tools.lint import lint_narrative, load_rules

DOCS = Path(__file__).resolve().parents[2] / "docs"

TRIP_SCENE = dedent("""
    id: s
    title: Scene S
    beats:
      - id: a
        lines:
          - narrate: The new kid is crazy, everyone says.
          - say: She's such a psycho, she should just kill herself.
            speaker: jo
          - say: Total nutter.
            speaker: jo
            lint:
              allow: [L002]
              reason: Jo's taunt; Alex's thought answers it and the debrief asks about it.
          - thought: Her cousin committed suicide last year.
          - thought: Everyone would be better off without me.
          - narrate: Nobody looks up.
            lint:
              allow: [L001]
              reason: Left over from an older draft of this line.
        choices:
          - id: go
            text: Tell them it's crazy talk
            ending: good
          - id: stay
            text: Say nothing
            ending: bad
    """)


def trip(tmp_path, narrative: str | None = None):
    path = write_story(tmp_path, scene=TRIP_SCENE, narrative=narrative)
    n, found = lint_narrative(path, use_cache=False)
    assert n is not None
    return path, found


def codes_at(found, path_end: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.col) for d in found if d.path.endswith(path_end)]


def test_the_trip_story_is_caught_line_by_line(tmp_path):
    _, found = trip(tmp_path)
    got = codes_at(found, "s.yaml")
    assert ("L001", 6, 33) in got  # narration: "crazy"
    assert ("L002", 7, 27) in got  # dialogue: "psycho"
    assert ("L014", 7, 39) in got  # "she should just kill herself": a taunt that can kill
    assert ("L010", 14, 29) in got  # "committed suicide"
    assert ("L012", 15, 36) in got  # "better off without me"
    assert ("L030", 18, 11) in got  # an allowance that allows nothing
    assert ("L001", 22, 30) in got  # a choice is the story's voice
    assert not any(line == 9 for _, line, _ in got)  # "nutter" is allowed there, with a reason
    first = next(d for d in found if d.code == "L001")
    assert "crazy" in first.message and "instead" in (first.hint or "")


def test_themes_need_content_notes_and_a_service_to_reach(tmp_path):
    _, found = trip(tmp_path)
    themes = [d for d in found if d.code in ("L020", "L021")]
    assert {d.code for d in themes} == {"L020", "L021"}
    assert all("suicide" in d.message for d in themes)
    fixed = NARRATIVE.replace("content_notes:\n  - None", "content_notes:\n  - Mentions of suicide").replace(
        "      contact: Ask at the office", "      contact: Ask at the office\n    - name: Childline (UK)\n"
        "      contact: 0800 1111, or childline.org.uk")
    _, found = trip(tmp_path / "fixed", fixed)
    assert not [d for d in found if d.code in ("L020", "L021")]


def test_check_includes_lint_and_json_gives_titles(tmp_path, capsys):
    path, _ = trip(tmp_path)
    assert any(d.code == "L002" for d in check([path]))
    assert main(["check", str(path), "--format", "json"]) == 0  # lint findings are warnings
    out = json.loads(capsys.readouterr().out)
    l002 = next(d for d in out["diagnostics"] if d["code"] == "L002")
    assert l002["title"] == "stigmatising word said or thought by a character"
    assert main(["check", "--strict", str(path)]) == 1


def test_lint_command_exits_1_on_findings_and_0_when_clean(tmp_path, capsys):
    path, _ = trip(tmp_path)
    assert main(["lint", str(path)]) == 1
    assert "L010" in capsys.readouterr().out
    clean = write_story(tmp_path / "clean")
    assert main(["lint", str(clean)]) == 0
    assert main(["lint", str(tmp_path / "nope.yaml")]) == 2


def test_bundled_stories_are_lint_clean(capsys):
    assert main(["lint"]) == 0, capsys.readouterr().out


def test_allow_needs_a_reason(tmp_path):
    scene = re.sub(r"\n *reason: Jo's taunt[^\n]*", "", TRIP_SCENE)
    path = write_story(tmp_path, scene=scene)
    assert any(d.code == "V011" and "reason" in d.message for d in check([path]))


def test_every_rule_cites_its_guidance_and_is_documented():
    rules = load_rules()
    text = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### (L\d{3})", text, re.M))
    assert documented == set(rules.rules)
    for code, rule in rules.rules.items():
        section = text.split(f"### {code}", 1)[1].split("\n### ", 1)[0]
        assert "```" in section, f"{code} has no example in docs/diagnostics.md"
        if code != "L030":
            assert rule.sources, f"{code} cites no guidance"


def test_lint_findings_are_cached_by_content_and_rules(tmp_path, monkeypatch):
    path, first = trip(tmp_path)
    lint_narrative(path)  # fills the cache
    import tools.lint as lint_module

    def no_parsing(*a, **k):
        raise AssertionError("unchanged content was linted again")
    monkeypatch.setattr(lint_module, "load_document", no_parsing)
    assert lint_narrative(path)[1] == first
    monkeypatch.undo()
    scene = tmp_path / "scenes" / "s.yaml"
    scene.write_text(scene.read_text().replace("The new kid is crazy", "The new kid is new"))
    assert not any(d.code == "L001" and d.line == 6 for d in lint_narrative(path)[1])


def test_everyday_words_near_method_terms_are_not_flagged(tmp_path):
    scene = TRIP_SCENE.replace("Nobody looks up.", "A slit of light under the door. You jump off the bus.")
    found = lint_narrative(write_story(tmp_path, scene=scene), use_cache=False)[1]
    assert not [d for d in found if d.code == "L011"]
    overdose = TRIP_SCENE.replace("Nobody looks up.", "She had taken an overdose.")
    found = lint_narrative(write_story(tmp_path / "2", scene=overdose), use_cache=False)[1]
    assert [d.code for d in found if d.code == "L011"] == ["L011"]


def test_the_perspective_and_character_names_are_the_story_voice(tmp_path):
    narrative = NARRATIVE.replace("  condition: test anxiety", "  condition: a schizophrenic").replace(
        "    name: Jo", "    name: Psycho Jo")
    path = write_story(tmp_path, narrative=narrative)
    found = [(d.code, d.path.endswith("t.yaml")) for d in lint_narrative(path, use_cache=False)[1]]
    assert found.count(("L001", True)) == 2


def test_debrief_prompts_with_a_condition_are_linted_too(tmp_path):
    narrative = NARRATIVE.replace("    - What happened?\n", "    - What happened?\n    - text: Was Jo being crazy?\n"
                                  "      when: ending == \"bad\"\n")
    path = write_story(tmp_path, narrative=narrative)
    found = [(d.code, d.line, d.col) for d in lint_narrative(path, use_cache=False)[1] if d.path.endswith("t.yaml")]
    line = narrative.splitlines().index("    - text: Was Jo being crazy?") + 1
    assert ("L001", line, 13 + len("Was Jo being ")) in found
