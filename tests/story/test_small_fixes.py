"""Regressions found in review: each of these once crashed or gave a confusing answer."""
import pytest

from game.content import load_narrative
from game.story import Story, StoryError
from game.telemetry.codes import PARTICIPANT_QUESTIONS
from tests.storykit import SCENE, write_story


def test_resume_events_before_start_is_a_clear_story_error():
    story = Story(load_narrative("morning-bus").narrative)
    with pytest.raises(StoryError, match="not started"):
        story.resume_events()


@pytest.mark.parametrize("typed", ["²", "٣", "１"])
def test_participant_code_answers_refuse_non_ascii_digits(typed):
    number_question = next(q for q in PARTICIPANT_QUESTIONS if q.kind == "number")
    assert number_question.tidy(typed) is None
    assert number_question.tidy("7") == "7"


def test_quoted_boolean_gets_a_remove_the_quotes_hint(tmp_path):
    path = write_story(tmp_path, SCENE.replace("        text: Go\n", '        text: Go\n        once: "true"\n'))
    res = load_narrative(path, use_cache=False)
    errors = [d for d in res.diagnostics if d.code == "V012"]
    assert errors and "remove the quotes" in (errors[0].hint or "")


def test_a_removed_background_is_noticed_even_when_the_story_is_cached(tmp_path):
    import shutil
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    for sub in ("narratives", "scenes", "assets"):
        shutil.copytree(root / sub, tmp_path / sub)
    manifest = tmp_path / "narratives" / "morning-bus.yaml"
    assert load_narrative(manifest).ok
    assert load_narrative(manifest).from_cache
    (tmp_path / "assets" / "backgrounds" / "bus.png").unlink()
    res = load_narrative(manifest)
    assert not res.from_cache and not res.ok
    assert any(d.code == "V050" and "bus.png" in d.message for d in res.diagnostics)
