"""Disclosure control on the live dashboard: every figure shown is 0, at least 5, or hidden, and no figure that is
shown exactly in two successive versions changes by fewer than 5 students (no one student recovered by subtraction
as counts update)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.serve.hub_helpers import new_cohort, simulate_plays
from tools.serve import disclosure, live


def _shown_ints(table):
    return [c for c in table["cells"] if isinstance(c, int)] + ([table["total"]] if isinstance(table["total"], int)
                                                                 else [])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3), min_size=1, max_size=40))
def test_successive_versions_never_differ_by_fewer_than_five(steps):
    releaser = live.Releaser()
    counts = [0, 0, 0]
    previous = None
    for step in steps:  # students arrive a few at a time, at any option
        counts = [c + s for c, s in zip(counts, step)]
        shown = releaser.release("menu", ["a", "b", "c"], counts)
        for v in _shown_ints(shown):
            assert v == 0 or v >= 5
        if previous is not None:
            for before, after in zip(previous["cells"] + [previous["total"]], shown["cells"] + [shown["total"]]):
                if isinstance(before, int) and isinstance(after, int):
                    assert before == after or abs(after - before) >= 5, (previous, shown)
        previous = shown
        assert shown["waiting"] == (releaser._released["menu"][1] != counts)


def test_a_held_table_catches_up_once_the_change_is_big_enough():
    r = live.Releaser()
    assert r.release("m", ["a", "b"], [5, 5])["cells"] == [5, 5]
    held = r.release("m", ["a", "b"], [6, 5])
    assert held["cells"] == [5, 5] and held["total"] == 10 and held["waiting"]
    caught_up = r.release("m", ["a", "b"], [10, 10])
    assert caught_up["cells"] == [10, 10] and not caught_up["waiting"]


def test_safe_update_reads_hidden_figures_as_unknown():
    assert disclosure.safe_update(([5, "<5"], 8), ([5, 5], 10), 5) is False  # the total moved by 2
    assert disclosure.safe_update((["<5", "<5"], 5), ([6, "<5"], 11), 5) is True
    assert disclosure.safe_update((["<5", "<5"], 5), ([6, "<5"], 9), 5) is False  # the total moved by 4
    assert disclosure.safe_update(([5, 5], 10), ([6, 5], 11), 5) is False


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
