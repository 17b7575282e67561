"""`vantage serve --cohort CODE`: the facilitator's machine as the class hub, with a live dashboard.

    vantage serve --cohort KX7M4P            (this machine only: 127.0.0.1)
    vantage serve --cohort KX7M4P --lan      (students' machines on the school network can send their plays)

Plays arrive in the same telemetry database as everything else, so `vantage report` works unchanged. The join code
(for students' machines) and the dashboard key (for the facilitator) are random, kept in the data folder, and stay
the same when the hub is restarted, so machines that could not reach it carry on where they stopped.
docs/facilitator.md explains a lesson with the hub step by step.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import sys
import threading
from pathlib import Path

from game.files import write_atomic
from game.telemetry import codes, db
from tools.telemetry_args import add_data_dir_argument, resolve_data_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir_argument(parser)
    parser.add_argument("--cohort", required=True, metavar="CODE", help="the classroom code (vantage cohort new)")
    parser.add_argument("--lan", action="store_true",
                        help="accept students' machines on the local network (default: this machine only)")
    parser.add_argument("--port", type=int, default=8765, metavar="N", help="port to listen on (default 8765; 0: any)")
    parser.add_argument("--new-codes", action="store_true",
                        help="make a new join code and dashboard key (the old ones stop working)")


def join_code() -> str:
    raw = "".join(secrets.choice(codes.ALPHABET) for _ in range(10))  # 20**10: 43 bits, guessed by no one in a lesson
    return f"{raw[:5]}-{raw[5:]}"


def hub_codes(data_dir: Path, cohort: str, renew: bool = False) -> tuple[str, str]:
    """(join code, dashboard key) of this classroom's hub, made once and kept (private file) in the data folder."""
    path = Path(data_dir) / f"hub-{cohort}.json"
    if not renew:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(doc, dict) and isinstance(doc.get("join"), str) and isinstance(doc.get("key"), str):
                return doc["join"], doc["key"]
        except (OSError, ValueError):
            pass
    doc = {"join": join_code(), "key": secrets.token_urlsafe(24)}
    write_atomic(path, json.dumps(doc) + "\n")
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass
    return doc["join"], doc["key"]


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent: a UDP 'connect' only picks a route)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def run(args: argparse.Namespace) -> int:
    from tools.serve.hub import Hub, make_server

    if not codes.is_cohort_code(args.cohort):
        print(f"vantage serve: '{args.cohort}' is not a classroom code (see `vantage cohort list`)", file=sys.stderr)
        return 2
    if not 0 <= args.port <= 65535:
        print("vantage serve: --port is a number from 0 to 65535", file=sys.stderr)
        return 2
    cohort = codes.normalise_code(args.cohort)
    data_dir = resolve_data_dir(args)
    path = db.default_db_path(data_dir)
    try:
        conn = db.connect_readonly(path)
        known = conn.execute("SELECT 1 FROM cohorts WHERE code = ?", (cohort,)).fetchone()
        conn.close()
    except db.DatabaseError as exc:
        print(f"vantage serve: {exc}", file=sys.stderr)
        return 1
    if known is None:
        print(f"vantage serve: no classroom {cohort} on this machine (make it with `vantage cohort new`)",
              file=sys.stderr)
        return 1
    try:
        join, key = hub_codes(data_dir, cohort, args.new_codes)
        hub = Hub(path, cohort, join, key)
        server = make_server(hub, "0.0.0.0" if args.lan else "127.0.0.1", args.port)
    except db.DatabaseError as exc:
        print(f"vantage serve: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"vantage serve: cannot listen on port {args.port} ({exc.strerror or exc}); try --port 0",
              file=sys.stderr)
        return 1
    port = server.server_address[1]
    host = lan_address() if args.lan else "127.0.0.1"
    thread = threading.Thread(target=server.serve_forever, name="vantage-hub", daemon=True)
    try:  # from here on Ctrl+C (at any moment) stops the hub cleanly
        thread.start()
        print(f"Class hub for {cohort} is running. Stop it with Ctrl+C.")
        print(f"Dashboard (keep this address to yourself): http://127.0.0.1:{port}/?key={key}")
        if args.lan:
            print(f"Join code: {join}")
            print(f"On each student machine:  vantage play --cohort {cohort} --server http://{host}:{port} "
                  f"--join {join}")
        else:
            print("Only this machine can reach it; add --lan to let students' machines send their plays.")
        sys.stdout.flush()
        told = None
        while thread.is_alive():
            thread.join(0.5)
            if hub.problem != told:  # e.g. a figure that could not be computed: the plays are stored regardless
                told = hub.problem
                print(f"vantage serve: {told}", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nStopping the hub; every play received is stored.", file=sys.stderr)
    finally:
        if thread.is_alive():
            server.shutdown()  # (waits for the serving loop: only when it runs)
        server.server_close()
        hub.close()
    return 0
