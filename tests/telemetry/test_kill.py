"""Killing the game (SIGKILL) at random moments never damages the database and loses no choice but the last."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from game import paths
from game.telemetry import db, writer

ROUNDS = 6


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_at_random_points_loses_nothing_before_the_previous_choice(tmp_path):
    rng = random.Random(20261121)
    printed: list[tuple[str, int, str]] = []
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT)}
    for round_ in range(ROUNDS):
        child = subprocess.Popen([sys.executable, "-m", "tests.telemetry.kill_child", str(tmp_path), str(round_)],
                                 cwd=paths.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert child.stdout.readline().strip() == "READY", child.stderr.read()
            target = rng.randrange(1, 120)
            got = []
            while len(got) < target:
                line = child.stdout.readline()
                assert line, child.stderr.read()
                _, sid, n, choice = line.split()
                got.append((sid, int(n), choice))
            if rng.random() < 0.5:
                time.sleep(rng.random() * 0.01)  # sometimes mid-write rather than right after a choice
        finally:
            child.send_signal(signal.SIGKILL)
            rest = child.communicate()[0]
        # lines the child printed before it died also count as choices made
        got += [(p[1], int(p[2]), p[3]) for p in (ln.split() for ln in rest.splitlines()) if len(p) == 4]
        printed += got
        conn = sqlite3.connect(db.default_db_path(tmp_path))
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {}
            # a place picked from a map's Places list is recorded as place_chosen, with the same durability
            for sid, payload in conn.execute("SELECT session_id, payload FROM events WHERE type IN "
                                             "('choice_made', 'place_chosen') ORDER BY session_id, seq"):
                stored.setdefault(sid, []).append(payload)
        finally:
            conn.close()
        must_have = got[:-1]  # all but the last choice made before the kill
        for sid, n, choice in must_have:
            recorded = stored.get(sid, [])
            assert len(recorded) >= n, f"round {round_}: choice {n} of {sid} lost"
            assert (f'"choice_id":"{choice}"' in recorded[n - 1] or f'"place":"{choice}"' in recorded[n - 1])
    # the next start recovers without any repair: plays cut off by a kill are marked abandoned, nothing is lost
    before = sqlite3.connect(db.default_db_path(tmp_path)).execute(
        "SELECT count(*) FROM events WHERE type IN ('choice_made', 'place_chosen')").fetchone()[0]
    conn = writer.open_for_play(db.default_db_path(tmp_path), tmp_path)
    try:
        assert conn.execute("SELECT count(*) FROM play_sessions WHERE ended_kind IS NULL").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM play_sessions WHERE ended_kind = 'abandoned'").fetchone()[0] >= 1
        assert conn.execute("SELECT count(*) FROM events WHERE type IN ('choice_made', 'place_chosen')"
                            ).fetchone()[0] == before
    finally:
        conn.close()
    assert len(printed) > ROUNDS
