"""Hostile bundles (valid checksum, any field changed to anything) are imported cleanly or refused with BadFile."""
from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings, strategies as st

from game.telemetry import bundle, db
from game.telemetry.files import BadFile
from tests.telemetry.helpers import answer_all, make_flow

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                    st.text(max_size=40), st.lists(st.text(max_size=5), max_size=3), st.dictionaries(
                        st.text(max_size=5), st.integers(), max_size=2))


_GOOD: dict[str, str] = {}


def _leaves(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, path + (i,))
    yield path


def _good_bundle(tmp_path_factory) -> dict:
    lab = tmp_path_factory.mktemp("lab")
    flow = make_flow(lab)
    flow.consent(True)
    answer_all(flow)
    flow.start_story()
    flow.choose("get-up")
    flow.choose("board")
    answer_all(flow)
    flow.done()
    flow.telemetry.close()
    conn = db.connect_readonly(db.default_db_path(lab))
    try:
        return bundle.build(conn)
    finally:
        conn.close()


@settings(max_examples=int(os.environ.get("VANTAGE_FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_bundles_never_crash_the_import(tmp_path_factory, data):
    if "doc" not in _GOOD:  # one real play, exported once; every example mutates a fresh copy
        _GOOD["doc"] = json.dumps(_good_bundle(tmp_path_factory))
    doc = json.loads(_GOOD["doc"])
    content = doc["content"]
    paths = list(_leaves(content))
    path = data.draw(st.sampled_from(paths))
    value = data.draw(SCALARS)
    if path:
        node = content
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    else:
        content = value
    doc["content"] = content
    doc["checksum"] = bundle.checksum(content)  # a consistent forgery: only the field checks stand in the way
    folder = tmp_path_factory.mktemp("imp")
    f = folder / "b.json"
    f.write_text(json.dumps(doc))
    conn = db.connect(folder / "t.sqlite3")
    try:
        try:
            bundle.import_files(conn, [f])
        except BadFile as exc:
            assert str(f) in str(exc)
            assert conn.execute("SELECT count(*) FROM play_sessions").fetchone()[0] == 0
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
