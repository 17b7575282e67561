"""The one-page debrief sheet (`vantage report --sheet FILE.html`): what a teacher holds in their hand after the
lesson. The headline in plain words, then how the class chose at the key moments, each titled by what the students saw
(the question on screen, or the place in the story), never an internal id, then the questions worth discussing.

It prints on exactly one A4 page (tests/tools/test_report_sheet.py prints it with headless Chromium and counts the
pages): at most MAX_MOMENTS moments and MAX_QUESTIONS questions, the rest is in the full report. Every figure is the
report's own, already protected (game/telemetry/disclosure.py).
"""
from __future__ import annotations

import html as _html
from pathlib import Path
from typing import Any

from game.files import write_atomic
from tools.report.wording import fmt, pct, verdict

MAX_MOMENTS = 5
MAX_OPTIONS = 4
MAX_QUESTIONS = 3
MAX_CHARS = 150  # a sentence longer than this is ended with "…" on the sheet only (the full report has it whole)
LINE_BUDGET = 44  # printed lines the moments and questions may take (A4 at 10 pt, after the heading and headline)
CHARS_PER_LINE = 44  # an option's column on the sheet (measured in Chromium's print of the worst case)
FULL_WIDTH_CHARS = 92  # a title or a question runs the full width

CSS = """
@page { size: A4; margin: 14mm 14mm 12mm; }
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 10pt; line-height: 1.35; color: #000;
       background: #fff; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm; border-bottom: 1.5px solid #000; }
.headline { font-size: 11pt; font-weight: bold; border-left: 4px solid #000; padding-left: 3mm; margin: 2mm 0; }
.moment { break-inside: avoid; margin: 0 0 2.5mm; }
.moment h3 { font-size: 10pt; margin: 0 0 1mm; }
table { border-collapse: collapse; width: 100%; }
td { padding: .3mm 1mm; vertical-align: middle; }
td.opt { width: 55%; } td.num { width: 12%; text-align: right; white-space: nowrap; }
.bar { height: 3mm; border: 1px solid #000; background: repeating-linear-gradient(45deg, #000 0 1px, #fff 1px 4px); }
.small { font-size: 8.5pt; }
ul { margin: 1mm 0; padding-left: 5mm; }
"""


def _e(x: Any) -> str:
    return _html.escape("" if x is None else str(x), quote=True)


def _clip(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rstrip() + "…"


def _lines(text: str, width: int) -> int:
    return max(1, -(-len(text) // width))


def _locked(o: dict[str, Any]) -> str:
    return f" (out of reach for {fmt(o['locked_for'])})" if o["locked_for"] not in (0, None) else ""


def _moment_lines(m: dict[str, Any]) -> int:
    options = m["options"][:MAX_OPTIONS]
    return (_lines(_clip(m["title"]), FULL_WIDTH_CHARS) + 1  # the title, then "Shares of ..."
            + sum(_lines(_clip(o.get("text") or "") + _locked(o), CHARS_PER_LINE) for o in options) + 1)


def render(report: dict[str, Any]) -> str:
    f = report["filters"]
    p = report["participation"]
    stories = ", ".join(n["narrative_id"] for n in report["narratives"])
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>Debrief sheet: {_e(stories)}</title><style>{CSS}</style></head><body>",
           f"<h1>Debrief sheet: {_e(stories)}</h1>",
           f"<p class=\"small\">Class {_e(', '.join(f['cohorts']) or 'all')} · {_e(report['generated_date'])} · "
           f"{_e(fmt(p['started']))} students took part, {_e(fmt(p['finished']))} reached an ending."
           + (" <b>SIMULATED DATA.</b>" if report.get("simulated") else "") + "</p>"]
    for inst in report["attitudes"][:1]:
        out.append(f'<p class="headline">{_e(verdict(inst["scales"][0], inst["unwanted_sign"]))}</p>')
    # as many key moments as fit the page with the questions below them (estimated in printed lines)
    budget = LINE_BUDGET - 2 - MAX_QUESTIONS * (_lines("x" * (MAX_CHARS + 40), FULL_WIDTH_CHARS) + 1)
    moments = []
    for m in (m for m in report["menus"] if not m["suppressed"] and m.get("title")):
        need = _moment_lines(m)
        if len(moments) == MAX_MOMENTS or need > budget:
            break
        moments.append(m)
        budget -= need
    if moments:
        out.append("<h2>How the class chose</h2>")
    for m in moments:
        basis = "of those who reached this moment" if m.get("share_of") == "reached" else "of the class here"
        out.append(f'<div class="moment"><h3>{_e(_clip(m["title"]))}</h3><table>')
        for o in m["options"][:MAX_OPTIONS]:
            share = o["share"]
            bar = (f'<div class="bar" style="width:{max(1, round(share * 100))}%"></div>' if share is not None
                   else '<span class="small">hidden to protect a small group</span>')
            locked = _locked(o)
            out.append(f'<tr><td class="opt">{_e(_clip(o.get("text") or "an option"))}{_e(locked)}</td>'
                       f'<td class="num">{_e(pct(share))}</td><td>{bar}</td></tr>')
        out.append(f'</table><span class="small">Shares {basis}.</span></div>')
    for inst in report["attitudes"][:1]:
        worth = sorted((it for it in inst["items"] if it.get("agree_before") is not None
                        and it.get("agree_after") is not None),
                       key=lambda it: (not it["backfire"], -abs(it["agree_after"] - it["agree_before"])))
        if worth:
            out.append("<h2>Questions worth discussing</h2><ul>")
            for it in worth[:MAX_QUESTIONS]:
                flag = " <b>Moved the unwanted way.</b>" if it["backfire"] else ""
                out.append(f"<li>“{_e(_clip(it['text'] or 'a question'))}”: {_e(pct(it['agree_before']))} agreed before, "
                           f"{_e(pct(it['agree_after']))} after.{flag}</li>")
            out.append("</ul>")
    out.append(f"<p class=\"small\">Groups of fewer than {report['small_cell_threshold']} students are never shown. "
               "The full report (vantage report --html) has the intervals, every question and the technical tables."
               "</p></body></html>")
    return "\n".join(out) + "\n"


def write(report: dict[str, Any], path: Path) -> Path:
    return write_atomic(Path(path), render(report))
