"""Build the one-folder app for school machines with PyInstaller, and smoke-test it from a copy elsewhere.

    pip install -e ".[build]"
    python tools/build_app.py                 # -> build/app/dist/vantage/ (copy this whole folder)
    python tools/build_app.py --smoke-test    # build, copy the folder to a temporary place, play and check there

`--onedir`, not `--onefile`: a one-file app unpacks itself into a temporary folder on every start, which takes many
seconds on an old school laptop. pygame-ce brings its own PyInstaller hook (found through its entry point), and the
stories, scenes, questionnaires, assets, fonts, compiled translations and JSON Schemas go inside the folder beside the
code (`_internal/`), where game/paths.py finds them. Players' data never goes there: settings, saves and recordings
live in the OS's per-user folders, as in a Python install (docs/install.md). PyInstaller builds for the system it
runs on: build on Windows for Windows and on macOS for macOS.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "vantage"
# (source inside the repository, folder inside the app): everything the game reads at run time
DATA = [("narratives", "narratives"), ("scenes", "scenes"), ("questionnaires", "questionnaires"),
        ("assets", "assets"), ("docs/schema", "docs/schema"), ("game/locale", "game/locale"),
        ("tools/lint_rules", "tools/lint_rules")]  # the lint's word lists, read by `vantage check`
# not needed by the app (tests, the notebook world, the other GUI toolkits): smaller and faster to build
EXCLUDE = ["tkinter", "pytest", "hypothesis", "scipy", "jsonschema", "IPython", "PyQt5", "PyQt6", "PySide2",
           "PySide6", "wx", "PyInstaller"]


def pyinstaller_args(dist: Path, work: Path) -> list[str]:
    sep = os.pathsep  # PyInstaller's --add-data separator is ';' on Windows and ':' elsewhere
    args = [str(ROOT / "tools" / "app_entry.py"), "--name", NAME, "--onedir", "--noconfirm", "--clean",
            "--distpath", str(dist), "--workpath", str(work), "--specpath", str(work),
            # the `vantage` subcommands are imported by name when used (tools/cli.py): PyInstaller cannot see them
            "--collect-submodules", "tools", "--collect-submodules", "game",
            "--collect-data", "babel",  # CLDR data: language names and plural rules
            "--paths", str(ROOT)]
    for src, dst in DATA:
        if (ROOT / src).exists():
            args += ["--add-data", f"{ROOT / src}{sep}{dst}"]
    for mod in EXCLUDE:
        args += ["--exclude-module", mod]
    if sys.platform == "win32":
        args.append("--console")  # the `vantage` commands print; the game's window opens as well
    return args


def build(dist: Path, work: Path) -> Path:
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        raise SystemExit("build_app: PyInstaller is not installed: run `pip install -e \".[build]\"` first") from None
    started = time.monotonic()
    pyinstaller.run(pyinstaller_args(dist, work))
    app = dist / NAME
    _prune_cldr(app)
    print(f"build_app: built {app} in {time.monotonic() - started:.0f} s "
          f"({sum(f.stat().st_size for f in app.rglob('*') if f.is_file() and not f.is_symlink()) / 1e6:.0f} MB)")
    return app


def _prune_cldr(app: Path) -> None:
    """Keep Babel's CLDR data for the languages the app speaks (and `root`, which all inherit from): the full set
    is 35 MB, and the game only needs language names and plural rules of its own languages."""
    keep = {"root", "en"} | {p.stem.split("_")[0] for p in (ROOT / "game" / "locale").glob("*.json")}
    for dat in app.rglob("babel/locale-data/*.dat"):
        if dat.stem.split("_")[0] not in keep:
            dat.unlink()


def executable(app: Path) -> Path:
    return app / (NAME + (".exe" if sys.platform == "win32" else ""))


def smoke_test(app: Path) -> int:
    """Copy the built folder elsewhere (as school IT would), then play a bundled story to its end in it under the
    dummy video driver (its debrief must be drawn), check the bundled content, and play it in Spanish in the
    terminal to an ending."""
    with tempfile.TemporaryDirectory(prefix="vantage-smoke-") as tmp:
        copy = Path(tmp) / "copied" / NAME
        shutil.copytree(app, copy, symlinks=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("VANTAGE_")}
        env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONPATH="",
                   VANTAGE_DATA=str(Path(tmp) / "data"), VANTAGE_CONFIG=str(Path(tmp) / "config"),
                   VANTAGE_CACHE=str(Path(tmp) / "cache"))
        exe = str(executable(copy))
        shots = str(Path(tmp) / "shots")
        steps = [
            ("autoplay morning-bus to its end", [exe, "play", "morning-bus", "--autoplay", "--autoplay-delay", "0",
                                                  "--no-record", "--seed", "3", "--screenshots", shots], None, None),
            ("vantage check on the bundled content", [exe, "check"], None, None),
            ("terminal player in Spanish", [exe, "play", "--text", "--no-record", "--locale", "es", "morning-bus"],
             "1\n" * 200, "Ending:"),  # more answers than any path needs: unread ones are ignored
        ]
        failed = 0
        for what, cmd, stdin, expect in steps:
            started = time.monotonic()
            proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, cwd=tmp, timeout=300)
            ok = proc.returncode == 0 and (expect is None or expect in proc.stdout)
            if "--screenshots" in cmd:  # reached the end: the debrief was drawn
                ok = ok and any("debrief" in p.name for p in Path(shots).glob("*.png"))
            print(f"smoke test: {what}: {'ok' if ok else 'FAILED'} (exit {proc.returncode}, "
                  f"{time.monotonic() - started:.1f} s)")
            if not ok:
                failed += 1
                print(proc.stdout[-2000:], proc.stderr[-2000:], sep="\n", file=sys.stderr)
        return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="build_app", description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=ROOT / "build" / "app", help="where to build (default build/app)")
    p.add_argument("--smoke-test", action="store_true", help="after building, copy the app elsewhere and try it")
    p.add_argument("--no-build", action="store_true", help="smoke-test an app built before")
    args = p.parse_args(argv)
    dist, work = args.out / "dist", args.out / "work"
    app = dist / NAME if args.no_build else build(dist, work)
    if not executable(app).is_file():
        print(f"build_app: no app at {app}: build it first", file=sys.stderr)
        return 1
    return smoke_test(app) if args.smoke_test else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
