"""`vantage check` on maps: a folder of real Tiled maps gets one located line per problem and no traceback; a map
scene's problems come with the story; the bundled map is clean."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.content.test_maps import CORPUS, EXPECTED, MAPS
from tests.mapkit import write_map_story
from tools.cli import main
from tools.tmx_write import tmx_text


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.skipif(not MAPS, reason="THE SHARED TILED CORPUS IS ABSENT (../shared/corpora/tiled): not checked")
def test_check_on_the_tiled_corpus_names_file_line_and_code_for_each_refused_map(capsys):
    code, out, err = run(capsys, "--format", "json", str(CORPUS))
    assert code == 1 and "Traceback" not in out + err
    report = json.loads(out)
    refused = {Path(d["path"]).as_posix() for d in report["diagnostics"] if d["severity"] == "error"}
    for tail, want in EXPECTED.items():
        hits = [d for d in report["diagnostics"] if Path(d["path"]).as_posix().endswith(tail)]
        assert any(d["code"] == want and d["line"] > 0 for d in hits), tail
    assert len(refused) == len(EXPECTED)  # every other map of the corpus loads


def test_check_a_single_good_map_and_a_missing_one(capsys):
    assert run(capsys, "assets/maps/school-corridor.tmx")[0] == 0
    code, _, err = run(capsys, "no-such-map.tmx")
    assert code == 2 and "no such file" in err


def test_check_a_map_story_reports_the_map_and_the_scene(tmp_path, capsys):
    walled = ["########", "#...#..#", "#...#..#", "#...#..#", "########"]
    path = write_map_story(tmp_path, rows=walled)
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert "m.yaml:10:11: error[V113]: person `jo` cannot be reached" in out
    (tmp_path / "assets" / "maps" / "room.tmx").write_text(tmx_text(["#"], []).replace('orthogonal', 'isometric'))
    code, out, _ = run(capsys, str(path))
    assert code == 1 and "room.tmx:2:1: error[V102]" in out
