"""Paths a story names, and files given to `vantage check`, that must not be read: devices, pipes, files outside the
story's folders (directly, by `..` or through a symbolic link). Each through the real command in its own process:
exit 1, the exact code and place, nothing of the foreign file quoted, no hang, bounded memory."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.storykit import NARRATIVE, SCENE, write_story
from tests.tools.test_check_hostile import run_check

NARR_LINES = NARRATIVE.splitlines()
SCENES_LINE = next(i for i, ln in enumerate(NARR_LINES, 1) if ln.startswith("scenes:"))


def _story_listing(tmp_path: Path, extra_scene: str) -> Path:
    return write_story(tmp_path, narrative=NARRATIVE.replace("{scenes}", "{scenes}\n  - " + extra_scene))


def _errors(out: str) -> list[tuple[str, str, int, int, str]]:
    return [(Path(d["path"]).name, d["code"], d["line"], d["col"], d["message"])
            for d in json.loads(out)["diagnostics"] if d["severity"] == "error"]


@pytest.mark.parametrize("listed, message", [
    ("/dev/zero", "scene file `/dev/zero` is an absolute path; story files may only name files inside the story's "
                  "own folders"),
    ("/etc/passwd", "scene file `/etc/passwd` is an absolute path; story files may only name files inside the "
                    "story's own folders"),
    ("../../outside.yaml", "scene file `../../outside.yaml` points outside the story's folders (narratives/, "
                           "scenes/, assets/, questionnaires/); it was not read"),
    ("../scenes/link.yaml", "scene file `../scenes/link.yaml` points outside the story's folders (narratives/, "
                            "scenes/, assets/, questionnaires/) through a symbolic link; it was not read"),
])
def test_a_scene_path_outside_the_story_is_refused_unread(tmp_path, listed, message):
    story = tmp_path / "story"
    path = _story_listing(story, listed)
    (tmp_path / "outside.yaml").write_text("id: secret-first-line\n")
    os.symlink("/etc/passwd", story / "scenes" / "link.yaml")
    code, out, err, rss_kb, _ = run_check(str(path), "--format", "json")
    assert code == 1 and "Traceback" not in out + err
    assert _errors(out) == [("t.yaml", "V006", SCENES_LINE + 2, 5, message)]
    assert "root:" not in out and "secret-first-line" not in out  # nothing of the foreign file is quoted
    assert rss_kb < 200 * 1024


def test_a_scene_file_that_is_a_fifo_is_refused_without_waiting(tmp_path):
    path = _story_listing(tmp_path, "../scenes/pipe.yaml")
    os.mkfifo(tmp_path / "scenes" / "pipe.yaml")
    code, out, err, _, _ = run_check(str(path), "--format", "json", timeout=20)  # a hang fails on the timeout
    assert code == 1 and "Traceback" not in out + err
    assert _errors(out) == [("pipe.yaml", "V007", 0, 0,
                             "this is a named pipe (FIFO), not a story file; it was not opened")]


@pytest.mark.parametrize("target, kind", [("/dev/zero", "a device"), ("fifo", "a named pipe (FIFO)")])
def test_check_given_a_device_or_a_fifo(tmp_path, target, kind):
    if target == "fifo":
        target = str(tmp_path / "story.yaml")
        os.mkfifo(target)
    code, out, err, rss_kb, _ = run_check(target, timeout=20)
    assert code == 1 and "Traceback" not in out + err and "MemoryError" not in err
    assert out.splitlines()[0] == f"{target}: error[V007]: this is {kind}, not a story file; it was not opened"
    assert rss_kb < 200 * 1024


def test_a_picture_linked_from_outside_assets_is_refused(tmp_path):
    scene = SCENE.replace("title: Scene S\n", "title: Scene S\nbackground: bus.png\n")
    path = write_story(tmp_path, scene=scene)
    os.symlink("/etc/passwd", tmp_path / "assets" / "bus.png")
    code, out, err, _, _ = run_check(str(path), "--format", "json")
    assert code == 1
    assert _errors(out) == [("s.yaml", "V006", 3, 13, "asset `bus.png` is a link to a file outside assets/; "
                                                      "it was not read")]


def test_a_one_megabyte_word_is_a_warning_and_strict_refuses_it(tmp_path):
    scene = SCENE.replace("title: Scene S", "title: " + "x" * 1_000_000)
    path = write_story(tmp_path, scene=scene)
    code, out, err, _, cpu = run_check(str(path))
    assert code == 0, out + err
    assert f"{tmp_path / 'scenes' / 's.yaml'}:2:8: warning[V008]: `title` is 1,000,000 characters long" in out
    assert run_check(str(path), "--strict")[0] == 1
    assert cpu < 2.0
