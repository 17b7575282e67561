"""A play in another language records its locale and asks the questionnaire in that language, with the same item
ids (so answers stay comparable by id, and a report can split them by language)."""
from __future__ import annotations

import sqlite3

from game.content import load_narrative
from game.content.translation import in_language
from game.telemetry.flow import Step, Telemetry, TelemetryOptions
from game.telemetry.instrument_translation import EQUIVALENCE_NOTE
from game.telemetry.instruments import load_instrument
from tests.telemetry.helpers import answer_all


def _db(data_dir):
    return sqlite3.connect(next(data_dir.glob("*.sqlite3")))


def test_a_spanish_play_records_es_and_asks_the_spanish_questionnaire(tmp_path):
    narrative, note = in_language(load_narrative("morning-bus").narrative, "es")
    assert note is None
    tel = Telemetry.open(TelemetryOptions(data_dir=tmp_path, record=True))
    flow = tel.new_flow(narrative, player="text")
    flow.consent(True)
    assert flow.step is Step.PRE
    inst = flow.questionnaire
    original = load_instrument("attitudes-short")
    assert inst.translation == "es" and inst.title == "¿Qué piensas?"
    assert [i.id for i in inst.items] == [i.id for i in original.items]
    assert inst.items[0].text != original.items[0].text and inst.labels[0] == "Totalmente en desacuerdo"
    answer_all(flow)
    flow.leave()
    flow.done()
    tel.close()
    conn = _db(tmp_path)
    assert conn.execute("SELECT locale FROM play_sessions").fetchall() == [("es",)]
    ids = {r[0] for r in conn.execute("SELECT item_id FROM questionnaire_answers")}
    assert ids == {i.id for i in original.items}
    assert "measurement equivalence" in EQUIVALENCE_NOTE


def test_an_english_play_records_en(tmp_path):
    tel = Telemetry.open(TelemetryOptions(data_dir=tmp_path, record=True))
    flow = tel.new_flow(load_narrative("morning-bus").narrative, player="text")
    flow.consent(True)
    assert flow.questionnaire.translation is None
    answer_all(flow)
    flow.leave()
    flow.done()
    tel.close()
    assert _db(tmp_path).execute("SELECT locale FROM play_sessions").fetchall() == [("en",)]
