"""The dashboard page: one self-contained HTML file (no script or font from the internet) and the HTML/SVG fragments
the hub pushes to it over server-sent events. Charts are SVG drawn here, on the server, so the page works offline
and its script only swaps fragments in.
"""
from __future__ import annotations

import html
import json
from typing import Any

_BAR_W = 520


def _fmt(cell: Any) -> str:
    return html.escape(str(cell))


def _pct(share: float | None) -> str:
    return "" if share is None else f"{round(share * 100)} %"


def status_html(fig: dict[str, Any]) -> str:
    st = fig["status"]
    tiles = [("consented", "took part"), ("playing", "playing now"), ("finished", "finished"), ("left", "left early")]
    out = "".join(f'<div class="tile"><div class="num" id="{key}">{_fmt(st[key])}</div><div>{label}</div></div>'
                  for key, label in tiles)
    if st["waiting"]:
        out += f'<p class="wait">Counts change in steps of {fig["min_group"]} students or more.</p>'
    return out


def bars_svg(options: list[dict[str, Any]], big: bool = False) -> str:
    """Horizontal bars, one per option, labelled with its share (or '<5' / 'suppressed')."""
    row = 64 if big else 34
    font = 26 if big else 15
    width = _BAR_W * (2 if big else 1)
    h = row * len(options) + 8
    parts = [f'<svg class="bars" role="img" viewBox="0 0 {width + 260} {h}" width="100%" '
             f'aria-label="how the class chose">']
    for i, o in enumerate(options):
        y = 4 + i * row
        share = o["share"] or 0.0
        label = _pct(o["share"]) if o["share"] is not None else str(o["count"])
        parts.append(f'<text x="0" y="{y + row * 0.62:.0f}" font-size="{font}">{html.escape(o["text"])}</text>'
                     f'<rect x="250" y="{y + 4}" width="{max(2.0, share * width):.0f}" height="{row - 12}" '
                     f'rx="4" class="bar"/>'
                     f'<text x="{256 + share * width:.0f}" y="{y + row * 0.62:.0f}" font-size="{font}" '
                     f'class="val">{html.escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def moments_html(fig: dict[str, Any]) -> str:
    if not fig["moments"]:
        return "<p>No choices yet.</p>"
    out = []
    for m in fig["moments"]:
        note = "" if isinstance(m["chose"], int) and m["chose"] >= fig["min_group"] else \
            f'<p class="wait">Shown once at least {fig["min_group"]} students have chosen here.</p>'
        if m["waiting"]:
            note += f'<p class="wait">Updates in steps of {fig["min_group"]} students or more.</p>'
        chart = bars_svg(m["options"]) if isinstance(m["chose"], int) and m["chose"] >= fig["min_group"] else ""
        out.append(f'<section class="moment" data-menu="{html.escape(m["menu_id"])}">'
                   f'<h3>{html.escape(m["prompt"])}</h3><p class="n">chosen by {_fmt(m["chose"])} students</p>'
                   f"{chart}{note}</section>")
    return "".join(out)


def debrief_html(fig: dict[str, Any]) -> list[str]:
    """One big-type slide per key moment."""
    slides = []
    for m in fig["moments"]:
        shown = isinstance(m["chose"], int) and m["chose"] >= fig["min_group"]
        body = bars_svg(m["options"], big=True) if shown else \
            f'<p class="big">Fewer than {fig["min_group"]} students have chosen here so far.</p>'
        slides.append(f'<h2 class="big">{html.escape(m["prompt"])}</h2>{body}')
    return slides


def attitude_html(fig: dict[str, Any]) -> str:
    a = fig.get("attitude")
    if not a:
        return "<p>Shown once enough students have answered the questionnaire before and after.</p>"
    lo, hi = a["scale_min"], a["scale_max"]
    w = 600

    def x(v: float) -> float:
        return 20 + (v - lo) / (hi - lo) * (w - 40)

    svg = (f'<svg role="img" viewBox="0 0 {w} 90" width="100%" aria-label="attitude before and after">'
           f'<line x1="{x(lo)}" y1="60" x2="{x(hi)}" y2="60" class="axis"/>'
           + "".join(f'<text x="{x(v)}" y="82" font-size="13" text-anchor="middle">{v}</text>'
                     for v in range(int(lo), int(hi) + 1))
           + f'<circle cx="{x(a["mean_before"]):.1f}" cy="40" r="8" class="before"/>'
           f'<circle cx="{x(a["mean_after"]):.1f}" cy="40" r="8" class="after"/>'
           f'<text x="{x(a["mean_before"]):.1f}" y="22" font-size="13" text-anchor="middle">before</text>'
           f'<text x="{x(a["mean_after"]):.1f}" y="22" font-size="13" text-anchor="middle">after</text></svg>')
    return (f'<p id="attitude-change">{html.escape(a["title"])}: average moved by {a["mean_change"]:+.2f} '
            f'(95 % interval {a["ci_low"]:+.2f} to {a["ci_high"]:+.2f}; higher means {html.escape(a["higher_means"])}'
            f'), {a["n"]} students answered before and after.</p>{svg}')


def fragments(fig: dict[str, Any], version: int) -> str:
    """The JSON pushed to the page on every change."""
    return json.dumps({"version": version, "status": status_html(fig), "moments": moments_html(fig),
                       "debrief": debrief_html(fig), "attitude": attitude_html(fig),
                       "simulated": fig["simulated"]}, separators=(",", ":"))


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vantage class __COHORT__</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;background:#fff;color:#111;line-height:1.4}
h1{font-size:1.6rem}.tiles{display:flex;gap:1rem;flex-wrap:wrap}
.tile{border:2px solid #333;border-radius:8px;padding:.6rem 1.2rem;min-width:8rem;text-align:center}
.num{font-size:2.4rem;font-weight:700}.wait{color:#555;font-style:italic}
.bar{fill:#2a5d9f}.val{fill:#111}.axis{stroke:#333;stroke-width:2}.before{fill:#999}.after{fill:#2a5d9f}
.moment{border-top:1px solid #ccc;padding-top:.5rem;max-width:60rem}
button{font-size:1.1rem;padding:.4rem 1rem;margin-right:.5rem}
#debrief .big{font-size:2.6rem}#debrief{display:none}body.debrief #debrief{display:block}
body.debrief #overview{display:none}#sim{display:none;background:#fd0;padding:.3rem}
</style></head>
<body>
<h1>Class __COHORT__ &middot; live</h1>
<p id="sim">Includes simulated plays.</p>
<p><button id="mode">Debrief view</button><span id="conn">connecting&hellip;</span>
 <span id="version" data-version="0"></span></p>
<div class="tiles" id="status"></div>
<div id="overview"><h2>Key moments</h2><div id="moments"></div><h2>Attitude</h2><div id="attitude"></div></div>
<div id="debrief"><p><button id="prev">&larr; Previous</button><button id="next">Next &rarr;</button>
<span id="slide-no"></span></p><div id="slide"></div></div>
<p><small>Group figures only: any group of fewer than 5 students is hidden, and figures change only in steps of
5 students or more.</small></p>
<script>
"use strict";
let slides = [], at = 0;
function show() {
  document.getElementById("slide").innerHTML = slides.length ? slides[at] : "<p class='big'>No choices yet.</p>";
  document.getElementById("slide-no").textContent = slides.length ? (at + 1) + " / " + slides.length : "";
}
function apply(d) {
  for (const k of ["status", "moments", "attitude"]) document.getElementById(k).innerHTML = d[k];
  document.getElementById("sim").style.display = d.simulated ? "block" : "none";
  slides = d.debrief; if (at >= slides.length) at = Math.max(0, slides.length - 1); show();
  const v = document.getElementById("version"); v.dataset.version = d.version;
}
document.getElementById("mode").onclick = () => {
  document.body.classList.toggle("debrief");
  document.getElementById("mode").textContent = document.body.classList.contains("debrief") ? "Overview" : "Debrief view";
};
document.getElementById("prev").onclick = () => { if (at > 0) { at--; show(); } };
document.getElementById("next").onclick = () => { if (at < slides.length - 1) { at++; show(); } };
document.addEventListener("keydown", e => {
  if (!document.body.classList.contains("debrief")) return;
  if (e.key === "ArrowRight") document.getElementById("next").click();
  if (e.key === "ArrowLeft") document.getElementById("prev").click();
});
const es = new EventSource("stream" + location.search);
es.addEventListener("figures", e => apply(JSON.parse(e.data)));
es.onopen = () => { document.getElementById("conn").textContent = "live"; };
es.onerror = () => { document.getElementById("conn").textContent = "reconnecting\\u2026"; };
</script></body></html>
"""


def page(cohort: str) -> str:
    return PAGE.replace("__COHORT__", html.escape(cohort))
