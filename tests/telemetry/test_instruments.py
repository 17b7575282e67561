"""Questionnaire files: the default instrument is complete and valid; broken files give file:line:col messages."""
from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from game import paths
from game.telemetry.instruments import InstrumentError, bundled_instruments, load_instrument, parse_instrument

SCHEMA = json.loads((paths.ROOT / "docs" / "schema" / "questionnaire.schema.json").read_text())


def test_default_instrument_covers_the_five_subscales():
    inst = load_instrument("attitudes-short")
    assert 8 <= len(inst.items) <= 12
    assert set(inst.subscales) == {"social_distance", "dangerousness", "blame", "empathy", "help_seeking"}
    for sub in inst.subscales:
        items = [i for i in inst.items if i.subscale == sub]
        assert items and any(i.reverse for i in items) and not all(i.reverse for i in items), sub
    assert len(inst.labels) == 5 and inst.prefer_not_to_say
    assert "CC-BY-4.0" in inst.licence or "CC0" in inst.licence


def test_every_bundled_instrument_matches_the_published_schema():
    insts = bundled_instruments()
    assert insts
    for path in paths.QUESTIONNAIRES_DIR.glob("*.yaml"):
        jsonschema.validate(yaml.load(path.read_text(), Loader=yaml.SafeLoader), SCHEMA)


def test_reverse_scoring():
    inst = load_instrument("attitudes-short")
    rev = next(i for i in inst.items if i.reverse)
    fwd = next(i for i in inst.items if not i.reverse)
    assert [inst.score(rev.id, v) for v in (1, 2, 3, 4, 5, None)] == [5, 4, 3, 2, 1, None]
    assert [inst.score(fwd.id, v) for v in (1, 5)] == [1, 5]


GOOD = """id: t
version: 1
title: T
licence: ours
higher_means: more stigma
scale: {labels: [Never, Always]}
subscales: {s: S}
items:
  - id: a
    subscale: s
    text: Hello
"""


@pytest.mark.parametrize("broken, where, words", [
    (GOOD.replace("subscale: s\n", "subscale: nope\n"), ":10:15:", "not listed"),
    (GOOD.replace("  - id: a\n", "  - id: a\n    colour: red\n"), ":10:5:", "unknown key `colour`"),
    (GOOD + "  - id: a\n    subscale: s\n    text: Again\n", ":12:9:", "used twice"),
    (GOOD.replace("[Never, Always]", "[Never]"), ":6:", "at least 2"),
    (GOOD.replace("title: T\n", "title: [\n"), ":", "is never closed"),
    ("- just a list\n", ":1:1:", "the questionnaire should be a mapping"),
    (GOOD.replace("version: 1", "version: !!python/object:os.system echo"), ":2:10:", "is not allowed"),
    (GOOD.replace("title: T\n", "title: T\ntitle: U\n"), ":4:1:", "appears twice"),
    (GOOD.replace("subscales: {s: S}", "subscales: {s: &x S, t: *x}"), ":7:", "not allowed"),
])
def test_broken_files_give_a_located_message(broken, where, words):
    with pytest.raises(InstrumentError) as err:
        parse_instrument(broken, "q.yaml")
    msg = str(err.value)
    assert msg.startswith("q.yaml" + where) and words in msg, msg


def test_unknown_instrument_id_is_a_clear_error():
    with pytest.raises(InstrumentError, match="no such questionnaire"):
        load_instrument("no-such-instrument")


def test_vantage_check_reports_a_broken_questionnaire_with_its_place(tmp_path, capsys):
    from tools import cli
    good = tmp_path / "t.yaml"
    good.write_text(GOOD)
    assert cli.main(["check", str(good)]) == 0
    bad = tmp_path / "b.yaml"
    bad.write_text(GOOD.replace("  - id: a\n", "  - id: a\n    colour: red\n").replace("id: t\n", "id: b\n", 1))
    capsys.readouterr()
    assert cli.main(["check", str(bad)]) == 1
    out = capsys.readouterr()
    assert f"{bad}:10:5: error[V010]: unknown key `colour`" in out.out + out.err
