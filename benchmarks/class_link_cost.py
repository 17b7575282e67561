"""Benchmark: what sending plays to the class hub costs the game, as ratios to the same run without it.

    python benchmarks/class_link_cost.py [--events 60000]

With `vantage play --server` the telemetry writer also queues each committed batch in the outbox, and a sender
thread posts it. The game thread still only enqueues. Measured here, in the same run, with and without the link (the
hub unreachable, so the sender keeps failing and retrying: the worst case for the game):
1. the game thread's cost of recording an event and a choice (p50 and p99, microseconds);
2. sustained events/s through the writer thread into SQLite (the link adds the outbox write per batch).
The copy to the outbox runs on the writer thread after each commit is marked durable, so a huge burst (like part 2)
delays the next commit by its copy: in play a batch is the few events between two choices.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.telemetry_throughput import MENU, STREAM, percentile  # noqa: E402
from game.story.events import BeatEntered  # noqa: E402
from game.telemetry.classlink import ClassLink  # noqa: E402
from game.telemetry.recorder import Recorder  # noqa: E402
from game.telemetry.writer import Writer  # noqa: E402


def run(folder: Path, n: int, linked: bool) -> dict[str, float]:
    folder.mkdir(parents=True, exist_ok=True)
    link = ClassLink(folder, "http://127.0.0.1:9", "CDFGH-JKMNP") if linked else None  # nothing listens on 9
    w = Writer(folder / "t.sqlite3", mirror=link.mirror if link else None)
    rec = Recorder.begin(w, narrative_id="n", narrative_version="1", content_hash="h", player="simulated",
                         cohort_code="KX7M4P")
    w.flush()
    t0 = time.perf_counter()
    sent = 0
    while sent < n:
        rec.observe(STREAM)
        sent += len(STREAM)
    assert w.flush(timeout=300)
    rate = sent / (time.perf_counter() - t0)
    # the writer copies each committed batch to the outbox after marking it durable; let it finish copying the
    # 60,000-event burst above (a second barrier is written only after that) so the costs below are of play
    assert w.flush(timeout=300)
    ev, ch = [], []
    beat = [BeatEntered("bus", "door")]
    for i in range(min(n, 20_000)):
        t = time.perf_counter_ns()
        rec.observe(beat)
        ev.append(time.perf_counter_ns() - t)
        if i % 250 == 0:
            rec.observe([MENU])
            time.sleep(0.02)  # a person takes seconds to choose
            t = time.perf_counter_ns()
            rec.choice("board")
            ch.append(time.perf_counter_ns() - t)
    w.flush(timeout=120)
    w.close()
    pending = link.outbox.pending() if link else 0
    if link:
        link.close()
    return {"rate": rate, "ev50": percentile(ev, .5), "ev99": percentile(ev, .99), "ch50": percentile(ch, .5),
            "ch99": percentile(ch, .99), "pending": pending}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=60_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain = run(Path(tmp) / "plain", args.events, False)
        linked = run(Path(tmp) / "linked", args.events, True)
    for name, r in (("without the class link", plain), ("with the class link   ", linked)):
        print(f"{name}  {r['rate']:10,.0f} events/s   event p50 {r['ev50']:5.2f} us p99 {r['ev99']:6.2f} us   "
              f"choice p50 {r['ch50']:6.2f} us p99 {r['ch99']:7.2f} us")
    print(f"ratios with/without: events/s {linked['rate'] / plain['rate']:.2f}   event p99 "
          f"{linked['ev99'] / max(plain['ev99'], 1e-3):.2f}   choice p99 {linked['ch99'] / max(plain['ch99'], 1e-3):.2f}"
          f"   (pieces waiting in the outbox for the unreachable hub: {linked['pending']})")


if __name__ == "__main__":
    main()
