"""Benchmark: the class hub under a class's load, against a bare standard-library server in the same run.

    python benchmarks/hub_load.py [--machines 30] [--plays 60]

Simulated plays are cut into pieces of a few events (as the outbox sends them during play) and posted by --machines
threads at once, each over its own connections, as fast as they can. The floor is Python's ThreadingHTTPServer
with a handler that only reads the body and answers 200; the hub additionally checks every piece as `vantage data
import` does and commits it to SQLite (synchronous=FULL), and recomputes the dashboard figures in the background.
Prints requests/s and latency for both, and the ratio. A real class sends a few requests per machine per minute.
"""
from __future__ import annotations

import argparse
import http.client
import http.server
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.telemetry import bundle, cohorts, db  # noqa: E402
from tools.serve.hub import Hub, make_server  # noqa: E402
from tools.simulate import load_story_and_instrument, simulate  # noqa: E402

JOIN = "CDFGH-JKMNP"


def pieces_of(play: dict, size: int = 4) -> list[bytes]:
    out = []
    events, answers = play["events"], play["answers"]
    chunks = [events[i:i + size] for i in range(0, len(events), size)] or [[]]
    for k, chunk in enumerate(chunks):
        piece = {**play, "events": chunk, "answers": answers if k == 0 else [],
                 **({} if k == len(chunks) - 1 else {"ended_kind": None, "ending_id": None, "duration_ms": None})}
        out.append(json.dumps({"pieces": [{"play": piece}]}).encode())
    return out


def hammer(port: int, bodies_per_machine: list[list[bytes]]) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()

    def machine(bodies: list[bytes]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        for body in bodies:
            t = time.perf_counter()
            conn.request("POST", "/api/plays", body=body, headers={
                "Content-Type": "application/json", "Authorization": f"Bearer {JOIN}"})
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                raise SystemExit(f"status {r.status}")
            if r.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - t)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=machine, args=(b,)) for b in bodies_per_machine]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, sorted(latencies)


class Bare(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as the hub's handler

    def log_message(self, *a) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--machines", type=int, default=30)
    ap.add_argument("--plays", type=int, default=150)
    args = ap.parse_args()
    narrative, instrument, _ = load_story_and_instrument("morning-bus")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        conn = db.connect(db.default_db_path(folder / "hub"))
        code = cohorts.create(conn, "morning-bus", "bench").code
        conn.close()
        simulate(narrative, instrument, args.plays, 0.3, seed=1, cohort=code, data_dir=folder / "lab")
        conn = db.connect_readonly(db.default_db_path(folder / "lab"))
        plays = bundle.build(conn)["content"]["sessions"]
        conn.close()
        per = [[] for _ in range(args.machines)]
        for i, play in enumerate(plays):
            per[i % args.machines].extend(pieces_of(play))
        n = sum(len(b) for b in per)

        class BareServer(http.server.ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 64  # as the hub's server: 30 machines connect at once

        bare = BareServer(("127.0.0.1", 0), Bare)
        threading.Thread(target=bare.serve_forever, daemon=True).start()
        t_bare, lat_bare = hammer(bare.server_address[1], per)
        bare.shutdown()
        bare.server_close()

        hub = Hub(db.default_db_path(folder / "hub"), code, JOIN, "key")
        server = make_server(hub)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        t_hub, lat_hub = hammer(server.server_address[1], per)
        server.shutdown()
        server.server_close()
        hub.close()
        stored = db.connect_readonly(db.default_db_path(folder / "hub"))
        events = stored.execute("SELECT count(*) FROM events").fetchone()[0]
        stored.close()
        assert events == sum(len(p["events"]) for p in plays), "every event stored once"

    def pct(lat: list[float], p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000

    print(f"{n} requests (pieces of about 4 events) from {args.machines} machines at once, {args.plays} plays")
    print(f"floor, bare ThreadingHTTPServer: {n / t_bare:8,.0f} requests/s   p50 {pct(lat_bare, .5):6.1f} ms   "
          f"p99 {pct(lat_bare, .99):6.1f} ms")
    print(f"class hub (check + store):       {n / t_hub:8,.0f} requests/s   p50 {pct(lat_hub, .5):6.1f} ms   "
          f"p99 {pct(lat_hub, .99):6.1f} ms")
    print(f"ratio hub / floor (time):        {t_hub / t_bare:8.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
