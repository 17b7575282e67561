"""The autosave is replaced atomically: a save that fails half-way (a full disk, here the file-size limit) leaves the
previous save whole, so the student still continues from their last choice."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from game.ui import autosave

ROOT = Path(__file__).resolve().parents[2]

CHILD = """\
import resource, signal, sys
sys.path.insert(0, {root!r})
from game.ui import autosave
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
big = tuple((None, "The bus is late again. " * 20, "line") for _ in range(200))
try:
    autosave.write_autosave(autosave.Autosave("morning-bus", "h", '{{"state": 2}}', (), big))
except OSError as exc:
    print("failed:", exc.errno)
"""


def test_a_save_that_fails_half_way_keeps_the_previous_save(tmp_path, monkeypatch):
    monkeypatch.setenv("VANTAGE_DATA", str(tmp_path))
    first = autosave.Autosave("morning-bus", "h", '{"state": 1}', (), ((None, "Hello.", "line"),))
    autosave.write_autosave(first)
    proc = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT))], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "VANTAGE_DATA": str(tmp_path)})
    assert proc.stdout.strip() == "failed: 27", proc.stderr  # EFBIG: the file could not grow
    again = autosave.read_autosave("morning-bus")
    assert again is not None and again.story_state == '{"state": 1}' and again.history == first.history
    assert [p.name for p in autosave.saves_dir().iterdir()] == ["morning-bus.json"]
