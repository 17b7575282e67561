"""Entry points: no display gives one plain message (not an SDL traceback); autoplay reaches an ending."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(args, **env):
    e = dict(os.environ, **env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=e, capture_output=True, text=True, timeout=60)


def test_no_display_says_so_and_points_to_the_text_player():
    r = _run(["main.py"], SDL_VIDEODRIVER="no-such-driver")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "no display" in r.stderr and "vantage play --text" in r.stderr
    assert len(r.stderr.strip().splitlines()) <= 2


def test_no_display_at_all_is_not_an_invisible_window():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    r = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert "no display" in r.stderr and "vantage play --text" in r.stderr and "Traceback" not in r.stderr


def test_no_display_with_a_story_names_it_in_the_hint():
    r = _run(["-m", "tools.cli", "play", "morning-bus"], SDL_VIDEODRIVER="no-such-driver")
    assert r.returncode == 1 and "vantage play --text morning-bus" in r.stderr and "Traceback" not in r.stderr


def test_main_help():
    r = _run(["main.py", "--help"])
    assert r.returncode == 0
    assert "--autoplay" in r.stdout and "--fullscreen" in r.stdout


@pytest.mark.parametrize("seed", [1, 7])
def test_autoplay_reaches_an_ending_and_saves_screenshots(tmp_path, seed):
    from game.ui.app import run_window
    shots = tmp_path / "shots"
    code = run_window("morning-bus", seed=seed, autoplay=True, screenshots=shots, bench=False, autoplay_delay=0)
    assert code == 0
    names = sorted(p.name for p in shots.iterdir())
    assert any(n.endswith("-choices.png") for n in names)
    assert any(n.endswith("-ending.png") for n in names) and names[-1].endswith("-debrief.png")


def test_autoplay_from_the_command_line_prints_bench(tmp_path):
    r = _run(["-m", "tools.cli", "play", "morning-bus", "--autoplay", "--autoplay-delay", "0", "--seed", "3",
              "--bench"], SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    assert r.returncode == 0, r.stderr
    assert "frame time p50" in r.stdout and "p99" in r.stdout


def test_unknown_story_is_a_clear_error():
    r = _run(["-m", "tools.cli", "play", "no-such-story", "--autoplay"], SDL_VIDEODRIVER="dummy")
    assert r.returncode == 1 and "Traceback" not in r.stderr and r.stderr.strip()


def test_unexpected_error_is_one_plain_message_and_a_log(monkeypatch, capsys):
    from game import paths
    from game.ui import app as app_module

    def boom(self):
        raise RuntimeError("something broke")
    monkeypatch.setattr(app_module.App, "run", boom)
    code = app_module.run_window(None, seed=None, autoplay=False, screenshots=None, bench=False, fullscreen=False)
    assert code == 1
    err = capsys.readouterr().err
    assert "something broke" in err and "saved" in err and "Traceback" not in err
    log = (paths.data_dir() / "logs" / "crash.log").read_text()
    assert "Traceback" in log and "RuntimeError" in log


@pytest.mark.parametrize("args,words", [
    (["--set", "energy=true"], "--set energy"),
    (["--set", "nobody=1"], "--set nobody"),
    (["--start", "nowhere"], "--start nowhere"),
])
def test_a_window_playtest_with_bad_start_or_set_is_refused_not_crashed(args, words, capsys):
    """The window used to start and then stop with 'unexpected error ... your place is saved' and a crash log."""
    from game import paths
    from tools.cli import main as vantage

    code = vantage(["play", "morning-bus", "--autoplay", "--no-record", *args])
    err = capsys.readouterr().err
    assert code == 2 and words in err and "unexpected error" not in err
    assert not (paths.data_dir() / "logs" / "crash.log").exists()


def test_screenshots_into_a_file_is_refused_up_front(tmp_path, capsys):
    """It used to open the window and stop with 'unexpected error ([Errno 17] File exists ...)' and a crash log."""
    from game import paths
    from tools.cli import main as vantage

    blocker = tmp_path / "shots.png"
    blocker.write_bytes(b"")
    code = vantage(["play", "morning-bus", "--autoplay", "--no-record", "--screenshots", str(blocker)])
    err = capsys.readouterr().err
    assert code == 2 and f"{blocker} is a file, not a folder" in err and "unexpected error" not in err
    assert not (paths.data_dir() / "logs" / "crash.log").exists()
