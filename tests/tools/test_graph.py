"""`vantage graph`: a self-contained story map that headless Chromium lays out and draws with nothing fetched; the
class overlay counts students per choice and suppresses small groups."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile

import pytest

from game.content import load_narrative
from tests.tools.report_helpers import make_class
from tools.cli import main
from tools.graph import graph_data

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def dump_dom(path) -> str:
    if CHROMIUM is None:
        pytest.fail("Chromium is needed to check the story map renders (it is installed here and in CI)")
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                              "--no-first-run", "--disable-background-networking", "--disable-component-update",
                              "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=5000",
                              "--dump-dom", path.resolve().as_uri()],
                             capture_output=True, text=True, timeout=120)
    return out.stdout


def test_the_map_renders_every_beat_and_way_on_in_headless_chromium(tmp_path, capsys):
    out = tmp_path / "map.html"
    assert main(["graph", "morning-bus", "--html", str(out)]) == 0
    n = load_narrative("morning-bus").narrative
    data = graph_data(n)
    dom = dump_dom(out)
    assert f'data-laid-out="{len(n.beats) + len(n.endings)}"' in dom, dom[-2000:]
    assert len(re.findall(r'<g class="node ', dom)) == len(n.beats) + len(n.endings)
    assert len(re.findall(r'<g class="edge ', dom)) == len(data["edges"])
    assert len(re.findall(r'<g class="edge locked"', dom)) == sum(1 for b in n.beats.values() for c in b.choices
                                                                if c.requires)
    assert "needs anxiety &lt; 6" in dom  # a locked choice shows its condition on the map
    assert sorted(re.findall(r'<g class="scene" data-scene="([a-z-]+)"', dom)) == sorted(n.scenes)  # scene boxes


def test_the_map_fetches_nothing(tmp_path):
    out = tmp_path / "map.html"
    assert main(["graph", "morning-bus", "--html", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:|//)""", text, re.I)
    assert "default-src 'none'" in text  # the page may not load anything, even if a label held a link


def test_story_text_cannot_break_out_of_the_page(tmp_path):
    from tests.storykit import write_story
    scene = ("id: s\ntitle: T\nbeats:\n  - id: a\n    lines:\n      - narrate: \"</script><script>alert(1)</script>\"\n"
             "    choices:\n      - {id: go, text: \"<b>Go</b>\", ending: good}\n      - {id: stay, text: Stay, ending: bad}\n")
    path = write_story(tmp_path, scene=scene)
    out = tmp_path / "map.html"
    assert main(["graph", str(path), "--html", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "</script><script>alert(1)" not in text and "<b>Go</b>" not in text
    assert 'data-laid-out="3"' in dump_dom(out)  # still draws


def test_class_overlay_counts_students_and_suppresses_small_groups(tmp_path, capsys):
    make_class(tmp_path / "data", 30, seed=3)
    out = tmp_path / "map.html"
    assert main(["graph", "morning-bus", "--html", str(out), "--all-plays", "--simulated",
                 "--data-dir", str(tmp_path / "data")]) == 0
    text = out.read_text(encoding="utf-8")
    figures = re.findall(r"<td>([^<]*) of ([^<]*)</td>", text)
    assert figures, "no overlay figures in the table"
    for took, of in figures:
        for v in (took, of):
            assert not (v.isdigit() and 0 < int(v) < 5), figures  # nothing describes fewer than five students
    assert any(took.isdigit() and int(took) >= 5 for took, _ in figures)
    dom = dump_dom(out)
    assert re.search(r"\[(\d+|&lt;5|suppressed)\]", dom)


def test_overlay_without_data_or_with_an_unknown_class_says_so(tmp_path, capsys):
    out = tmp_path / "map.html"
    assert main(["graph", "morning-bus", "--html", str(out), "--cohort", "ZZZ-ZZZ",
                 "--data-dir", str(tmp_path / "none")]) == 1
    assert "vantage graph:" in capsys.readouterr().err
    assert not out.exists()


def test_subroutines_appear_on_the_map_as_calls_and_returns():
    """Issue 12: the map shows subroutines: a `call` edge to the subroutine, its `return` beat marked, and the goto
    the story comes back to."""
    from game.content import load_narrative
    from tools.graph import graph_data
    n = load_narrative("morning-bus").narrative
    data = graph_data(n)
    calls = [e for e in data["edges"] if e["kind"] == "call"]
    assert calls, "morning-bus calls its breathing subroutine"
    ids = {node["id"]: node for node in data["nodes"]}
    for e in calls:
        assert e["to"] in ids
    assert any(node["kind"] == "return" for node in data["nodes"])
    callers = {e["from"] for e in calls}
    assert all(any(g["from"] == f and g["kind"] in ("goto", "choice", "locked", "hidden") for g in data["edges"])
               for f in callers), "after the call the story goes on somewhere"
