"""Benchmark: the report from xAPI statements (`vantage report --from-xapi`) against the same report from SQLite.

    python benchmarks/xapi_report.py [--statements 100000]

Simulates plays (the real runner and telemetry writer) until their statements number at least --statements, writes
them as JSON Lines (`vantage data export --xapi`), then times in the same run:
- the report from SQLite (analysis.build on the telemetry database): the floor;
- the report from the statements (read the file, rebuild the tables in memory, the same analysis.build);
- parsing the statements file with json.loads alone (what any reader of the file pays at least).
Prints both figures and the ratios; checks that the two reports are equal.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.telemetry import db  # noqa: E402
from tools.report import analysis, data  # noqa: E402
from tools.simulate import load_story_and_instrument, simulate  # noqa: E402
from tools.xapi_files import export_statements, read_statements  # noqa: E402

FILTERS = data.Filters(include_simulated=True)


def best(fn, repeat: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=100_000)
    args = ap.parse_args()
    narrative, instrument, _ = load_story_and_instrument("morning-bus")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # about 43 statements per play of morning-bus with its questionnaire; top up until there are enough
        made, seed, n_statements = 0, 0, 0
        path = folder / "statements.jsonl"
        while n_statements < args.statements:
            want = max(50, int((args.statements - n_statements) / 40) + 1)
            simulate(narrative, instrument, want, 0.3, seed=seed, cohort="KX7M4P", data_dir=folder)
            made += want
            seed += 1
            conn = db.connect_readonly(db.default_db_path(folder))
            n_statements = export_statements(conn, path, include_simulated=True)
            conn.close()
        print(f"{made} simulated plays, {n_statements} statements, {path.stat().st_size / 1e6:.1f} MB of JSON Lines")

        def from_sqlite():
            conn = db.connect_readonly(db.default_db_path(folder))
            try:
                return analysis.build(conn, FILTERS).report
            finally:
                conn.close()

        def from_xapi():
            conn = read_statements(path)
            try:
                return analysis.build(conn, FILTERS).report
            finally:
                conn.close()

        def parse_only():
            with open(path, encoding="utf-8") as fh:
                return sum(1 for line in fh if json.loads(line))

        t_sql, rep_sql = best(from_sqlite)
        t_parse, _ = best(parse_only)
        t_xapi, rep_xapi = best(from_xapi)
        same = rep_sql == rep_xapi
        print(f"report from SQLite (floor):        {t_sql:8.2f} s")
        print(f"json.loads of every statement:     {t_parse:8.2f} s")
        print(f"report from xAPI statements:       {t_xapi:8.2f} s  ({n_statements / t_xapi:,.0f} statements/s)")
        print(f"ratio xAPI / SQLite:               {t_xapi / t_sql:8.1f}x")
        print(f"ratio xAPI / bare JSON parse:      {t_xapi / t_parse:8.1f}x")
        print(f"reports equal: {same}")
        return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
