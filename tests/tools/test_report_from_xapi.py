"""`vantage report --from-xapi`: the report built from exported xAPI statements equals the report from SQLite, in
every output (JSON, text, CSV), and a bad statements file gets a clear message."""
from __future__ import annotations

import json

from report_helpers import make_class, report_json, run_cli

COHORT_A, COHORT_B = "KX7M4P", "HJ9CDF"


def test_the_report_from_statements_equals_the_report_from_sqlite(tmp_path, capsys):
    data = tmp_path / "data"
    make_class(data, 24, effect=0.5, seed=11, cohort=COHORT_A)
    make_class(data, 9, effect=0.2, seed=12, cohort=COHORT_B)
    statements = tmp_path / "statements.jsonl"
    code, out, err = run_cli(capsys, "data", "--data-dir", str(data), "export", "--simulated", "--xapi", str(statements))
    assert code == 0, err
    lines = statements.read_text().splitlines()
    assert len(lines) > 33 and all(json.loads(line)["id"] for line in lines)
    for extra in ((), ("--cohort", COHORT_A), ("--cohort", COHORT_B)):
        from_sqlite = report_json(capsys, data, *extra)
        from_xapi = report_json(capsys, tmp_path / "elsewhere", "--from-xapi", str(statements), *extra)
        assert from_xapi == from_sqlite
    code, text_sqlite, _ = run_cli(capsys, "report", "--data-dir", str(data), "--simulated")
    code2, text_xapi, _ = run_cli(capsys, "report", "--from-xapi", str(statements), "--simulated")
    assert code == code2 == 0 and text_xapi == text_sqlite
    run_cli(capsys, "report", "--data-dir", str(data), "--simulated", "--csv", str(tmp_path / "csv1"))
    run_cli(capsys, "report", "--from-xapi", str(statements), "--simulated", "--csv", str(tmp_path / "csv2"))
    for f in sorted((tmp_path / "csv1").iterdir()):
        assert (tmp_path / "csv2" / f.name).read_text() == f.read_text(), f.name


def test_a_bad_statements_file_is_named_with_its_line(tmp_path, capsys):
    bad = tmp_path / "lrs.jsonl"
    bad.write_text('{"id": "x"}\n')
    code, out, err = run_cli(capsys, "report", "--from-xapi", str(bad))
    assert code == 1 and f"{bad}:1: not a Vantage xAPI statement" in err and "Traceback" not in err
    code, out, err = run_cli(capsys, "report", "--from-xapi", str(tmp_path / "missing.jsonl"))
    assert code == 1 and "no such file" in err
    bad.write_bytes(b"\xff\xfe\n")
    code, out, err = run_cli(capsys, "report", "--from-xapi", str(bad))
    assert code == 1 and "not UTF-8" in err


def test_export_needs_one_target(tmp_path, capsys):
    code, _out, err = run_cli(capsys, "data", "--data-dir", str(tmp_path), "export")
    assert code == 2 and "either -o FILE" in err


def test_lrs_send_refuses_bad_arguments_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("VANTAGE_LRS_PASSWORD", raising=False)
    base = ["lrs", "--data-dir", str(tmp_path), "send", "--user", "u"]
    for extra, words in ((["--endpoint", "ftp://x", "--password", "p"], "not an address"),
                         (["--endpoint", "http://127.0.0.1:9/xAPI/"], "password"),
                         (["--endpoint", "http://127.0.0.1:9/xAPI/", "--password", "p", "--homepage", "my school"],
                          "--homepage"),
                         (["--endpoint", "http://127.0.0.1:9/xAPI/", "--password", "p", "--batch", "0"], "--batch"),
                         (["--endpoint", "http://127.0.0.1:9/xAPI/", "--password", "p", "--cohort", "x!"],
                          "not a classroom code")):
        code, _out, err = run_cli(capsys, *base, *extra)
        assert code == 2 and words in err and "Traceback" not in err, (extra, err)
