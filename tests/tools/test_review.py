"""Review sign-off: `vantage review sign` records a role against the content as it is; any later change makes
`check` warn (V048) and the story a draft again; the status survives the compiled cache."""
from __future__ import annotations

from game.content import load_narrative
from game.content.review import CHANGED, DRAFT, review_status, without_review_block
from tests.storykit import write_story
from tools.cli import main


def test_unreviewed_story_is_a_draft(tmp_path):
    res = load_narrative(write_story(tmp_path), use_cache=False)
    assert review_status(res.narrative).label == DRAFT == "draft: not yet reviewed"


def test_both_roles_make_it_reviewed_and_a_later_edit_undoes_it(tmp_path, capsys):
    path = write_story(tmp_path)
    assert main(["review", "sign", str(path), "--role", "lived-experience", "--date", "2026-01-02"]) == 0
    one = load_narrative(path, use_cache=False)
    assert not review_status(one.narrative).reviewed  # lived experience alone is not enough
    assert main(["review", "sign", str(path), "--role", "clinician", "--name", "Dr Q", "--date", "2026-01-03"]) == 0
    both = load_narrative(path, use_cache=False)
    status = review_status(both.narrative)
    assert status.reviewed and status.label == "reviewed (lived experience and clinician)"
    assert both.diagnostics == []
    assert review_status(load_narrative(path).narrative).reviewed  # from the compiled cache too
    assert review_status(load_narrative(path).narrative).reviewed
    scene = tmp_path / "scenes" / "s.yaml"
    scene.write_text(scene.read_text().replace("text: Go", "text: Go on"))
    changed = load_narrative(path, use_cache=False)
    assert review_status(changed.narrative).label == CHANGED
    v048 = [d for d in changed.diagnostics if d.code == "V048"]
    assert len(v048) == 2 and all(d.severity == "warning" for d in v048)
    assert "lived-experience review signed on 2026-01-02" in v048[0].message
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    assert "V048" in capsys.readouterr().out


def test_signing_again_in_the_same_role_replaces_the_entry_and_keeps_comments(tmp_path):
    path = write_story(tmp_path, extra="# keep this comment\n")
    for _ in range(2):
        assert main(["review", "sign", str(path), "--role", "educator", "--date", "2026-01-02"]) == 0
    text = path.read_text()
    assert text.count("role: \"educator\"") == 1 and "# keep this comment" in text


def test_the_review_block_is_not_part_of_what_is_signed():
    a = "id: t\nreview:\n  - role: educator\n    date: x\n# c\nstart: s.a\n"
    assert without_review_block(a) == "id: t\nstart: s.a\n"


def test_bad_sign_arguments(tmp_path, capsys):
    path = write_story(tmp_path)
    assert main(["review", "sign", str(path), "--role", "educator", "--date", "tomorrow"]) == 2
    broken = write_story(tmp_path / "b", scene="id: s\ntitle: T\nbeats:\n  - id: a\n    goto: nowhere\n")
    assert main(["review", "sign", str(broken), "--role", "educator"]) == 1
    assert "V021" in capsys.readouterr().err


def test_bundled_stories_show_their_status(capsys):
    assert main(["review", "status"]) == 0
    assert "morning-bus: " in capsys.readouterr().out


def test_a_scene_can_be_signed_on_its_own_without_touching_the_story_sign_off(tmp_path, capsys):
    path = write_story(tmp_path)
    for role in ("lived-experience", "educator"):
        assert main(["review", "sign", str(path), "--role", role]) == 0
    scene = tmp_path / "scenes" / "s.yaml"
    assert main(["review", "sign", str(scene), "--role", "lived-experience", "--date", "2026-02-01"]) == 0
    assert "review:" in scene.read_text() and "Signed scene s" in capsys.readouterr().out
    res = load_narrative(path, use_cache=False)
    assert review_status(res.narrative).reviewed  # a scene's own sign-off is not a change to the story
    from game.content.review import scene_status
    assert scene_status(res.narrative)["s"].current == ("lived-experience",)
    scene.write_text(scene.read_text().replace("text: Stay", "text: Stay here"))
    res = load_narrative(path, use_cache=False)
    assert {d.message.split(" changed")[0] for d in res.diagnostics if d.code == "V048"} == {"the story", "scene `s`"}
    assert main(["review", "status", str(path)]) == 0
    assert "scene s: draft: changed since it was reviewed" in capsys.readouterr().out
