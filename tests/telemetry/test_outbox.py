"""The outbox: a durable FIFO that survives a restart, sends oldest first in batches, backs off after failures, keeps
refused items aside, and (for an LRS) never queues an item already delivered. The game thread never waits on it."""
from __future__ import annotations

import random
import threading
import time

from game.telemetry.outbox import Answer, Backoff, Outbox, Sender, Verdict


def test_items_survive_a_restart_and_leave_oldest_first_in_batches(tmp_path):
    box = Outbox(tmp_path / "o.sqlite3")
    assert box.put([(f"id{i}", None, f'{{"n":{i}}}') for i in range(7)]) == 7
    assert box.put([("id3", None, "{}")]) == 0, "an id already queued is queued once"
    box.close()
    box = Outbox(tmp_path / "o.sqlite3")  # the process was killed and started again
    batches = []
    sender = Sender(box, lambda items: batches.append([i.item_id for i in items]) or Answer(Verdict.SENT), batch=3)
    while sender.send_once() is not None:
        pass
    assert batches == [["id0", "id1", "id2"], ["id3", "id4", "id5"], ["id6"]]
    assert box.pending() == 0


def test_a_batch_is_cut_at_the_byte_limit_but_never_empty(tmp_path):
    box = Outbox(tmp_path / "o.sqlite3")
    box.put([("a", None, "x" * 100), ("b", None, "y" * 100)])
    assert [i.item_id for i in box.peek(10, 150)] == ["a"]
    assert [i.item_id for i in box.peek(10, 10)] == ["a"]


def test_failures_back_off_and_nothing_is_lost(tmp_path):
    box = Outbox(tmp_path / "o.sqlite3")
    box.put([("a", None, "{}")])
    answers = iter([Answer(Verdict.RETRY, "down")] * 3 + [Answer(Verdict.SENT)])
    sender = Sender(box, lambda items: next(answers))
    for expected_failures in (1, 2, 3):
        assert sender.send_once().verdict is Verdict.RETRY
        assert sender.failures == expected_failures and box.pending() == 1
    assert sender.send_once().verdict is Verdict.SENT and box.pending() == 0 and sender.failures == 0


def test_backoff_grows_to_its_cap_with_jitter():
    b, rng = Backoff(base=0.5, cap=8.0, jitter=0.5), random.Random(1)
    delays = [b.delay(n, rng) for n in range(1, 10)]
    assert b.delay(0, rng) == 0.0
    assert all(0.25 <= d <= 0.5 for d in delays[:1]) and all(d <= 8.0 for d in delays)
    assert max(delays[5:]) > 4.0


def test_refused_items_are_kept_aside_and_not_resent(tmp_path):
    box = Outbox(tmp_path / "o.sqlite3")
    box.put([("a", None, "{}"), ("b", None, "{}")])
    sender = Sender(box, lambda items: Answer(Verdict.REFUSED, "422 malformed"), batch=1)
    sender.send_once()
    assert box.pending() == 1 and box.refused() == [("a", "422 malformed")]


def test_a_transport_that_raises_is_a_failed_try_not_a_dead_thread(tmp_path):
    box = Outbox(tmp_path / "o.sqlite3")
    box.put([("a", None, "{}")])
    sender = Sender(box, lambda items: 1 / 0)
    assert sender.send_once().verdict is Verdict.RETRY and box.pending() == 1


def test_remembered_deliveries_are_never_queued_again(tmp_path):
    box = Outbox(tmp_path / "o.sqlite3", remember_sent=True)
    box.put([("s1", None, "{}"), ("s2", None, "{}")])
    Sender(box, lambda items: Answer(Verdict.SENT)).send_once()
    assert box.put([("s1", None, "{}"), ("s2", None, "{}"), ("s3", None, "{}")]) == 1


def test_dropping_a_group_forgets_its_unsent_items(tmp_path):
    box = Outbox(tmp_path / "o.sqlite3")
    box.put([("a", "play1", "{}"), ("b", "play2", "{}"), ("c", "play1", "{}")])
    assert box.drop_group("play1") == 2 and [i.item_id for i in box.peek(10, 1000)] == ["b"]


def test_the_thread_sends_in_the_background_and_stops(tmp_path):
    box = Outbox(tmp_path / "o.sqlite3")
    got = []
    gate = threading.Event()

    def slow(items):
        gate.wait(5)  # the network is slow: only the sender thread waits
        got.extend(i.item_id for i in items)
        return Answer(Verdict.SENT)

    sender = Sender(box, slow, idle_poll=0.05).start()
    t0 = time.perf_counter()
    box.put([("a", None, "{}")])
    sender.poke()
    assert time.perf_counter() - t0 < 1.0
    gate.set()
    assert sender.wait_empty(5) and got == ["a"]
    sender.stop()


def test_a_failing_network_copy_never_stops_the_local_recording(tmp_path):
    from game.telemetry.recorder import Recorder
    from game.telemetry.writer import Writer
    told = []

    def broken_mirror(conn, ops):
        raise OSError("disk of the outbox is full")

    w = Writer(tmp_path / "t.sqlite3", mirror=broken_mirror, report_problem=lambda d, m: told.append(m))
    rec = Recorder.begin(w, narrative_id="n", narrative_version="1", content_hash="h", player="text")
    rec.end("abandoned")
    assert w.flush() and w.ok
    w.submit("barrier")
    assert w.flush()
    w.close()
    import sqlite3
    conn = sqlite3.connect(tmp_path / "t.sqlite3")
    assert conn.execute("SELECT ended_kind FROM play_sessions").fetchall() == [("abandoned",)]
    conn.close()
    assert len(told) == 1 and "class hub" in told[0]


def test_one_refused_item_does_not_take_the_good_ones_of_its_batch_aside(tmp_path):
    box = Outbox(tmp_path / "o.sqlite3")
    box.put([("good1", None, "{}"), ("bad", None, "{}"), ("good2", None, "{}")])
    delivered, told = [], []

    def receiver(items):
        if any(i.item_id == "bad" for i in items):
            return Answer(Verdict.REFUSED, "422 malformed")  # the whole batch is refused, as the hub does
        delivered.extend(i.item_id for i in items)
        return Answer(Verdict.SENT)

    sender = Sender(box, receiver, on_refused=lambda n, why: told.append((n, why)))
    sender.send_once()
    assert delivered == ["good1", "good2"] and box.pending() == 0
    assert box.refused() == [("bad", "422 malformed")] and told == [(1, "422 malformed")]
