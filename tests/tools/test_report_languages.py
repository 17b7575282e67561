"""The report says when plays in several languages are pooled, and names a language only for five plays or more."""
from __future__ import annotations

import sqlite3

from tests.tools.report_helpers import db_path, make_class, report_json


def _set_locale(data_dir, n: int, locale: str) -> None:
    conn = sqlite3.connect(db_path(data_dir))
    with conn:
        ids = [r[0] for r in conn.execute("SELECT session_id FROM play_sessions ORDER BY session_id LIMIT ?", (n,))]
        conn.executemany("UPDATE play_sessions SET locale = ? WHERE session_id = ?", [(locale, i) for i in ids])
    conn.close()


def _language_warnings(report) -> list[str]:
    return [w for w in report["warnings"] if "language" in w]


def test_one_language_gives_no_warning(tmp_path, capsys):
    make_class(tmp_path, 12)
    assert _language_warnings(report_json(capsys, tmp_path)) == []


def test_pooled_languages_are_said_and_a_small_group_is_not_named(tmp_path, capsys):
    make_class(tmp_path, 12)
    _set_locale(tmp_path, 3, "es")
    [warning] = _language_warnings(report_json(capsys, tmp_path))
    assert "pooled" in warning and "measurement equivalence" in warning
    assert "es" not in warning.replace("languages", "").split("(")[1].split(")")[0].split(", ")  # 3 plays: unnamed
    assert "1 other language(s) used by fewer than 5 plays" in warning
    _set_locale(tmp_path, 6, "es")
    [warning] = _language_warnings(report_json(capsys, tmp_path))
    assert "(en, es)" in warning


def test_a_class_all_in_translation_is_told_so(tmp_path, capsys):
    make_class(tmp_path, 8)
    _set_locale(tmp_path, 100, "es")
    [warning] = _language_warnings(report_json(capsys, tmp_path))
    assert warning.startswith("every play here was in a translation (es)")
