"""Hostile input to `vantage data` and `vantage simulate`, each through the real command in its own process: the exact
message naming the file, exit 1 (2 for a wrong command line), no traceback, no hang, bounded memory, nothing changed."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from game.telemetry import bundle, db
from tests.tools.test_check_hostile import WRAPPER

ROOT = Path(__file__).resolve().parents[2]


def vantage(*args: str, timeout: float = 60) -> tuple[int, str, str, int]:
    """(exit code, stdout, stderr without the usage line, peak memory in KB)."""
    proc = subprocess.run([sys.executable, "-c", WRAPPER.format(root=str(ROOT)), *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)
    err, _, usage = proc.stderr.rpartition("RUSAGE ")
    assert usage, f"the process died without reporting (exit {proc.returncode}): {proc.stderr[-500:]}"
    assert "Traceback" not in proc.stdout + err, err
    return proc.returncode, proc.stdout, err.strip(), json.loads(usage)[0]


@pytest.fixture(scope="module")
def real_bundle(tmp_path_factory) -> Path:
    """A bundle of three made-up plays, exported by the real commands."""
    folder = tmp_path_factory.mktemp("lab")
    assert vantage("simulate", "--participants", "3", "--effect", "0.3", "--data-dir", str(folder))[0] == 0
    out = folder / "lab.json"
    assert vantage("data", "--data-dir", str(folder), "export", "--simulated", "-o", str(out))[0] == 0
    return out


def test_import_of_dev_zero_is_refused_without_reading_it(tmp_path):
    code, _, err, rss = vantage("data", "--data-dir", str(tmp_path), "import", "/dev/zero")
    assert (code, err) == (1, "vantage data: /dev/zero: is a device, not a file (nothing was imported)")
    assert rss < 200 * 1024
    assert not any(tmp_path.iterdir())  # not even an empty database is left behind


def test_import_of_a_fifo_does_not_wait(tmp_path):
    fifo = tmp_path / "lab.json"
    os.mkfifo(fifo)
    code, _, err, _ = vantage("data", "--data-dir", str(tmp_path), "import", str(fifo), timeout=30)
    assert (code, err) == (1, f"vantage data: {fifo}: is a named pipe (FIFO), not a file (nothing was imported)")


def test_a_400_mb_bundle_is_refused_by_size_before_decoding(tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:  # sparse: costs no disk, but reads as 400 MB
        fh.write(b'{"format": "vantage-data", "content": "')
        fh.truncate(400 << 20)
    code, _, err, rss = vantage("data", "--data-dir", str(tmp_path), "import", str(big))
    assert (code, err) == (1, f"vantage data: {big}: too large for a Vantage file (more than 32 MB) "
                              "(nothing was imported)")
    assert rss < 150 * 1024, f"{rss / 1024:.0f} MB"


def test_free_text_in_engine_version_is_refused_even_with_a_recomputed_checksum(tmp_path, real_bundle):
    doc = json.loads(real_bundle.read_text())
    doc["content"]["sessions"][1]["engine_version"] = "hello; DROP TABLE"
    doc["checksum"] = bundle.checksum(doc["content"])  # the checksum catches damage, not a deliberate edit
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(doc))
    code, _, err, _ = vantage("data", "--data-dir", str(tmp_path), "import", str(forged))
    assert (code, err) == (1, f"vantage data: {forged}: malformed bundle: play 2: engine_version is not a version "
                              "number like 0.1.0 (nothing was imported)")
    assert not db.default_db_path(tmp_path).exists()  # refused before the database was even opened


def test_import_while_another_program_writes_waits_then_says_who(tmp_path, real_bundle):
    path = db.default_db_path(tmp_path)
    holder = db.connect(path)
    holder.execute("BEGIN IMMEDIATE")  # this test process holds the write lock, as a recording game would
    try:
        code, _, err, _ = vantage("data", "--data-dir", str(tmp_path), "import", str(real_bundle))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1
    assert err.startswith(f"vantage data: {path}: another program is using the database and did not finish within "
                          f"5 seconds; it is held by process {os.getpid()} (")
    assert err.endswith("Close it, or wait, and try again (nothing was changed)")
    assert vantage("data", "--data-dir", str(tmp_path), "import", str(real_bundle))[0] == 0  # once it is free


def test_export_to_dev_full_never_replaces_the_device(tmp_path):
    before = os.stat("/dev/full")
    code, _, err, _ = vantage("simulate", "--participants", "1", "--effect", "0", "--data-dir", str(tmp_path))
    assert code == 0
    code, _, err, _ = vantage("data", "--data-dir", str(tmp_path), "export", "-o", "/dev/full")
    assert (code, err) == (1, "vantage data: cannot write /dev/full: it is a device, not a regular file "
                              "(nothing was written)")
    after = os.stat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.parametrize("seed", ["-1", "2.5", str(2 ** 64)])
def test_simulate_with_a_bad_seed_says_so(tmp_path, seed):
    code, _, err, _ = vantage("simulate", "--participants", "2", "--effect", "0", "--seed", seed,
                              "--data-dir", str(tmp_path))
    assert code == 2
    last = err.splitlines()[-1]
    if seed == "2.5":
        assert last == "vantage simulate: error: argument --seed: '2.5' is not a whole number"
    else:
        assert last == (f"vantage simulate: error: argument --seed: {seed} is not a seed: use a whole number from 0 "
                        "to 9,223,372,036,854,775,807")
    assert not db.default_db_path(tmp_path).exists()


FULL_DISK = """\
set -e
mount -t tmpfs -o size=64k none "$1"
dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null || true
shift
exec "$@"
"""


def test_a_full_disk_under_a_new_data_folder_says_disk_full_and_sets_nothing_aside(tmp_path, real_bundle):
    if shutil.which("unshare") is None:
        pytest.skip("UNSHARE (util-linux) IS NOT INSTALLED: the full-disk test needs it to mount a tiny tmpfs")
    probe = subprocess.run(["unshare", "-Urm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"USER NAMESPACES ARE NOT ALLOWED HERE ({probe.stderr.decode().strip()}): the full-disk test "
                    "cannot mount its tiny tmpfs")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    data = mnt / "new-folder"
    proc = subprocess.run(["unshare", "-Urm", "sh", "-c", FULL_DISK, "x", str(mnt),
                           sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
                           "from tools.cli import main; code = main(); "
                           f"import os; print(sorted(os.listdir({str(data)!r}))); sys.exit(code)",
                           "data", "--data-dir", str(data), "import", str(real_bundle)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip() == (f"vantage data: {data / 'telemetry.sqlite3'}: the disk is full: free some space "
                                   "and try again (nothing was changed)")
    assert proc.stdout.strip() == "[]"  # no empty database, no `.damaged` file left behind


PLAY_OPENS = """\
import os, sys
sys.path.insert(0, {root!r})
from game.telemetry import db
from game.telemetry.writer import open_for_play
try:
    open_for_play(db.default_db_path({data!r}), {data!r})
except db.DatabaseError as exc:
    print(exc)
print(sorted(os.listdir({data!r})))
"""


def test_a_game_starting_on_a_full_disk_sets_nothing_aside(tmp_path):
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-Urm", "true"]).returncode != 0:
        pytest.skip("UNSHARE OR USER NAMESPACES UNAVAILABLE: the full-disk test cannot mount its tiny tmpfs")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    data = mnt / "new-folder"
    proc = subprocess.run(["unshare", "-Urm", "sh", "-c", FULL_DISK, "x", str(mnt), sys.executable, "-c",
                           PLAY_OPENS.format(root=str(ROOT), data=str(data))],
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.splitlines() == [f"{data / 'telemetry.sqlite3'}: the disk is full: free some space and try "
                                        "again (nothing was changed)", "[]"], proc.stderr
