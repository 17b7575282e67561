"""Start a real learning record store for tests: ralph (ralph-malph 5.1.0) with its file-system backend, from the
separate virtual environment `.ci/run` prepares (.ci/ralph-venv), on 127.0.0.1 with a port the system picks."""
from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RALPH = ROOT / ".ci" / "ralph-venv" / "bin" / "ralph"
USER, PASSWORD = "vantage", "lrs-test-secret"


class Ralph:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "RALPH_AUTH_FILE": str(folder / "auth.json"), "RALPH_APP_DIR": str(folder / "app"),
               "RALPH_RUNSERVER_BACKEND": "fs"}
        subprocess.run([str(RALPH), "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-A", "vantage-tests",
                        "https://vantage.invalid", "-w"], env=env, cwd=folder, check=True, capture_output=True,
                       timeout=120)
        self.log = folder / "ralph.log"
        self._log = open(self.log, "w")
        self.proc = subprocess.Popen(
            [str(RALPH), "runserver", "-b", "fs", "--fs-default-directory-path", str(folder / "data"),
             "-h", "127.0.0.1", "-p", "0"], env=env, cwd=folder, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True)  # its own process group: ralph's reloader starts a child process
        deadline = time.monotonic() + 90
        port = None
        while port is None and time.monotonic() < deadline:
            m = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", self.log.read_text())
            if m:
                port = int(m.group(1))
            elif self.proc.poll() is not None:
                raise RuntimeError(f"ralph stopped: {self.log.read_text()[-2000:]}")
            else:
                time.sleep(0.2)
        if port is None:
            self.close()
            raise RuntimeError(f"ralph did not start: {self.log.read_text()[-2000:]}")
        self.url = f"http://127.0.0.1:{port}"
        self.endpoint = f"{self.url}/xAPI/"
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/__heartbeat__", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)

    def get(self, path: str) -> dict:
        auth = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        req = urllib.request.Request(self.url + path, headers={"Authorization": auth,
                                                               "X-Experience-API-Version": "1.0.3"})
        return json.loads(urllib.request.urlopen(req, timeout=30).read())

    def all_statements(self) -> list[dict]:
        out, path = [], "/xAPI/statements?limit=500"
        while path:
            page = self.get(path)
            out += page["statements"]
            path = page.get("more") or None
        return out

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        self._log.close()
