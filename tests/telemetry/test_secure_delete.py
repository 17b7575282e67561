import sqlite3

from game.telemetry.flow import Telemetry, TelemetryOptions
from tests.telemetry.fakes import FakeNarrative, FakeStory
from tests.telemetry.helpers import answer_all


def test_withdrawn_among_other_plays_leaves_no_bytes(tmp_path, monkeypatch):
    real_connect = sqlite3.connect

    def connect_default_off(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.execute("PRAGMA secure_delete = OFF")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect_default_off)
    tel = Telemetry.open(TelemetryOptions(data_dir=tmp_path, cohort=None, record=True))
    sids = []
    flows = []
    for i in range(5):
        flow = tel.new_flow(FakeNarrative(), player="text", story_factory=FakeStory, settings={"reduced_effects": True})
        flow.consent(True)
        answer_all(flow)
        flow.start_story()
        flow.choose("get-up")
        tel.writer().flush()
        sids.append(flow.recorder.session_id)
        flows.append(flow)
    flows[2].withdraw()
    tel.writer().flush()
    tel.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("telemetry.sqlite3"))
    assert sids[0].encode() in raw
    assert sids[2].encode() not in raw
