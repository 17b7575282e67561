"""How long recording a choice holds up the game thread, with the durability promise kept: no choice is taken
until the one before it is committed to disk (SQLite, WAL, synchronous=FULL: one fsync per commit).

Choices come back to back, at the pace of fast autoplay (a frame of 1/60 s between a menu and its choice), the worst
case for the promise. Two ways to keep it, measured in the same run:
  blocking (as before): Recorder.choice waits on the game thread for the previous choice's commit;
  held (the window now): the window asks Recorder.ready_for_choice (never blocks), draws frames while it is False,
    and records the choice once it is True, so Recorder.choice never waits.
Printed: p50/p99 of the game-thread time per choice for both, and the floor (a bare SimpleQueue.put after the same
pause). Target: held p99 <= 2 ms.

Run: python benchmarks/choice_latency.py [--choices 400]
"""
from __future__ import annotations

import argparse
import queue
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.story.events import BeatEntered, ChoiceOption, ChoicesOffered  # noqa: E402
from game.telemetry.recorder import Recorder  # noqa: E402
from game.telemetry.writer import Writer  # noqa: E402

MENU = ChoicesOffered("bus.door", (ChoiceOption("board", "s1", "Get on", 1, True, None),
                                   ChoiceOption("wait", "s2", "Wait", 2, True, None)))
FRAME = 1 / 60


def pct(values: list[float], p: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(p * len(v)))]


def run(folder: Path, n: int, held: bool) -> tuple[list[float], list[float], int]:
    """Game-thread wall seconds and CPU seconds per choice (the held way also counts each ready_for_choice
    question), and how many choices found the previous one not yet on disk."""
    writer = Writer(folder / f"{'held' if held else 'blocking'}.sqlite3")
    rec = Recorder.begin(writer, narrative_id="n", narrative_version="1", content_hash="h", player="simulated")
    writer.flush()
    wall, cpu, pending = [], [], 0
    for _ in range(n):
        rec.observe([BeatEntered("bus", "door"), MENU])
        time.sleep(FRAME)  # the menu is drawn; the student (autoplay) picks at the next frame
        pending += not writer.is_durable(writer.last_choice)
        w = c = 0.0
        if held:
            while True:
                t, tc = time.perf_counter(), time.thread_time()
                ready = rec.ready_for_choice()
                w, c = w + time.perf_counter() - t, c + time.thread_time() - tc
                if ready:
                    break
                time.sleep(FRAME / 4)  # frames go on; the choice is held
        t, tc = time.perf_counter(), time.thread_time()
        rec.choice("board")
        wall.append(w + time.perf_counter() - t)
        cpu.append(c + time.thread_time() - tc)
    writer.flush(timeout=60)
    writer.close()
    return wall, cpu, pending


def floor(n: int) -> list[float]:
    q: queue.SimpleQueue = queue.SimpleQueue()
    out = []
    for _ in range(n):
        time.sleep(FRAME)
        t = time.perf_counter()
        q.put((1, "event", ("s", 1, 2, "choice_made", "{}")))
        out.append(time.perf_counter() - t)
    return out


def same_work_floor(n: int, seconds: float) -> list[float]:
    """Wall time of plain Python work costing what a choice costs (no threads, no disk), after the same pause: what
    the machine's scheduling alone adds to a call of that length."""
    import json
    out = []
    payload = {"menu_id": "bus.door", "choice_id": "board", "position": 1, "decision_ms": 1234}
    reps = 1
    t = time.thread_time()
    while time.thread_time() - t < seconds * 50:  # calibrate: how many dumps make one choice's CPU time
        json.dumps(payload)
        reps += 1
    reps = max(1, reps // 50)
    for _ in range(n):
        time.sleep(FRAME)
        t = time.perf_counter()
        for _ in range(reps):
            json.dumps(payload)
        out.append(time.perf_counter() - t)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--choices", type=int, default=400)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        b_wall, b_cpu, b_pending = run(Path(tmp), args.choices, held=False)
        h_wall, h_cpu, h_pending = run(Path(tmp), args.choices, held=True)
    base = floor(args.choices)
    work = same_work_floor(args.choices, pct(h_cpu, .5))
    ms = 1000
    print(f"{args.choices} choices, one frame apart; game-thread time per choice (wall; thread CPU):")
    print(f"  blocking (waits for the previous commit): p50 {pct(b_wall, .5) * ms:.3f} ms, p99 "
          f"{pct(b_wall, .99) * ms:.3f} ms; CPU p99 {pct(b_cpu, .99) * ms:.3f} ms; "
          f"{b_pending} of {args.choices} found the previous choice not yet on disk")
    print(f"  held (asks, draws on, then records):      p50 {pct(h_wall, .5) * ms:.3f} ms, p99 "
          f"{pct(h_wall, .99) * ms:.3f} ms; CPU p99 {pct(h_cpu, .99) * ms:.3f} ms (target p99 <= 2 ms); "
          f"{h_pending} held")
    print(f"  floor (a bare queue put after a frame):   p50 {pct(base, .5) * ms:.3f} ms, p99 {pct(base, .99) * ms:.3f} ms")
    print(f"  floor (plain work of a choice's CPU cost): p50 {pct(work, .5) * ms:.3f} ms, p99 {pct(work, .99) * ms:.3f} ms")
    print(f"  ratio held/blocking wall p99 {pct(h_wall, .99) / pct(b_wall, .99):.3f}; held/same-work p99 "
          f"{pct(h_wall, .99) / pct(work, .99):.2f}x")
    print("  (wall time includes the machine's other processes: on a shared machine a few calls are preempted)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
