"""Benchmark: statements per second from the outbox into a real LRS (ralph 5.1.0, file-system backend).

    python benchmarks/lrs_throughput.py [--plays 200]

Needs the ralph environment `.ci/run` prepares (.ci/ralph-venv). Starts ralph on 127.0.0.1 with two users whose
statements go to separate files, simulates plays, then times in the same run:
- the floor: one plain HTTP POST of all the statements, already serialised, to ralph (user 1);
- `vantage lrs send`'s path: building the statements, queueing them in the outbox (SQLite), sending them and marking
  them delivered (user 2).
Both send in one request, because ralph 5.1.0's file backend accepts one write per file (see tests/tools/
test_lrs_ralph.py). Prints statements/s for both and the ratio.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "tools"))

from game.telemetry import db, xapi  # noqa: E402
from game.telemetry.outbox import Outbox, Sender  # noqa: E402
from tools import lrs  # noqa: E402
from tools.simulate import load_story_and_instrument, simulate  # noqa: E402

RALPH = ROOT / ".ci" / "ralph-venv" / "bin" / "ralph"


def start_ralph(folder: Path) -> tuple[subprocess.Popen, str]:
    import re
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "RALPH_AUTH_FILE": str(folder / "auth.json"), "RALPH_APP_DIR": str(folder / "app"),
           "RALPH_RUNSERVER_BACKEND": "fs"}
    for user, target in (("floor", "floor"), ("outbox", "outbox")):
        subprocess.run([str(RALPH), "auth", "-u", user, "-p", "pw", "-s", "all", "-t", target, "-A", user,
                        "https://vantage.invalid", "-w"], env=env, cwd=folder, check=True, capture_output=True)
        (folder / "data" / target).mkdir(parents=True, exist_ok=True)
    log = folder / "ralph.log"
    proc = subprocess.Popen([str(RALPH), "runserver", "-b", "fs", "--fs-default-directory-path",
                             str(folder / "data"), "-h", "127.0.0.1", "-p", "0"], env=env, cwd=folder,
                            stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        m = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", log.read_text())
        if m:
            url = f"http://127.0.0.1:{m.group(1)}"
            while time.monotonic() < deadline:
                try:
                    urllib.request.urlopen(url + "/__heartbeat__", timeout=2).read()
                    return proc, url
                except OSError:
                    time.sleep(0.2)
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit(f"ralph did not start: {log.read_text()[-1500:]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plays", type=int, default=200)
    args = ap.parse_args()
    if not RALPH.exists():
        print(f"ralph is not installed at {RALPH}: run .ci/run once (it prepares that environment)")
        return 1
    narrative, instrument, _ = load_story_and_instrument("morning-bus")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        simulate(narrative, instrument, args.plays, 0.3, seed=1, cohort="KX7M4P", data_dir=folder / "plays")
        proc, url = start_ralph(folder / "ralph")
        try:
            conn = db.connect_readonly(db.default_db_path(folder / "plays"))
            body = ("[" + ",".join(json.dumps(s, sort_keys=True, separators=(",", ":"))
                                   for s in xapi.statements(conn, include_simulated=True)) + "]").encode()
            n = len(json.loads(body))
            auth = "Basic " + base64.b64encode(b"floor:pw").decode()
            t0 = time.perf_counter()
            req = urllib.request.Request(url + "/xAPI/statements", data=body, method="POST", headers={
                "Content-Type": "application/json", "Authorization": auth, "X-Experience-API-Version": "1.0.3"})
            urllib.request.urlopen(req, timeout=600).read()
            t_floor = time.perf_counter() - t0

            t0 = time.perf_counter()
            box = Outbox(folder / "outbox.sqlite3", remember_sent=True)
            queued = lrs.queue_statements(box, conn, None, xapi.DEFAULT_HOMEPAGE)
            sender = Sender(box, lrs.lrs_transport(url + "/xAPI/", "outbox", "pw", timeout=600), batch=n,
                            max_bytes=1 << 30)
            done = lrs.send_all(sender)
            t_outbox = time.perf_counter() - t0
            conn.close()
            assert done and queued == n and box.pending() == 0, (done, queued, n, box.pending())
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(20)
    print(f"{n} statements from {args.plays} simulated plays")
    print(f"floor, one plain POST to ralph:        {n / t_floor:10,.0f} statements/s ({t_floor:.2f} s)")
    print(f"vantage lrs send (outbox -> ralph):    {n / t_outbox:10,.0f} statements/s ({t_outbox:.2f} s)")
    print(f"ratio outbox / floor (time):           {t_outbox / t_floor:10.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
