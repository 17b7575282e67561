"""`vantage lrs send`: recorded plays as xAPI statements to a learning record store (LRS), through an outbox.

    vantage lrs send --endpoint https://lrs.example.org/xAPI/ --user KEY [--password SECRET] [--cohort CODE]

The statements (game.telemetry.xapi) are queued in an outbox file in the data folder, then sent in batches; a batch
that fails is tried again with growing pauses. When the LRS stays unreachable the command stops and says how many
statements wait: running it again resumes where it stopped. Statements already delivered are remembered and never
queued again; statement ids are fixed (UUID v5), so even a batch sent twice is stored once by the LRS.
The password can come from the environment (VANTAGE_LRS_PASSWORD) rather than the command line, where other users of
the machine could see it.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from game.telemetry import codes, xapi
from game.telemetry.files import BadFile
from game.telemetry.outbox import Answer, Backoff, Item, Outbox, Sender, Verdict
from tools.telemetry_args import add_data_dir_argument, open_database, resolve_data_dir

GIVE_UP_AFTER = 6  # failed tries in a row before the command stops (the outbox keeps everything for next time)
XAPI_HEADER = "1.0.3"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir_argument(parser)
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    send = sub.add_parser("send", help="send the plays on this machine to a learning record store",
                          description="send the plays on this machine, as xAPI statements, to a learning record "
                                      "store; run again to resume after a failure")
    send.add_argument("--endpoint", required=True, metavar="URL", help="the LRS's xAPI address, e.g. "
                      "https://lrs.example.org/xAPI/")
    send.add_argument("--user", required=True, metavar="USER", help="the LRS user (or key)")
    send.add_argument("--password", metavar="SECRET", default=None,
                      help="the LRS password (default: the VANTAGE_LRS_PASSWORD environment variable)")
    send.add_argument("--cohort", metavar="CODE", default=None, help="only this classroom's plays")
    send.add_argument("--homepage", metavar="URL", default=xapi.DEFAULT_HOMEPAGE,
                      help="your organisation's namespace for the anonymous accounts (a district sets one)")
    send.add_argument("--batch", type=int, default=200, metavar="N", help="statements per request (default 200)")
    add_data_dir_argument(send, sub=True)


def lrs_transport(endpoint: str, user: str, password: str, timeout: float = 30.0):
    url = endpoint.rstrip("/") + "/statements"
    auth = "Basic " + base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")

    def send(items: list[Item]) -> Answer:
        body = ("[" + ",".join(i.body for i in items) + "]").encode("utf-8")
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json", "Authorization": auth, "X-Experience-API-Version": XAPI_HEADER})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read(1 << 20)
                return Answer(Verdict.SENT)
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip()
            reason = f"the LRS answered {exc.code} {exc.reason}: {detail}"
            if exc.code in (401, 403):
                return Answer(Verdict.RETRY, reason)  # fix the password and run again: keep the statements
            if exc.code in (408, 429) or exc.code >= 500:
                return Answer(Verdict.RETRY, reason)
            return Answer(Verdict.REFUSED, reason)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return Answer(Verdict.RETRY, f"the LRS cannot be reached: {getattr(exc, 'reason', exc)}")

    return send


def outbox_path(data_dir, endpoint: str):
    # one outbox per LRS: what was delivered to one is not delivered to another
    digest = hashlib.sha256(endpoint.rstrip("/").encode("utf-8")).hexdigest()[:12]
    return data_dir / f"lrs-outbox-{digest}.sqlite3"


def queue_statements(outbox: Outbox, conn, cohort: str | None, homepage: str) -> int:
    batch, added = [], 0
    for s in xapi.statements(conn, cohort, homepage):
        batch.append((s["id"], s["actor"]["account"]["name"], json.dumps(s, sort_keys=True, separators=(",", ":"))))
        if len(batch) >= 5000:
            added += outbox.put(batch)
            batch = []
    return added + (outbox.put(batch) if batch else 0)


def send_all(sender: Sender, give_up_after: int = GIVE_UP_AFTER, backoff: Backoff = Backoff(base=1.0, cap=30.0),
             sleep=time.sleep, progress=None) -> bool:
    """Send until the outbox is empty (True) or the LRS failed `give_up_after` times in a row (False)."""
    import random
    rng = random.Random()
    while True:
        answer = sender.send_once()
        if answer is None:
            return True
        if progress is not None:
            progress(sender)
        if answer.verdict is Verdict.RETRY:
            if sender.failures >= give_up_after:
                return False
            sleep(backoff.delay(sender.failures, rng))


def run(args: argparse.Namespace) -> int:
    if getattr(args, "action", None) != "send":
        print("vantage lrs: say what to do: send (see vantage lrs --help)", file=sys.stderr)
        return 2
    parts = urllib.parse.urlsplit(args.endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        print(f"vantage lrs: --endpoint {args.endpoint!r} is not an address like https://lrs.example.org/xAPI/",
              file=sys.stderr)
        return 2
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        print("vantage lrs: note: sending over plain http; the password and plays cross the network unencrypted",
              file=sys.stderr)
    home = urllib.parse.urlsplit(args.homepage)
    if home.scheme not in ("http", "https") or not home.hostname or home.query or home.fragment \
            or any(c.isspace() for c in args.homepage):
        print(f"vantage lrs: --homepage {args.homepage!r} is not an address like https://district.example/vantage",
              file=sys.stderr)
        return 2
    args.homepage = args.homepage.rstrip("/")
    password = args.password if args.password is not None else os.environ.get("VANTAGE_LRS_PASSWORD")
    if not password:
        print("vantage lrs: give the LRS password with --password or VANTAGE_LRS_PASSWORD", file=sys.stderr)
        return 2
    if not 1 <= args.batch <= 5000:
        print("vantage lrs: --batch is a number from 1 to 5000", file=sys.stderr)
        return 2
    cohort = None
    if args.cohort is not None:
        if not codes.is_cohort_code(args.cohort):
            print(f"vantage lrs: '{args.cohort}' is not a classroom code", file=sys.stderr)
            return 2
        cohort = codes.normalise_code(args.cohort)
    conn = open_database(args, "lrs", readonly=True)
    if conn is None:
        return 1
    outbox = Outbox(outbox_path(resolve_data_dir(args), args.endpoint), remember_sent=True)
    try:
        try:
            queued = queue_statements(outbox, conn, cohort, args.homepage)
        except BadFile as exc:
            print(f"vantage lrs: {exc}", file=sys.stderr)
            return 1
        finally:
            conn.close()
        waiting = outbox.pending()
        print(f"{queued} new statement(s) queued; {waiting} to send to {args.endpoint}")
        sender = Sender(outbox, lrs_transport(args.endpoint, args.user, password), batch=args.batch,
                        max_bytes=4 * 1024 * 1024)
        done = send_all(sender)
        refused = outbox.refused()
        if refused:
            print(f"vantage lrs: the LRS refused {len(refused)} statement(s) for good: {refused[0][1]}",
                  file=sys.stderr)
        if not done:
            print(f"vantage lrs: stopped after {sender.failures} failed tries ({sender.last_problem}); "
                  f"{outbox.pending()} statement(s) wait: run the same command again to resume", file=sys.stderr)
            return 1
        print(f"Sent {sender.sent} statement(s); nothing waits.")
        return 1 if refused else 0
    finally:
        outbox.close()
