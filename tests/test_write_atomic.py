"""write_atomic: a write that fails half-way (here: the file-size limit, as a full disk would) leaves the old file
whole; only a regular file is ever replaced (never /dev/full or a pipe); no temporary file is left behind."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.files import NotRegularFile, write_atomic

ROOT = Path(__file__).resolve().parents[1]

# Runs `call` in a child whose files may not grow past 4 KB: the write fails part-way with EFBIG, as on a full disk.
LIMITED = """\
import resource, signal, sys
sys.path.insert(0, {root!r})
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
{setup}
try:
    {call}
except OSError as exc:
    print("failed:", exc.errno)
"""


def run_limited(setup: str, call: str, cwd: Path) -> str:
    proc = subprocess.run([sys.executable, "-c", LIMITED.format(root=str(ROOT), setup=setup, call=call)],
                          capture_output=True, text=True, timeout=60, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_a_write_that_fails_half_way_keeps_the_old_file_whole(tmp_path):
    target = tmp_path / "save.json"
    target.write_text('{"old": true}')
    out = run_limited("from game.files import write_atomic", f"write_atomic({str(target)!r}, 'x' * 100_000)",
                      tmp_path)
    assert out.strip() == "failed: 27"  # EFBIG
    assert target.read_text() == '{"old": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["save.json"]  # the temporary file is gone too


def test_the_new_text_replaces_the_old_by_rename(tmp_path):
    target = tmp_path / "save.json"
    target.write_text("old")
    os.link(target, tmp_path / "reader-view")  # a reader who opened the old file keeps seeing it whole
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert (tmp_path / "reader-view").read_text() == "old"


@pytest.mark.parametrize("make", ["fifo", "folder", "device"])
def test_only_a_regular_file_is_ever_replaced(tmp_path, make):
    if make == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    elif make == "folder":
        target = tmp_path / "folder"
        target.mkdir()
    else:
        target = Path("/dev/null")
    before = os.stat(target)
    with pytest.raises(NotRegularFile) as err:
        write_atomic(target, "data")
    assert str(err.value).endswith("not a regular file")
    after = os.stat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
