"""`vantage lrs send` against a real LRS (ralph, file-system backend): runs that fail (LRS unreachable, wrong
password) keep every statement for the next run; the run that works stores every statement exactly once (read back
by statement id and all together); running again sends nothing.

Quirk of ralph 5.1.0's file-system backend: it stores one POST per file (a second write is refused with a 500,
"already exists and overwrite is not allowed"), so this test sends in one batch (--batch 5000); batching and
retries across many requests are tested against the class hub (tests/serve), which has no such limit."""
from __future__ import annotations

import json

import pytest

from ralph_lrs import PASSWORD, RALPH, USER, Ralph
from report_helpers import make_class, run_cli

pytestmark = pytest.mark.skipif(not RALPH.exists(), reason=(
    f"LOUD SKIP: ralph is not installed at {RALPH}; `.ci/run` creates that virtual environment (CI runs this test)"))


def test_statements_reach_ralph_exactly_once_after_failed_runs(tmp_path, capsys, monkeypatch):
    import tools.lrs as lrs
    monkeypatch.setattr(lrs, "GIVE_UP_AFTER", 2)
    monkeypatch.setattr(lrs.time, "sleep", lambda seconds: None)
    data = tmp_path / "data"
    make_class(data, 6, seed=3, cohort="KX7M4P")
    out = tmp_path / "all.jsonl"
    assert run_cli(capsys, "data", "--data-dir", str(data), "export", "--xapi", str(out))[0] == 0
    expected = [json.loads(line) for line in out.read_text().splitlines()]
    monkeypatch.setenv("VANTAGE_LRS_PASSWORD", PASSWORD)

    def send(endpoint, *extra):
        return run_cli(capsys, "lrs", "--data-dir", str(data), "send", "--endpoint", endpoint, "--user", USER,
                       "--batch", "5000", *extra)

    code, _text, err = send("http://127.0.0.1:9/xAPI/")  # nothing listens there: the Wi-Fi is down
    assert code == 1 and "run the same command again" in err and "Traceback" not in err
    ralph = Ralph(tmp_path / "ralph")
    try:
        code, _text, err = send(ralph.endpoint, "--cohort", "CDFGHJ")
        assert code == 1 and "no classroom with code CDFGHJ" in err
        code, _text, err = send(ralph.endpoint, "--password", "wrong")
        assert code == 1 and "401" in err
        code, text, err = send(ralph.endpoint)
        assert code == 0, err
        assert f"Sent {len(expected)} statement(s)" in text
        for s in expected[:: max(1, len(expected) // 8)]:  # read back by id: what ralph stores is what we sent
            got = ralph.get(f"/xAPI/statements?statementId={s['id']}")
            got = got["statements"][0] if "statements" in got else got
            assert (got["id"], got["verb"], got["object"]["id"], got["actor"]) == \
                   (s["id"], s["verb"], s["object"]["id"], s["actor"])
        stored = [s["id"] for s in ralph.all_statements()]
        assert sorted(stored) == sorted(s["id"] for s in expected), "every statement exactly once"
        code, text, err = send(ralph.endpoint)
        assert code == 0 and "0 new statement(s) queued; 0 to send" in text
        assert len(ralph.all_statements()) == len(expected)
    finally:
        ralph.close()
