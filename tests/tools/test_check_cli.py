"""`vantage check`: exit codes, --strict, --format json, the bundled content, and stable output."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.storykit import SCENE, write_story
from tools.cli import main

ROOT = Path(__file__).resolve().parents[2]

WARN_SCENE = SCENE + "  - id: lost\n    ending: bad\n"  # an unreachable beat: a warning (V040), no error


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["check", *args])
    except SystemExit as exc:  # argparse
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_clean_story_exits_0(tmp_path, capsys):
    code, out, _ = run(capsys, str(write_story(tmp_path)))
    assert code == 0 and "No problems found." in out


def test_errors_exit_1_with_file_line_col(tmp_path, capsys):
    path = write_story(tmp_path, scene=SCENE.replace("ending: good", "ending: goood"))
    code, out, _ = run(capsys, str(path))
    assert code == 1
    first = next(ln for ln in out.splitlines() if "error[" in ln)
    assert first.endswith("error[V023]: unknown ending `goood`")
    file, line, col = first.split(":")[:3]
    assert Path(file).resolve() == (tmp_path / "scenes" / "s.yaml").resolve() and (line, col) == ("8", "17")
    assert "1 error(s)" in out


def test_missing_path_is_a_usage_error(tmp_path, capsys):
    code, out, err = run(capsys, str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml" in err and "Traceback" not in err


def test_a_folder_without_story_files_is_a_usage_error_not_a_pass(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("not a story", encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path))
    assert code == 2 and str(tmp_path) in err and "No problems found" not in out


def test_bad_option_is_a_usage_error(capsys):
    code, _, err = run(capsys, "--format", "xml")
    assert code == 2 and "xml" in err


def test_warnings_pass_unless_strict(tmp_path, capsys):
    path = write_story(tmp_path, scene=WARN_SCENE)
    code, out, _ = run(capsys, str(path))
    assert code == 0 and "warning[V040]" in out
    code, out, _ = run(capsys, "--strict", str(path))
    assert code == 1 and "--strict" in out


def test_json_format(tmp_path, capsys):
    path = write_story(tmp_path, scene=WARN_SCENE.replace("ending: good", "ending: goood"))
    code, out, _ = run(capsys, "--format", "json", str(path))
    assert code == 1
    report = json.loads(out)
    assert report["errors"] == 1 and report["warnings"] >= 1
    for d in report["diagnostics"]:
        assert {"path", "line", "col", "code", "severity", "message"} <= set(d)
        assert isinstance(d["line"], int) and isinstance(d["col"], int)
    err = next(d for d in report["diagnostics"] if d["severity"] == "error")
    assert (err["code"], err["line"], err["col"]) == ("V023", 8, 17)


def test_json_format_when_clean(tmp_path, capsys):
    code, out, _ = run(capsys, "--format", "json", str(write_story(tmp_path)))
    assert code == 0 and json.loads(out)["diagnostics"] == []


def test_bundled_content_is_clean_under_strict(capsys):
    code, out, _ = run(capsys, "--strict")
    assert code == 0, out


def test_checking_a_scene_file_checks_its_narrative(tmp_path, capsys):
    write_story(tmp_path, scene=SCENE.replace("ending: good", "ending: goood"))
    code, out, _ = run(capsys, str(tmp_path / "scenes" / "s.yaml"))
    assert code == 1 and "V023" in out


def test_checking_a_folder(tmp_path, capsys):
    write_story(tmp_path, scene=SCENE.replace("ending: good", "ending: goood"))
    code, out, _ = run(capsys, str(tmp_path))
    assert code == 1 and out.count("error[V023]") == 1  # found once, though both files lead to it


def test_orphan_scene_is_a_warning(tmp_path, capsys):
    (tmp_path / "lonely.yaml").write_text(SCENE)
    code, out, _ = run(capsys, str(tmp_path / "lonely.yaml"))
    assert code == 0 and "V060" in out
    assert run(capsys, "--strict", str(tmp_path / "lonely.yaml"))[0] == 1


@pytest.mark.parametrize("content", ["id: s\n", "id: [[[\n"])
def test_output_is_the_same_on_every_run(tmp_path, content):
    """Many diagnostics at one place (e.g. every missing key) come out in the same order every time."""
    path = tmp_path / "n.yaml"
    path.write_text("scenes: []\n" + content)
    outs = set()
    for seed in ("1", "2", "3", "4"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-m", "tools.cli", "check", str(path)], capture_output=True,
                              text=True, cwd=ROOT, env=env, timeout=60)
        assert proc.returncode == 1
        outs.add(proc.stdout)
    assert len(outs) == 1


def test_output_piped_into_a_closed_reader_gives_no_traceback(tmp_path):
    """`vantage check | head -1`: the reader goes away early; check must not print a traceback."""
    beats = "".join(f"  - {{id: b{i}, promt: x, ending: good}}\n" for i in range(3000))  # 3,000 lines of output
    path = write_story(tmp_path, scene="id: s\ntitle: T\nbeats:\n" + beats)
    proc = subprocess.Popen([sys.executable, "-m", "tools.cli", "check", str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert b"error[" in first
    assert "Traceback" not in err and proc.returncode != 0


def test_a_bundled_story_can_be_checked_by_its_id(capsys):
    code, out, err = run(capsys, "morning-bus")  # as `vantage play morning-bus` takes it
    assert code == 0 and "No problems found." in out, err


def test_a_misspelt_story_id_suggests_the_right_one(capsys):
    code, out, err = run(capsys, "morning-buss")
    assert code == 2 and "Traceback" not in err
    assert "morning-buss" in err and "did you mean `morning-bus`?" in err


def test_a_whole_file_message_has_no_line_zero(tmp_path, capsys):
    write_story(tmp_path)
    (tmp_path / "scenes" / "extra.yaml").write_text(SCENE.replace("id: s\n", "id: extra\n"), encoding="utf-8")
    code, out, _ = run(capsys, str(tmp_path))
    line = next(ln for ln in out.splitlines() if "V060" in ln)
    assert ":0:0:" not in line and line.split(": ", 1)[0].endswith("extra.yaml")


def test_a_file_outside_the_current_folder_is_named_by_its_full_path(tmp_path, capsys, monkeypatch):
    path = write_story(tmp_path / "story", scene=SCENE.replace("ending: good", "ending: goood"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, _ = run(capsys, str(path))
    first = next(ln for ln in out.splitlines() if "error[" in ln)
    shown = first.split(": ", 1)[0].rsplit(":", 2)[0]  # path:line:col (a Windows path has a drive colon)
    assert code == 1 and not shown.startswith("..") and Path(shown).is_absolute()
