"""`vantage test NARRATIVE`: play every branch (quick) and thousands of random games (random), report what a
player never sees, how often each ending comes, how long paths take to read, and the story's teaching assertions.

Exit codes: 0 all well; 1 the story does not load, a teaching assertion failed, or a run got stuck; 2 bad arguments.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TextIO

from game.content.model import Narrative

from . import playtest as pt
from .story_arg import load_or_explain


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("narrative", metavar="NARRATIVE", help="a story's id or its narrative file")
    p.add_argument("--mode", choices=("both", "quick", "random"), default="both",
                   help="quick: every choice in every distinct state; random: seeded random games (default both)")
    p.add_argument("--runs", type=int, default=10_000, help="random games to play (default 10,000)")
    p.add_argument("--seed", type=int, default=1, help="seed of the first random game (run i uses seed+i)")
    p.add_argument("--wpm", type=float, default=pt.WORDS_PER_MINUTE,
                   help=f"reading speed for path times, in words a minute (default {pt.WORDS_PER_MINUTE})")
    p.add_argument("--format", choices=("text", "json"), default="text", help="json for CI (fields in docs)")


def run(args: argparse.Namespace) -> int:
    if args.runs < 1 or args.runs > 10_000_000:
        print("vantage test: --runs must be between 1 and 10,000,000", file=sys.stderr)
        return 2
    if not 20 <= args.wpm <= 2000:
        print("vantage test: --wpm must be between 20 and 2000 (words a minute)", file=sys.stderr)
        return 2
    n = load_or_explain(args.narrative, "test")
    if n is None:
        return 1
    report = build_report(n, args.mode, args.runs, args.seed, args.wpm,
                          _progress_bar(sys.stderr) if args.format == "text" else None)
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_report(report, sys.stdout)
    return 0 if report["ok"] else 1


def _progress_bar(stream: TextIO):
    """A progress bar on a terminal, shown only once the runs have taken more than a second."""
    t0 = time.perf_counter()
    shown = [False]

    def progress(done: int, total: int) -> None:
        if not stream.isatty() or time.perf_counter() - t0 < 1.0:
            return
        width = 30
        filled = width * done // total
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} games")
        if done == total:
            stream.write("\n")
        stream.flush()
        shown[0] = True
    return progress


def build_report(n: Narrative, mode: str, runs: int, seed: int, wpm: float, progress=None) -> dict:
    """The report as plain data: exactly what `--format json` prints (documented in docs/authoring.md)."""
    report: dict = {"narrative": n.id, "version": n.version, "words_per_minute": wpm, "ok": True}
    if mode in ("both", "quick"):
        q = pt.quick(n, seed)
        unc = q.coverage.uncovered(n)
        report["quick"] = {"states": q.states, "complete": q.complete, "endings_reachable": q.endings,
                           "endings_unreachable": [e for e in n.endings if e not in q.endings],
                           "uncovered": unc, "never_unlockable": q.coverage.never_unlockable(n),
                           "problems": q.problems}
        report["ok"] = report["ok"] and not q.problems
    if mode in ("both", "random"):
        r = pt.random_runs(n, runs, seed, progress)
        total = r.runs
        endings = {e: {"count": c, "share": round(c / total, 4)}
                   for e, c in sorted(r.endings.items(), key=lambda kv: (-kv[1], kv[0]))}
        for e in n.endings:
            endings.setdefault(e, {"count": 0, "share": 0.0})
        cov = r.coverage
        results = pt.check_assertions(n, r, wpm)
        report["random"] = {
            "runs": total, "seed": seed, "seconds": round(r.seconds, 3), "endings": endings,
            "uncovered": cov.uncovered(n), "never_taken": [c for c in pt.all_choices(n) if c not in cov.taken],
            "never_unlockable": cov.never_unlockable(n), "minutes": pt.minutes(r.words, wpm),
            "problems": r.problems,
        }
        report["assertions"] = [{"assertion": a.text, "passed": a.passed, "figure": a.figure} for a in results]
        report["ok"] = report["ok"] and all(a.passed for a in results) and not r.problems
    # the headline fields the issue names, whichever mode ran (random wins where both measure)
    src = report.get("random") or report.get("quick")
    if "random" in report:
        report["endings"] = report["random"]["endings"]
    else:
        report["endings"] = {e: {"reachable": e in report["quick"]["endings_reachable"]} for e in n.endings}
    report["uncovered"] = src["uncovered"]
    # locked in every test that showed it: a choice either test found unlocked can be unlocked (a quick test that
    # stopped at its state limit has not seen every situation, so its list alone proves nothing)
    never = set(report.get("quick", {}).get("never_unlockable", [])) | set(report.get("random", {}).get(
        "never_unlockable", []))
    if "quick" in report and "random" in report:
        never = {c for c in never if not cov.unlocked.get(c) and not q.coverage.unlocked.get(c)}
    report["never_unlockable"] = sorted(never)
    report["minutes"] = report.get("random", {}).get("minutes")
    report.setdefault("assertions", [])
    return report


def _listing(title: str, items: list[str], out: TextIO, limit: int = 12) -> None:
    if not items:
        return
    out.write(f"  {title} ({len(items)}):\n")
    for x in items[:limit]:
        out.write(f"    {x}\n")
    if len(items) > limit:
        out.write(f"    ... and {len(items) - limit} more (--format json lists them all)\n")


def print_report(report: dict, out: TextIO) -> None:
    out.write(f"vantage test: {report['narrative']} (version {report['version']})\n")
    q = report.get("quick")
    if q:
        done = (f"all {q['states']:,} distinct states explored" if q["complete"] else
                f"stopped after {q['states']:,} distinct states (not all were explored)")
        out.write(f"\nQuick test: {done}, every unlocked choice taken in each\n")
        out.write(f"  endings reachable: {', '.join(q['endings_reachable']) or 'none'}\n")
        _listing("endings no path reaches", q["endings_unreachable"], out)
        _listing("beats never reached", q["uncovered"]["beats"], out)
        _listing("lines never shown", q["uncovered"]["lines"], out)
        _listing("choices never taken", q["uncovered"]["choices"], out)
        _listing("choices locked in every state that shows them (never unlockable)" if q["complete"] else
                 "choices locked in every state explored (the random test may still unlock them)",
                 q["never_unlockable"], out)
        _listing("problems", q["problems"], out)
    r = report.get("random")
    if r:
        out.write(f"\nRandom test: {r['runs']:,} games (seeds {r['seed']}..{r['seed'] + r['runs'] - 1}) "
                  f"in {r['seconds']:.2f} s\n")
        width = max([len(e) for e in r["endings"]] + [6])
        out.write(f"  {'ending':<{width}}  {'games':>8}  {'share':>6}\n")
        for e, v in r["endings"].items():
            out.write(f"  {e:<{width}}  {v['count']:>8,}  {v['share']:>6.1%}\n")
        m = r["minutes"]
        out.write(f"  reading time per path at {report['words_per_minute']:g} words a minute: "
                  f"min {m['min']:.1f}, median {m['median']:.1f}, max {m['max']:.1f} minutes\n")
        _listing("beats no random game reached", r["uncovered"]["beats"], out)
        _listing("lines no random game showed", r["uncovered"]["lines"], out)
        _listing("choices never taken", r["never_taken"], out)
        _listing("choices locked on every visit", r["never_unlockable"], out)
        _listing("problems", r["problems"], out)
    if report["assertions"]:
        out.write("\nTeaching assertions (tests:)\n")
        for a in report["assertions"]:
            out.write(f"  {'PASS' if a['passed'] else 'FAIL'}  {a['assertion']}: {a['figure']}\n")
    out.write("\n" + ("All well." if report["ok"] else "Problems found (exit 1).") + "\n")
