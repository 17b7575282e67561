"""`vantage serve` on the command line: wrong input gets one clear line and a non-zero exit; the join code and the
dashboard key are kept, so a restarted hub accepts the machines that were sending to it."""
from __future__ import annotations

from tests.serve.hub_helpers import new_cohort
from tools import cli
from tools.serve import hub_codes


def test_bad_codes_and_unknown_classes_are_refused(tmp_path, capsys):
    assert cli.main(["serve", "--data-dir", str(tmp_path), "--cohort", "nope!"]) == 2
    assert "not a classroom code" in capsys.readouterr().err
    assert cli.main(["serve", "--data-dir", str(tmp_path), "--cohort", "CDFGHJ"]) == 1
    assert "no telemetry database" in capsys.readouterr().err
    new_cohort(tmp_path)
    assert cli.main(["serve", "--data-dir", str(tmp_path), "--cohort", "CDFGHJ"]) == 1
    assert "no classroom CDFGHJ" in capsys.readouterr().err
    assert cli.main(["serve", "--data-dir", str(tmp_path), "--cohort", "CDFGHJ", "--port", "70000"]) == 2


def test_codes_are_kept_across_restarts_and_private(tmp_path):
    first = hub_codes(tmp_path, "CDFGHJ")
    assert hub_codes(tmp_path, "CDFGHJ") == first
    assert hub_codes(tmp_path, "CDFGHJ", renew=True) != first
    assert (tmp_path / "hub-CDFGHJ.json").stat().st_mode & 0o077 == 0


def test_play_refuses_a_server_without_its_join_code(tmp_path):
    from game.telemetry.flow import Telemetry, TelemetryOptions
    import pytest
    code = new_cohort(tmp_path)
    with pytest.raises(ValueError, match="go together"):
        Telemetry.open(TelemetryOptions(data_dir=tmp_path, cohort=code, server="http://127.0.0.1:1"))
    with pytest.raises(ValueError, match="not an address"):
        Telemetry.open(TelemetryOptions(data_dir=tmp_path, cohort=code, server="ftp://x", join="CDFGH-JKMNP"))


def test_vantage_serve_runs_prints_its_addresses_and_stops_on_ctrl_c(tmp_path):
    import os
    import re
    import signal
    import subprocess
    import sys
    import time
    import urllib.request
    code = new_cohort(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "tools.cli", "serve", "--data-dir", str(tmp_path), "--cohort",
                             code, "--port", "0", "--lan"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    try:
        lines = [proc.stdout.readline() for _ in range(4)]
        text = "".join(lines)
        dashboard = re.search(r"(http://127\.0\.0\.1:\d+/\?key=\S+)", text).group(1)
        join = re.search(r"Join code: (\S+)", text).group(1)
        assert f"--join {join}" in text and f"--cohort {code}" in text
        page = urllib.request.urlopen(dashboard, timeout=10).read().decode()
        assert f"Class {code}" in page and "EventSource" in page
        proc.send_signal(signal.SIGINT)
        assert proc.wait(15) == 0
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        time.sleep(0)
