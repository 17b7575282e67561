"""A kiosk ignores the window's close button, but a shutdown (SIGTERM) still ends it cleanly."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals only")
def test_kiosk_ends_on_sigterm(tmp_path):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", VANTAGE_DATA=str(tmp_path / "d"),
               VANTAGE_CONFIG=str(tmp_path / "c"), VANTAGE_CACHE=str(tmp_path / "k"))
    proc = subprocess.Popen([sys.executable, "-m", "tools.cli", "play", "morning-bus", "--kiosk"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(2.5)  # the window is up and waiting for the student
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
