"""Charts of the HTML report, drawn by matplotlib (Agg, never a display) and returned as inline SVG.

Built to be read in black and white (greys, hatching and marker shapes carry every distinction, never colour alone)
and by screen readers (each SVG has role="img", a <title> and a <desc>; the HTML adds a caption and a data table).
"""
from __future__ import annotations

import io
import re
import textwrap
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot: no display is ever opened
from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)

from tools.report.wording import fmt, pct  # noqa: E402

matplotlib.rcParams.update({
    "svg.fonttype": "none",  # text stays text: selectable, searchable, smaller
    "svg.hashsalt": "vantage-report",  # the same data give the same file
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "hatch.linewidth": 0.8,
})

INK = "#000000"
GREY = "#6e6e6e"
LIGHT = "#d9d9d9"
HATCHES = ["", "///", "...", "xx", "\\\\\\", "++", "oo", "--"]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def to_svg(fig: Figure, chart_id: str, title: str, description: str) -> str:
    """The figure as an <svg> element to inline in HTML: no XML prolog, no metadata, ids unique to this chart."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    # several charts share one page: make every id (and every reference to it) unique to this chart
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{chart_id}-{m.group(1)}"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{chart_id}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{chart_id}-{m.group(1)}"', svg)
    head_end = svg.index(">") + 1
    head = svg[:head_end]
    head = re.sub(r'\swidth="[^"]*"', "", head, count=1)
    head = re.sub(r'\sheight="[^"]*"', "", head, count=1)
    head = head[:-1] + (f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart"'
                        f' preserveAspectRatio="xMidYMid meet">')
    labels = (f'<title id="{chart_id}-title">{_escape(title)}</title>'
              f'<desc id="{chart_id}-desc">{_escape(description)}</desc>')
    return head + labels + svg[head_end:]


def distribution_chart(scale: dict[str, Any], instrument: dict[str, Any], chart_id: str) -> tuple[str, str]:
    """Side-by-side bars: how many students scored in each band before (hatched) and after (solid)."""
    dist = scale["distribution"]
    edges = dist["edges"]
    labels = [f"{a:g}–{b:g}" for a, b in zip(edges[:-1], edges[1:])]
    fig = Figure(figsize=(7.5, 3.4), layout="constrained")
    ax = fig.add_subplot()
    width = 0.4
    numeric = [v for v in dist["pre"] + dist["post"] if isinstance(v, int)]
    top = max(numeric + [5])
    for k, (phase, hatch, face, label) in enumerate((("pre", "///", "white", "before"),
                                                     ("post", "", GREY, "after"))):
        xs = [i + (k - 0.5) * width for i in range(len(labels))]
        heights = [v if isinstance(v, int) else 0 for v in dist[phase]]
        ax.bar(xs, heights, width=width, color=face, edgecolor=INK, hatch=hatch, linewidth=0.8, label=label)
        for x, v in zip(xs, dist[phase]):
            ax.text(x, (v if isinstance(v, int) else 0) + top * 0.02, "s" if v == "suppressed" else str(v),
                    ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_xlabel(f"mean item score ({instrument['scale_min']} to {instrument['scale_max']}; higher = "
                  f"{instrument['higher_score_means']})")
    ax.set_ylabel("students")
    ax.set_ylim(0, top * 1.15)
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    title = f"Scores before and after the story: {instrument['title']}"
    desc = (f"Bar chart of {scale['n_pairs']} matched students' mean scores in half-point bands, before (hatched) "
            f"and after (solid grey). The mean went from {fmt(scale['mean_before'])} to {fmt(scale['mean_after'])}. "
            "Bands with fewer than five students show '<5' and no bar. The table below lists every count.")
    return to_svg(fig, chart_id, title, desc), desc


def item_chart(instrument: dict[str, Any], chart_id: str) -> tuple[str, str]:
    """Each item's mean change with its 95 % interval; items flagged as backfire drawn as black triangles."""
    items = instrument["items"]
    # the teacher reads the sentences the students answered, not their ids
    labels = [textwrap.fill(it.get("text") or it["item_id"], 46) for it in items]
    rows = sum(max(1, label.count("\n") + 1) for label in labels)
    fig = Figure(figsize=(9.5, 0.3 * rows + 0.25 * len(items) + 1.3), layout="constrained")
    ax = fig.add_subplot()
    ys = list(range(len(items)))[::-1]
    shown = [it for it in items if not it["suppressed"]]
    span = max([abs(v) for it in shown for v in (it["ci_low"], it["ci_high"])] + [0.25]) * 1.15
    sign = instrument["unwanted_sign"]
    if sign:
        # the unwanted side is shaded with dots: visible on paper without colour
        ax.axvspan(0, sign * span, facecolor="white", edgecolor=LIGHT, hatch="..", linewidth=0, zorder=0)
        ax.text(sign * span * 0.97, len(items) - 0.35, "more stigma", ha="right" if sign > 0 else "left",
                va="bottom", fontsize=8, style="italic")
        ax.text(-sign * span * 0.97, len(items) - 0.35, "less stigma", ha="left" if sign > 0 else "right",
                va="bottom", fontsize=8, style="italic")
    ax.axvline(0, color=INK, linewidth=0.8)
    for y, it in zip(ys, items):
        if it["suppressed"]:
            ax.text(0, y, " too few pairs", va="center", fontsize=8)
            continue
        m, lo, hi = it["mean_change"], it["ci_low"], it["ci_high"]
        ax.plot([lo, hi], [y, y], color=INK, linewidth=1.4, solid_capstyle="butt")
        ax.plot([lo, lo], [y - 0.15, y + 0.15], color=INK, linewidth=1.0)
        ax.plot([hi, hi], [y - 0.15, y + 0.15], color=INK, linewidth=1.0)
        if it["backfire"]:
            ax.plot([m], [y], marker="^", markersize=9, color=INK, linestyle="none")
            ax.text(hi, y + 0.18, "  BACKFIRE", fontsize=8, fontweight="bold", va="bottom")
        else:
            ax.plot([m], [y], marker="o", markersize=6, markerfacecolor="white", markeredgecolor=INK,
                    linestyle="none")
    ax.set_yticks(ys, labels, fontsize=8)
    ax.set_xlim(-span, span)
    ax.set_ylim(-0.7, len(items) + 0.1)
    ax.set_xlabel("change in item score, after minus before (with 95% interval)")
    ax.spines[["top", "right"]].set_visible(False)
    flagged = [it["item_id"] for it in items if it["backfire"]]
    title = f"Change on each item: {instrument['title']}"
    desc = (f"Dot-and-line chart of the mean change on each of {len(items)} items with its 95% interval; "
            f"left of the zero line means {'less stigma' if sign > 0 else 'lower scores'}. "
            + (f"Flagged as backfire (triangles): {', '.join(flagged)}. " if flagged else "No item is flagged. ")
            + "The table below lists every figure.")
    return to_svg(fig, chart_id, title, desc), desc


def menu_chart(menu: dict[str, Any], chart_id: str) -> tuple[str, str]:
    """Horizontal bars: the share of the class taking each option; each option its own hatching."""
    options = menu["options"]
    fig = Figure(figsize=(7.5, 0.62 * len(options) + 1.0), layout="constrained")
    ax = fig.add_subplot()
    ys = list(range(len(options)))[::-1]
    for k, (y, o) in enumerate(zip(ys, options)):
        share = o["share"]
        if share is None:
            ax.text(1, y, f"{o['count']} (hidden to protect a small group)", va="center", fontsize=9,
                    style="italic")
            continue
        ax.barh([y], [share * 100], color="white" if k % 2 else LIGHT, edgecolor=INK,
                hatch=HATCHES[k % len(HATCHES)], linewidth=0.8, height=0.6)
        locked = ""
        if o["locked_for"] not in (0, None) or o.get("tried_while_locked") not in (0, None):
            locked = f", locked for {o['locked_for']}, tried by {o.get('tried_while_locked', 0)}"
        ax.text(share * 100 + 1, y, f"{pct(share)} ({o['count']}){locked}", va="center", fontsize=9)
    ax.set_yticks(ys, [textwrap.fill(o.get("text") or o["choice_id"], 28) for o in options])
    ax.set_ylim(-0.6, len(options) - 0.4)
    ax.set_xlim(0, 115)
    ax.set_xlabel("share of the students (%)")
    ax.spines[["top", "right"]].set_visible(False)
    parts = [f"{o.get('text') or o['choice_id']}: {pct(o['share']) if o['share'] is not None else o['count']}"
             for o in options]
    title = f"How the class chose at {menu['menu_id']}"
    desc = f"Bar chart of the {menu['chose']} students' first choice at {menu['menu_id']}: " + "; ".join(parts) + "."
    return to_svg(fig, chart_id, title, desc), desc
