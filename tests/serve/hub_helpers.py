"""Shared helpers for the class-hub tests: a hub on 127.0.0.1 (port 0), simulated plays, and raw HTTP requests."""
from __future__ import annotations

import http.client
import json
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from game.content import load_narrative
from game.telemetry import bundle, cohorts, db
from tools.serve.hub import Hub, make_server


_hub_dir_of: dict[str, Path] = {}  # classroom code -> the hub's folder, so student machines can be set up


def new_cohort(data_dir: Path, narrative: str = "morning-bus") -> str:
    conn = db.connect(db.default_db_path(data_dir))
    try:
        code = cohorts.create(conn, narrative, "Period 3").code
    finally:
        conn.close()
    _hub_dir_of[code] = data_dir
    return code


def copy_cohort(src: Path, dst: Path, code: str) -> None:
    """Set up a student machine with the classroom (as `vantage cohort export/import` does)."""
    conn = db.connect(db.default_db_path(src))
    try:
        cohorts.export_file(conn, code, dst.parent / f"{code}.vantage-class")
    finally:
        conn.close()
    conn = db.connect(db.default_db_path(dst))
    try:
        cohorts.import_file(conn, dst.parent / f"{code}.vantage-class")
    finally:
        conn.close()


def simulate_plays(data_dir: Path, code: str, n: int, seed: int = 1) -> list[dict[str, Any]]:
    """n simulated plays of morning-bus recorded on a 'student machine' folder; returns them in bundle form."""
    from game.telemetry.instruments import load_instrument
    from tools.simulate import simulate
    narrative = load_narrative("morning-bus").narrative
    if code in _hub_dir_of and _hub_dir_of[code] != data_dir and not db.default_db_path(data_dir).exists():
        copy_cohort(_hub_dir_of[code], data_dir, code)
    simulate(narrative, load_instrument("attitudes-short"), n, 0.4, seed=seed, cohort=code, data_dir=data_dir)
    conn = db.connect_readonly(db.default_db_path(data_dir))
    try:
        plays = bundle.build(conn, code, include_simulated=True)["content"]["sessions"]
    finally:
        conn.close()
    # the database hands plays back in the order of their random ids; tests that send them in steps (the live
    # dashboard's steps of five) need the same order on every run, so sort by what the seed decided
    plays.sort(key=lambda p: json.dumps([p["duration_ms"], p["ending_id"], p["events"], p["answers"]], sort_keys=True))
    # they stand for students' plays in the window: the hub and the report leave made-up plays out unless asked
    return [{**p, "player": "window"} for p in plays]


@contextmanager
def running_hub(data_dir: Path, code: str) -> Iterator[tuple[Hub, str]]:
    hub = Hub(db.default_db_path(data_dir), code, "CDFGH-JKMNP", "facilitator-secret-key")
    server = make_server(hub, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hub, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        hub.close()
        server.shutdown()
        server.server_close()


def post(url: str, body: bytes | str | Any, token: str | None = "CDFGH-JKMNP", headers: dict | None = None
         ) -> tuple[int, dict]:
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    data = body.encode() if isinstance(body, str) else body
    host, port = url.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=20)
    h = {"Content-Type": "application/json", **(headers or {})}
    if token is not None:
        h["Authorization"] = f"Bearer {token}"
    conn.request("POST", "/api/plays", body=data, headers=h)
    r = conn.getresponse()
    raw = r.read()
    conn.close()
    try:
        return r.status, json.loads(raw or b"{}")
    except ValueError:
        return r.status, {"raw": raw.decode("utf-8", "replace")}


def table_rows(data_dir: Path) -> dict[str, list]:
    conn = db.connect_readonly(db.default_db_path(data_dir))
    try:
        return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}")))
                for t in ("play_sessions", "questionnaire_answers", "events")}
    finally:
        conn.close()
