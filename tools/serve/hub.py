"""The class hub's HTTP server: receives pieces of plays from students' machines and serves the live dashboard.

Standard library only (http.server.ThreadingHTTPServer): a class is 30 machines posting a few small batches a minute
and one or two dashboards, far below what a thread per connection handles, and it adds no dependency to a package
that must install offline on school machines. Its weak spots are guarded here: every socket has a timeout (a client
that sends slowly is cut off), bodies have a size cap checked before reading, and the number of connections at once
is capped (beyond it a connection is closed at once).

Routes:  POST /api/plays   (Authorization: Bearer JOIN-CODE)      pieces of plays -> the telemetry database
         GET  /?key=SECRET                                        the dashboard page
         GET  /stream?key=SECRET                                  server-sent events: the figures, on every change
Anything else, or a wrong token or key, gets a 4xx and changes nothing.
"""
from __future__ import annotations

import hmac
import http.server
import json
import socket
import sqlite3
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from game.telemetry import db
from tools.report import analysis
from tools.serve import live, page, store

MAX_BODY = 1024 * 1024  # bytes per request: a batch of a whole play is a few kilobytes
SOCKET_TIMEOUT = 10.0  # seconds a client may take to send its request
MAX_CONNECTIONS = 64
MAX_DASHBOARDS = 8
HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle event stream
REFRESH_GAP = 0.5  # seconds at least between two recomputations of the figures (30 machines post at once)


class Hub:
    """The state shared by the request threads: the database, tokens, figures and their version."""

    def __init__(self, db_path: Path, cohort: str, join_code: str, secret: str) -> None:
        self.cohort = cohort
        self.join_code = join_code
        self.secret = secret
        self.conn = db.connect(db_path)
        self.lock = threading.Lock()  # one writer at a time on the connection
        self.changed = threading.Condition()
        self.version = 0
        self.fragments = ""
        self.stopping = False
        self.withdrawn: set[str] = set()
        self.problem: str | None = None  # the last failure to compute figures (printed by `vantage serve`)
        self.releaser = live.Releaser()
        row = self.conn.execute("SELECT narrative_id FROM cohorts WHERE code = ?", (cohort,)).fetchone()
        self.labels = analysis.story_labels([row[0]], []) if row else {}
        self.dashboards = threading.BoundedSemaphore(MAX_DASHBOARDS)
        self.refresh()
        # figures are recomputed on their own thread, at most every REFRESH_GAP: a POST only stores and returns
        self._dirty = threading.Event()
        self._refresher = threading.Thread(target=self._refresh_loop, name="vantage-hub-figures", daemon=True)
        self._refresher.start()

    def _refresh_loop(self) -> None:
        while True:
            self._dirty.wait()
            if self.stopping:
                return
            self._dirty.clear()
            try:
                self.refresh()
            except Exception as exc:  # the plays are stored; a figure that fails is reported, never fatal
                self.problem = f"the dashboard figures could not be computed: {exc.__class__.__name__}: {exc}"
            time.sleep(REFRESH_GAP)

    def refresh(self) -> None:
        """Recompute the figures; if what the page may show changed, bump the version and wake the streams."""
        with self.lock:
            fig = live.figures(self.conn, self.cohort, self.releaser, self.labels)
        text = page.fragments(fig, 0)
        with self.changed:
            if text != self.fragments:
                self.fragments = text
                self.version += 1
            self.changed.notify_all()

    def current(self) -> tuple[int, str]:
        with self.changed:
            return self.version, self.fragments.replace('"version":0', f'"version":{self.version}', 1)

    def accept(self, body: bytes) -> store.Stored:
        try:
            doc = json.loads(body.decode("utf-8"), parse_constant=_no_constants)
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise store.Refused("the body is not JSON") from None
        pieces = store.check_pieces(doc, self.cohort)
        with self.lock:
            result = store.store(self.conn, pieces, self.withdrawn)
        self._dirty.set()
        return result

    def close(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()
        self._dirty.set()
        self._refresher.join(5)
        with self.lock:
            self.conn.close()


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "VantageHub"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT
    disable_nagle_algorithm = True  # headers and body leave at once: no 40 ms wait for the client's delayed ACK
    hub: Hub  # set on the subclass made by make_server

    def log_message(self, format: str, *args: Any) -> None:  # no addresses in logs (privacy): say nothing
        pass

    def _reply(self, code: int, body: str | bytes, ctype: str = "application/json; charset=utf-8") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")  # the key in the address never leaves in a Referer
        if ctype.startswith("text/html"):
            self.send_header("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; "
                             "style-src 'unsafe-inline'; img-src data:; connect-src 'self'")
        if code >= 400:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, code: int, message: str) -> None:
        self._reply(code, json.dumps({"error": message}))

    def _key_ok(self, query: dict[str, list[str]]) -> bool:
        given = query.get("key", [""])[0]
        return hmac.compare_digest(given.encode("utf-8", "replace"), self.hub.secret.encode("utf-8"))

    def do_GET(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(parts.query)
        if parts.path not in ("/", "/stream"):
            return self._error(404, "no such page")
        if not self._key_ok(query):
            return self._error(403, "this page needs the facilitator's address, with its key")
        if parts.path == "/":
            return self._reply(200, page.page(self.hub.cohort), "text/html; charset=utf-8")
        self._stream()

    def _stream(self) -> None:
        if not self.hub.dashboards.acquire(blocking=False):
            return self._error(503, "too many dashboards are open")
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            seen = -1
            while True:
                with self.hub.changed:
                    if self.hub.version == seen and not self.hub.stopping:
                        self.hub.changed.wait(HEARTBEAT)
                    if self.hub.stopping:
                        return
                version, text = self.hub.current()
                if version != seen:
                    self.wfile.write(f"event: figures\nid: {version}\ndata: {text}\n\n".encode("utf-8"))
                    seen = version
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (OSError, ValueError):
            return  # the page was closed
        finally:
            self.hub.dashboards.release()

    def do_POST(self) -> None:
        if urllib.parse.urlsplit(self.path).path != "/api/plays":
            return self._error(404, "no such address")
        auth = self.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else ""
        if not hmac.compare_digest(token.encode("utf-8", "replace"), self.hub.join_code.encode("utf-8")):
            return self._error(401, "wrong or missing join code")
        if self.headers.get("Transfer-Encoding"):
            return self._error(411, "send a Content-Length, not chunks")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._error(411, "a Content-Length is needed")
        if length < 0:
            return self._error(400, "a negative Content-Length")
        if length > MAX_BODY:
            return self._error(413, f"at most {MAX_BODY} bytes per request")
        try:
            body = self.rfile.read(length)
        except (socket.timeout, OSError):
            self.close_connection = True
            return  # too slow or gone: nothing was stored
        if len(body) != length:
            return self._error(400, "the body is shorter than its Content-Length")
        try:
            result = self.hub.accept(body)
        except store.Refused as exc:
            return self._error(422, str(exc))
        except sqlite3.Error:
            return self._error(503, "the hub cannot store plays right now; your machine will try again")
        self._reply(200, json.dumps({"events_added": result.events_added, "events_known": result.events_known,
                                     "plays_withdrawn": result.plays_withdrawn}))

    def do_PUT(self) -> None:
        self._error(405, "not allowed")

    do_DELETE = do_PATCH = do_PUT


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], handler: type, hub: Hub) -> None:
        self.hub = hub
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)  # full: closed at once rather than queued without end
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def make_server(hub: Hub, host: str = "127.0.0.1", port: int = 0) -> _Server:
    """A server bound to host:port (port 0: the system picks one); call serve_forever() on a thread."""
    handler = type("BoundHandler", (Handler,), {"hub": hub})
    return _Server((host, port), handler, hub)
