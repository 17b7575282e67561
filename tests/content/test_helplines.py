"""Help lines by place (assets/help/): the bundled files are sound, each bad file gets its code at its place, the
country is chosen from the classroom, the locale or the international fallback, and both players show the lines."""
from __future__ import annotations

import datetime as dt
import io
import textwrap
from pathlib import Path

import pytest

from game.content import load_narrative
from game.content.helplines import (FALLBACK, check_help_files, country_from_locale, help_files, normalise_country,
                                    place_help, read_help_file)

TODAY = dt.date(2026, 12, 6)

GOOD = """\
country: GB
name: United Kingdom
resources:
  - organisation: Samaritans
    contact: Call 116 123
    for: Anyone who is struggling
    source: https://www.samaritans.org/how-we-can-help/contact-samaritan/
    checked: 2026-12-05
"""

# (name, file name, text, code, line, column): each bad help file, and where a facilitator should look
HELP_CASES = [
    ("stale", "GB.yaml", GOOD.replace("2026-12-05", "2025-11-01"), "V130", 8, 14),
    ("not-a-date", "GB.yaml", GOOD.replace("2026-12-05", "2026-02-30"), "V131", 8, 14),
    ("future", "GB.yaml", GOOD.replace("2026-12-05", "2027-01-01"), "V131", 8, 14),
    ("no-web-address", "GB.yaml", GOOD.replace("https://www.samaritans.org/how-we-can-help/contact-samaritan/",
                                               "the Samaritans leaflet"), "V132", 7, 13),
    ("wrong-file", "IE.yaml", GOOD, "V133", 1, 10),
]


@pytest.mark.parametrize("name,file,text,code,line,col", HELP_CASES, ids=[c[0] for c in HELP_CASES])
def test_bad_help_file_gives_code_at_place(tmp_path, name, file, text, code, line, col):
    path = tmp_path / file
    path.write_text(text, encoding="utf-8")
    help_, diags = read_help_file(path, TODAY)
    assert (code, line, col) in {(d.code, d.line, d.col) for d in diags}, [d.format() for d in diags]
    if code != "V130":  # a wrong date, source or country is an error: such a file is never shown to students
        assert help_ is None
    else:  # a stale entry is only a warning: the line is still shown (a facilitator re-checks it)
        assert help_ is not None


def test_missing_international_file_is_v134(tmp_path):
    (tmp_path / "GB.yaml").write_text(GOOD, encoding="utf-8")
    assert [d.code for d in check_help_files(tmp_path, TODAY)] == ["V134"]


def test_missing_field_names_the_file_and_line(tmp_path):
    path = tmp_path / "GB.yaml"
    path.write_text(GOOD.replace("    source: https://www.samaritans.org/how-we-can-help/contact-samaritan/\n", ""),
                    encoding="utf-8")
    help_, diags = read_help_file(path, TODAY)
    assert help_ is None
    assert any(d.path == str(path) and d.line == 4 and "source" in d.message for d in diags), [d.format() for d in diags]


def test_bundled_help_files_are_clean_and_cover_the_countries():
    files = {p.stem: p for p in help_files()}
    assert {"GB", "IE", "US", "CA", "AU", "NZ", FALLBACK} <= set(files)
    for code, path in files.items():
        help_, diags = read_help_file(path, TODAY)
        assert diags == [] and help_ is not None and help_.country == code
        for r in help_.resources:  # each line names the page it was checked on, and when
            assert r.source.startswith("https://")
            age = (TODAY - dt.date.fromisoformat(r.checked)).days
            assert 0 <= age <= 365, (code, r.organisation, r.checked)  # re-checked within the year, never in the future


def test_check_warns_a_year_on():
    later = TODAY + dt.timedelta(days=366)
    codes = {d.code for d in check_help_files(today=later)}
    assert codes == {"V130"}
    assert check_help_files(today=TODAY) == []


@pytest.mark.parametrize("given,expected", [("gb", "GB"), ("UK", "GB"), (" ie ", "IE"), ("int", "INT"),
                                            ("GBR", None), ("1", None), ("", None), (None, None)])
def test_country_codes(given, expected):
    assert normalise_country(given) == expected


@pytest.mark.parametrize("locale,expected", [("en_GB.UTF-8", "GB"), ("fr_CA", "CA"), ("en-NZ", "NZ"), ("C", None),
                                             ("POSIX", None), ("en", None), ("C.UTF-8", None)])
def test_country_from_locale(locale, expected):
    assert country_from_locale(locale) == expected


def test_place_help_chooses_country_then_locale_then_international(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert place_help("AU").country == "AU"
    assert place_help("FR").country == FALLBACK  # no French file yet: international help, never none
    monkeypatch.setenv("LANG", "en_CA.UTF-8")
    assert place_help(None).country == "CA"
    assert place_help("IE").country == "IE"  # the classroom's country wins over the machine's locale
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert place_help(None).country == FALLBACK


def test_a_broken_country_file_falls_back_to_international(tmp_path):
    (tmp_path / "GB.yaml").write_text(GOOD.replace("https://", "http://"), encoding="utf-8")
    (tmp_path / "INT.yaml").write_text(GOOD.replace("country: GB", "country: INT"), encoding="utf-8")
    assert place_help("GB", tmp_path).country == FALLBACK


def test_terminal_debrief_shows_story_help_then_place_help():
    from tools.text_player import write_debrief
    narrative = load_narrative("morning-bus").narrative
    out = io.StringIO()
    write_debrief(narrative.debrief, out, "AU")
    text = out.getvalue()
    assert text.index("Where to find help") < text.index("Help lines (Australia)")
    assert "Kids Helpline: Call 1800 55 1800" in text and "13 11 14" in text


def test_cohort_country_is_stored_exported_and_imported(tmp_path):
    from game.telemetry import cohorts, db
    conn = db.connect(tmp_path / "a.sqlite3")
    info = cohorts.create(conn, "morning-bus", "Period 3")
    assert cohorts.country(conn, info.code) is None  # no country given: the machine's locale decides
    cohorts.set_country(conn, info.code, "NZ")
    assert cohorts.country(conn, info.code) == "NZ"
    cohorts.export_file(conn, info.code, tmp_path / "c.vantage-class")
    other = db.connect(tmp_path / "b.sqlite3")
    cohorts.import_file(other, tmp_path / "c.vantage-class")
    assert cohorts.country(other, info.code) == "NZ"  # the class's other lab machines show the same help lines
    with pytest.raises(ValueError):
        cohorts.set_country(conn, info.code, "nz")


def test_vantage_cohort_new_country(tmp_path, capsys):
    from tools.cli import main
    code = main(["cohort", "new", "--data-dir", str(tmp_path), "--narrative", "morning-bus", "--name", "P3",
                 "--country", "uk"])
    out = capsys.readouterr()
    assert code == 0 and "help lines for GB" in out.out
    assert main(["cohort", "new", "--data-dir", str(tmp_path), "--narrative", "morning-bus", "--name", "P4",
                 "--country", "Britain"]) == 2
    assert "not a country code" in capsys.readouterr().err


