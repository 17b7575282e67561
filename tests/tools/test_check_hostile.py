"""Hostile files through `vantage check FILE`, each in its own process: exit 1 with a diagnostic, no traceback, no
crash, no hang, within the CPU and memory budget of a classroom laptop (2 s of CPU, 200 MB)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Runs the command and reports its own peak memory and CPU time on the last line of stderr, even on SystemExit.
WRAPPER = """\
import json, resource, sys
sys.path.insert(0, {root!r})
code = 99
try:
    from tools.cli import main
    code = main(sys.argv[1:])
finally:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    peak = ru.ru_maxrss
    try:  # ru_maxrss survives exec on Linux (it starts at the forking parent's peak); VmHWM is this process's own
        with open("/proc/self/status") as fh:
            peak = next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        pass
    sys.stdout.flush()
    print("\\nRUSAGE " + json.dumps([peak, ru.ru_utime + ru.ru_stime]), file=sys.stderr)
sys.exit(code)
"""

LAUGHS = "id: s\ntitle: T\nbeats:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"  - &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefghi", "bcdefghij"))


def _big(path: Path, size: int, line: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(b"id: s\ntitle: t\nbeats:\n")
        chunk = line * (1 << 20 // len(line))
        while fh.tell() < size:
            fh.write(chunk)


HOSTILE = {
    "empty": lambda p: p.write_bytes(b""),
    "only-comments": lambda p: p.write_bytes(b"# nothing here\n\n"),
    "binary": lambda p: p.write_bytes(bytes(range(256)) * 64),
    "png": lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16),
    "utf16-bom": lambda p: p.write_bytes("id: s\ntitle: T\nbeats:\n  - id: a\n".encode("utf-16")),
    "utf16-no-bom": lambda p: p.write_bytes("id: s\ntitle: T\nbeats:\n  - id: a\n".encode("utf-16-le")),
    "50mb": lambda p: _big(p, 50 << 20, b"  - id: a\n    ending: good\n"),
    "7.9mb-of-values": lambda p: _big(p, int(7.9 * (1 << 20)), b"  - {id: a, goto: zz}\n"),
    "billion-laughs": lambda p: p.write_text(LAUGHS),
    "flow-10000-deep": lambda p: p.write_text("id: s\ntitle: " + "[" * 10_000 + "]" * 10_000 + "\n"),
    "block-10000-deep": lambda p: p.write_text("id: s\ntitle:\n  " + "- " * 10_000 + "x\n"),
    "flow-300000-deep": lambda p: p.write_text("beats: " + "[" * 300_000 + "\n"),
    "mapping-10000-deep": lambda p: p.write_text("id: s\ntitle: " + "{a: " * 10_000 + "x" + "}" * 10_000 + "\n"),
    "tabs": lambda p: p.write_text("id: s\ntitle: T\nbeats:\n\t- id: a\n\t  ending: good\n"),
    "nul-in-text": lambda p: p.write_bytes(b"id: s\ntitle: T\x00\nbeats: []\n"),
    "unclosed-quote": lambda p: p.write_text('id: s\ntitle: "T\nbeats:\n  - id: a\n'),
    "python-tag": lambda p: p.write_text("id: s\ntitle: !!python/object/apply:os.system [echo hi]\nbeats: []\n"),
}


# (code, line, column) of the first error each hostile file must give: the documented place, not "some diagnostic".
# Deep nesting is reported at the 48th bracket or dash (the root mapping is the first level).
EXPECTED = {
    "empty": ("V012", 1, 1),
    "only-comments": ("V012", 1, 1),
    "binary": ("V001", 2, 118),  # byte 0x80, the first that is not UTF-8, on the line after byte 0x0a
    "png": ("V001", 1, 1),
    "utf16-bom": ("V001", 1, 1),
    "utf16-no-bom": ("V001", 1, 1),
    "50mb": ("V001", 1, 1),
    "7.9mb-of-values": ("V001", 16669, 6),  # the value that goes past 50,000
    "billion-laughs": ("V003", 4, 5),
    "flow-10000-deep": ("V004", 2, 8 + 47),
    "block-10000-deep": ("V004", 3, 3 + 2 * 47),
    "flow-300000-deep": ("V004", 1, 8 + 47),
    "mapping-10000-deep": ("V004", 2, 8 + 4 * 47),
    "tabs": ("V002", 4, 1),
    "nul-in-text": ("V001", 2, 9),  # at the NUL itself
    "unclosed-quote": ("V002", 2, 8),
    "python-tag": ("V003", 2, 8),
}


def run_check(*args: str, timeout: float = 20) -> tuple[int, str, str, int, float]:
    """(exit code, stdout, stderr without the usage line, peak memory in KB, CPU seconds)."""
    proc = subprocess.run([sys.executable, "-c", WRAPPER.format(root=str(ROOT)), "check", *args],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    err, _, usage = proc.stderr.rpartition("RUSAGE ")
    assert usage, f"the process died without reporting (exit {proc.returncode}): {proc.stderr[-500:]}"
    rss, cpu = json.loads(usage)
    return proc.returncode, proc.stdout, err, rss, cpu


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gives_diagnostic_within_budget(tmp_path, name):
    path = tmp_path / f"{name}.yaml"
    HOSTILE[name](path)
    # the timeout is a hang guard; the budget is asserted on CPU time, which machine load does not inflate
    code, out, err, rss_kb, cpu = run_check(str(path), "--format", "json")
    assert "Traceback" not in out + err
    assert code == 1, (out, err)
    report = json.loads(out)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert errors and all(d["path"].endswith(f"{name}.yaml") for d in errors), report
    assert (errors[0]["code"], errors[0]["line"], errors[0]["col"]) == EXPECTED[name], report
    assert rss_kb < 200 * 1024, f"{rss_kb / 1024:.0f} MB"
    assert cpu < 2.0, f"{cpu:.2f} s of CPU"


def test_text_output_of_a_hostile_file(tmp_path):
    path = tmp_path / "tabs.yaml"
    HOSTILE["tabs"](path)
    code, out, err, _, _ = run_check(str(path))
    assert code == 1
    line = next(ln for ln in out.splitlines() if "error[V002]" in ln)
    assert line.split(":")[1:3] == ["4", "1"]
    assert "spaces, not tabs" in out


def test_folder_of_hostile_files(tmp_path):
    for name in ("empty", "binary", "billion-laughs", "flow-10000-deep", "tabs"):
        HOSTILE[name](tmp_path / f"{name}.yaml")
    code, out, err, rss_kb, _ = run_check(str(tmp_path), "--format", "json")
    assert code == 1 and "Traceback" not in out + err
    paths = {Path(d["path"]).name for d in json.loads(out)["diagnostics"] if d["severity"] == "error"}
    assert paths == {"empty.yaml", "binary.yaml", "billion-laughs.yaml", "flow-10000-deep.yaml", "tabs.yaml"}
