"""Benchmark: the facilitator's report over many simulated participants.

    python benchmarks/report_scale.py [--participants 10000] [--keep DIR]

Makes the data with `vantage simulate` (the real runner and telemetry writer), in four classes of a quarter each, then:
- time: building the report (every statistic, suppression, the terminal summary) as a ratio to the floor measured in
  the same run: reading the same rows (plays, answers, menu, choice and locked-attempt events) with plain sqlite3 (target <= 3x);
- memory: the peak Python allocation (tracemalloc, numpy included) while building the report for 1/4, 1/2 and all of
  the participants, to show it stays flat (a few compact arrays, never an object per row). SQLite's own page cache
  is outside tracemalloc and bounded by its cache_size.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.telemetry import db  # noqa: E402
from tools.report import analysis, data, text  # noqa: E402
from tools.simulate import load_story_and_instrument, simulate  # noqa: E402

CLASSES = ("KX7M4P", "HJ9CDF", "QRTV34", "WX79GH")


def make_data(folder: Path, participants: int) -> None:
    narrative, instrument, _ = load_story_and_instrument("morning-bus")
    per = participants // len(CLASSES)
    for k, code in enumerate(CLASSES):
        simulate(narrative, instrument, per, 0.3, seed=k, cohort=code, data_dir=folder)


def floor_read(path: Path, cohorts: tuple[str, ...]) -> tuple[float, int]:
    """Plain sqlite3: fetch every row the report reads and touch each one. Returns (seconds, rows)."""
    t0 = time.perf_counter()
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    marks = ",".join("?" * len(cohorts))
    rows = 0
    for query in (
            f"SELECT * FROM play_sessions WHERE cohort_code IN ({marks})",
            f"SELECT a.* FROM questionnaire_answers a JOIN play_sessions s USING (session_id) "
            f"WHERE s.cohort_code IN ({marks})",
            f"SELECT e.* FROM events e JOIN play_sessions s USING (session_id) "
            f"WHERE e.type IN ('menu_offered', 'choice_made', 'locked_choice_tried') AND s.cohort_code IN ({marks})"):
        for _row in conn.execute(query, cohorts):
            rows += 1
    conn.close()
    return time.perf_counter() - t0, rows


def report_once(path: Path, cohorts: tuple[str, ...]) -> tuple[float, dict]:
    t0 = time.perf_counter()
    conn = db.connect_readonly(path)
    result = analysis.build(conn, data.Filters(cohorts=cohorts, include_simulated=True))
    text.render(result.report)
    conn.close()
    return time.perf_counter() - t0, result.report


def best_of(fn, repeat: int = 3):
    best = None
    out = None
    for _ in range(repeat):
        t, out = fn()
        best = t if best is None else min(best, t)
    return best, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--participants", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep (and reuse) the simulated database in")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="vantage-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = db.default_db_path(folder)
    if not path.exists():
        t0 = time.perf_counter()
        make_data(folder, args.participants)
        print(f"simulated {args.participants} participants through runner + recorder in "
              f"{time.perf_counter() - t0:.1f} s")
    conn = sqlite3.connect(path)
    n_sessions, n_answers, n_events = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                       for t in ("play_sessions", "questionnaire_answers", "events"))
    conn.close()
    print(f"database: {n_sessions} plays, {n_answers} answers, {n_events} events ({path.stat().st_size / 1e6:.1f} MB)")

    print("\ntime (best of 3)")
    floor, rows = best_of(lambda: floor_read(path, CLASSES))
    rep_t, rep = best_of(lambda: report_once(path, CLASSES))
    print(f"  floor: plain sqlite3 reading the same {rows} rows   {floor * 1000:8.1f} ms")
    print(f"  report over {rep['participation']['started']} plays           {rep_t * 1000:8.1f} ms   "
          f"ratio {rep_t / floor:.2f}x (target <= 3x)")

    conn = db.connect_readonly(path)
    report = analysis.build(conn, data.Filters(cohorts=CLASSES, include_simulated=True)).report
    conn.close()
    tried = [f"{m['menu_id']}/{o['choice_id']} {o['tried_while_locked']} of {o['locked_for']}"
             for m in report["menus"] for o in m["options"] if o["locked_for"] not in (0, None)]
    print(f"  tried while locked (students, of those it was locked for): {'; '.join(tried) or 'no locked options'}")
    from tools.report import html  # imports matplotlib, outside the timing
    t0 = time.perf_counter()
    html.render(report)
    html_t = time.perf_counter() - t0
    print(f"  the HTML page with its charts adds  {html_t * 1000:8.1f} ms (independent of the number of plays)")

    print("\npeak memory while building the report (tracemalloc)")
    for k in (1, 2, 4):
        cohorts = CLASSES[:k]
        tracemalloc.start()
        _, rep = report_once(path, cohorts)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        plays = rep["participation"]["started"]
        print(f"  {plays:>6} participants: peak {peak / 1e6:6.1f} MB  ({peak / plays:,.0f} bytes per participant)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
