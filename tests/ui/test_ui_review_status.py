"""The story picker tells a facilitator which stories are not yet reviewed (issue 12, review sign-off)."""
from __future__ import annotations

from game.content import load_narrative
from game.content.review import DRAFT
from tests.storykit import write_story
from tests.ui.ui_helpers import focus_and_enter, make_app
from tools.cli import main


def _picker_texts(app) -> tuple[list[str], list[str]]:
    details = [item.detail or "" for item in app.top.menu.items]
    return details, [t for _, t in app.top.paragraphs()]


def test_unreviewed_bundled_story_shows_draft_in_the_picker():
    app = make_app()
    focus_and_enter(app, "choose")
    assert app.top.name == "picker"
    details, paragraphs = _picker_texts(app)
    assert any(DRAFT in d for d in details)
    assert any(p.lower().startswith(DRAFT) for p in paragraphs)


def test_reviewed_story_shows_no_draft_label(tmp_path):
    path = write_story(tmp_path)
    for role in ("lived-experience", "educator"):
        assert main(["review", "sign", str(path), "--role", role]) == 0
    signed = load_narrative(path).narrative
    app = make_app(catalogue=lambda: [signed])
    focus_and_enter(app, "choose")
    details, paragraphs = _picker_texts(app)
    assert not any("draft" in d for d in details) and not any("draft" in p.lower() for p in paragraphs)
