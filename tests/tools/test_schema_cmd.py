"""`vantage schema --write DIR`: a folder that cannot be written gives one line and exit 1, never a traceback."""
from __future__ import annotations

from tools.cli import main


def test_write_into_a_file_path_is_a_one_line_error(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main(["schema", "--write", str(blocker / "schemas")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.startswith("vantage schema: cannot write into") and len(err.strip().splitlines()) == 1
    assert f"{blocker} is a file, not a folder" in err  # not "Not a directory"


def test_write_creates_every_schema(tmp_path, capsys):
    assert main(["schema", "--write", str(tmp_path / "s")]) == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "narrative.schema.json", "questionnaire.schema.json", "scene.schema.json"]
