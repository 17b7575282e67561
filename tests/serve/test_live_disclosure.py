"""Disclosure control on the live dashboard: every figure shown is 0, at least 5, or hidden, and no figure that is
shown exactly in two successive versions changes by fewer than 5 students (no one student recovered by subtraction
as counts update)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.serve.hub_helpers import new_cohort, simulate_plays
from tools.serve import disclosure, live


def _release(releaser, key, labels, counts):
    """As live.figures does: this refresh's Disclosure shows the table, the releaser decides whether it may change."""
    dc = disclosure.Disclosure(5, population=sum(counts))
    return releaser.release(key, labels, counts, *dc.table(counts))


def _shown_ints(table):
    return [c for c in table["cells"] if isinstance(c, int)] + ([table["total"]] if isinstance(table["total"], int)
                                                                 else [])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(-2, 3), min_size=3, max_size=3), min_size=1, max_size=40))
def test_no_two_versions_a_viewer_saw_differ_by_fewer_than_five(steps):
    """Counts move up and down (students go from playing to finished); whatever the sequence, every figure is 0, at
    least 5 or hidden, and no two exact values one figure was ever shown with differ by 1 to 4."""
    releaser = live.Releaser()
    counts = [0, 0, 0]
    seen: dict[str, set[int]] = {}
    for step in steps:
        counts = [max(0, c + s) for c, s in zip(counts, step)]
        shown = _release(releaser, "status", ["a", "b", "c"], counts)
        for v in _shown_ints(shown):
            assert v == 0 or v >= 5
        for name, value in [*zip(shown["labels"], shown["cells"]), ("total", shown["total"])]:
            if isinstance(value, int):
                assert all(v == value or abs(v - value) >= 5 for v in seen.get(name, ())), (name, value, seen)
                seen.setdefault(name, set()).add(value)
        assert shown["waiting"] == (releaser._released.get("status", ((), [0, 0, 0]))[1] != counts)


def test_a_held_table_catches_up_once_the_change_is_big_enough():
    r = live.Releaser()
    assert _release(r, "m", ["a", "b"], [5, 5])["cells"] == [5, 5]
    held = _release(r, "m", ["a", "b"], [6, 5])
    assert held["cells"] == [5, 5] and held["total"] == 10 and held["waiting"]
    caught_up = _release(r, "m", ["a", "b"], [10, 10])
    assert caught_up["cells"] == [10, 10] and not caught_up["waiting"]


def test_safe_update_compares_with_every_exact_value_shown_before():
    assert disclosure.safe_update({"a": {0, 5}, "t": {0, 8}}, {"a": 5, "t": 10}) is False  # the total moved by 2
    assert disclosure.safe_update({"a": {0}, "t": {0, 5}}, {"a": 6, "b": "<5", "t": 11}) is True
    assert disclosure.safe_update({"a": {0, 5, 10}}, {"a": 6}) is False, "5, then <5 or 10, then 6 gives 1 away"
    assert disclosure.safe_update({"a": {0, 5}}, {"a": "<5"}) is True


def test_the_attitude_shift_appears_once_ten_answered_and_moves_in_steps_of_five(tmp_path):
    from game.telemetry import bundle, db
    hub_dir = tmp_path / "hub"
    code = new_cohort(hub_dir)
    plays = [p for p in simulate_plays(tmp_path / "lab", code, 24, seed=9) if p["ended_kind"] == "finished"]
    conn = db.connect(db.default_db_path(hub_dir))
    releaser = live.Releaser()

    def add(ps):
        conn.execute("BEGIN")
        for p in ps:
            bundle.insert_play(conn, p)
        conn.execute("COMMIT")
        return live.figures(conn, code, releaser, {})["attitude"]

    assert add(plays[:9]) is None, "fewer than ten students answered before and after"
    first = add(plays[9:12])
    assert first is not None and first["n"] >= live.ATTITUDE_MIN_PAIRS
    again = add(plays[12:13])
    assert again["n"] == first["n"] and again["waiting"], "one more student must not move the figure"
    later = add(plays[13:18])
    assert later["n"] >= first["n"] + 5 and not later["waiting"]
    conn.close()
