"""`vantage graph NARRATIVE --html FILE`: a story map in one self-contained HTML file (nothing fetched when viewed).

Beats, gotos, branches, choices (locked ones dashed, with their condition; hidden ones dotted), endings. With
`--cohort CODE` (or `--all-plays`), each choice is labelled with how many students of the class took it; a menu
passed by fewer than five students shows no figures, and small cells are suppressed as in the report.

Layout: dagre (MIT, `assets/vendor/`), embedded in the page and run by the viewer's browser: a maintained
Sugiyama-style layout that needs no Graphviz on a student's or teacher's machine and no network.
"""
from __future__ import annotations

import argparse
import html
import json
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

from game import paths
from game.content.model import Narrative
from game.files import write_atomic
from game.telemetry import db

from .report.stats import MIN_CELL, suppress_table
from .story_arg import load_or_explain
from .telemetry_args import add_data_dir_argument, resolve_data_dir
from tools.report.analysis import readable

DAGRE = paths.ASSETS_DIR / "vendor" / "dagre-3.1.3.min.js"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("narrative", metavar="NARRATIVE", help="a story's id or its narrative file")
    p.add_argument("--html", metavar="FILE", required=True, type=Path, help="where to write the map (an .html file)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--cohort", metavar="CODE", help="label choices with how this class chose (recorded plays)")
    who.add_argument("--all-plays", action="store_true", help="label choices with every recorded play of the story")
    p.add_argument("--simulated", action="store_true",
                   help="count simulated plays too (from `vantage simulate`, to preview the overlay)")
    add_data_dir_argument(p)


def run(args: argparse.Namespace) -> int:
    n = load_or_explain(args.narrative, "graph")
    if n is None:
        return 1
    overlay = None
    if args.cohort or args.all_plays:
        overlay = class_overlay(n, resolve_data_dir(args), args.cohort, args.simulated)
        if isinstance(overlay, str):
            print(f"vantage graph: {overlay}", file=sys.stderr)
            return 1
    try:
        write_atomic(args.html, render_html(n, overlay))
    except OSError as exc:
        print(f"vantage graph: cannot write {args.html}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {args.html} ({len(n.beats)} beats, {len(n.endings)} endings)")
    return 0


# -- the graph as data ------------------------------------------------------------------------------------------------

def graph_data(n: Narrative) -> dict:
    """Nodes and edges, plain JSON: what the page lays out and draws."""
    nodes = []
    edges = []
    for full, beat in n.beats.items():
        first = next((ln.texts[0] for ln in beat.lines if ln.texts and ln.kind in ("narrate", "say", "thought")),
                     beat.prompt or "")
        nodes.append({"id": full, "kind": "start" if full == n.start else "return" if beat.returns else "beat",
                      "label": full + (" (returns)" if beat.returns else ""), "text": _short(readable(first) or "", 44),
                      "scene": beat.scene})

        def target(goto: str | None, ending: str | None) -> str:
            return goto if goto else f"ending:{ending}"

        if beat.call:  # a subroutine runs first; when it reaches `return`, the story goes on at `goto`
            edges.append({"from": full, "to": beat.call, "kind": "call", "label": "call, then back"})
        if beat.goto:
            edges.append({"from": full, "to": beat.goto, "kind": "goto", "label": "after the call" if beat.call else ""})
        if beat.ending:
            edges.append({"from": full, "to": f"ending:{beat.ending}", "kind": "goto", "label": ""})
        for br in beat.branch:
            edges.append({"from": full, "to": target(br.goto, br.ending), "kind": "branch",
                          "label": f"if {br.cond.source}" if br.cond else "otherwise"})
        for c in beat.choices:
            kind = "locked" if c.requires else "hidden" if c.cond else "choice"
            cond = []
            if c.cond:
                cond.append(f"shown if {c.cond.source}")
            if c.requires:
                cond.append(f"locked unless {c.requires.source}")
            if c.once:
                cond.append("once")
            shown = _short(readable(c.text) or "", 40)
            if c.requires:  # the condition on the map itself, not only in the table
                shown += f" [needs {_short(c.requires.source, 30)}]"
            elif c.cond:
                shown += f" [if {_short(c.cond.source, 30)}]"
            if c.call:  # the choice runs a subroutine first, then goes on to its goto
                edges.append({"from": full, "to": c.call, "kind": "call", "choice": c.id,
                              "label": f"{_short(readable(c.text) or '', 40)} (call, then back)", "condition": "; ".join(cond)})
            edges.append({"from": full, "to": target(c.goto, c.ending), "kind": kind, "choice": c.id,
                          "label": shown, "condition": "; ".join(cond)})
    for eid, e in n.endings.items():
        nodes.append({"id": f"ending:{eid}", "kind": "ending", "label": eid, "text": _short(e.title, 44),
                      "scene": ""})
    return {"narrative": n.id, "title": n.title, "version": n.version, "nodes": nodes, "edges": edges}


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# -- how a class chose -------------------------------------------------------------------------------------------------

def class_overlay(n: Narrative, data_dir: Path, cohort: str | None, simulated: bool = False) -> dict | str:
    """menu -> {choice: shown figure}, with the number of students who reached the menu; or why it cannot be made.
    Students are counted once per menu and choice, however often they came back."""
    from game.telemetry.query import TelemetryDB
    try:
        conn = db.connect_readonly(db.default_db_path(data_dir))
    except db.DatabaseError as exc:
        return str(exc)
    try:
        with TelemetryDB(conn) as tdb:
            if cohort is not None:
                from game.telemetry import codes
                cohort = codes.normalise_code(cohort)
                if cohort not in {c.code for c in tdb.cohorts()}:
                    return f"no classroom code `{cohort}` in {data_dir}"
            rows = tdb.choices(cohort=cohort, narrative_id=n.id, include_simulated=simulated)
    except sqlite3.Error as exc:
        return f"cannot read the play data in {data_dir} ({exc})"
    took: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    reached: dict[str, set] = defaultdict(set)
    for r in rows:
        took[r.menu_id][r.choice_id].add(r.session_id)
        reached[r.menu_id].add(r.session_id)
    out: dict = {"threshold": MIN_CELL, "who": f"class {cohort}" if cohort else "every recorded play", "menus": {}}
    for menu, beat in ((m, n.beats.get(m)) for m in reached):
        if beat is None:
            continue  # a menu of an older version of the story
        ids = [c.id for c in beat.choices]
        counts = [len(took[menu].get(cid, ())) for cid in ids]
        cells, total = suppress_table(counts, MIN_CELL)
        out["menus"][menu] = {"students": total, "choices": dict(zip(ids, cells))}
    return out


# -- the page ------------------------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>Story map: {title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; color: #1a1a1a; background: #fafafa; }}
h1 {{ font-size: 1.4rem; margin: 0 0 .3rem; }}
.key span {{ margin-right: 1.2rem; }}
svg {{ background: #fff; border: 1px solid #ccc; }}
.scene rect {{ fill: #f4f4f4; stroke: #bbb; stroke-dasharray: 3 3; }}
.scene text {{ font-size: 12px; fill: #555; font-style: italic; }}
.node rect {{ fill: #eef3fb; stroke: #3b5b92; stroke-width: 1.5; }}
.node.start rect {{ stroke-width: 3.5; }}
.node.ending rect {{ fill: #e8f5e9; stroke: #2e7d32; }}
.node text {{ font-size: 12px; }}
.node .id {{ font-weight: bold; }}
.edge path {{ fill: none; stroke: #555; stroke-width: 1.4; }}
.edge.locked path {{ stroke-dasharray: 6 4; stroke: #a0522d; }}
.edge.hidden path {{ stroke-dasharray: 2 3; }}
.edge.branch path {{ stroke: #6a1b9a; }}
.edge.call path {{ stroke: #00695c; stroke-dasharray: 10 3 2 3; }}
.node.return rect {{ stroke: #00695c; stroke-width: 2.5; }}
.edge text {{ font-size: 11px; fill: #222; paint-order: stroke; stroke: #fff; stroke-width: 3px; }}
.edge .count {{ font-weight: bold; fill: #0d47a1; }}
table {{ border-collapse: collapse; margin-top: 1rem; font-size: .9rem; }}
td, th {{ border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; vertical-align: top; }}
#problem {{ color: #b00020; font-weight: bold; }}
</style></head><body>
<h1>Story map: {title}</h1>
<p>{summary}</p>
<p class="key"><span>&#9646; beat (thick border: the start)</span><span style="color:#2e7d32">&#9646; ending</span>
<span>&#8212; choice or goto</span><span style="color:#a0522d">- - locked unless its condition holds</span>
<span>&middot;&middot;&middot; shown only if its condition holds</span><span style="color:#6a1b9a">&#8212; branch</span>
<span style="color:#00695c">&#8212;&middot; calls a subroutine (its last beat returns)</span></p>
<p id="problem"></p>
<div id="map"></div>
<h2>Every way on, as a table</h2>
<table><thead><tr><th>from</th><th>choice or way</th><th>to</th><th>condition</th>{count_head}</tr></thead>
<tbody>{rows}</tbody></table>
<script id="graph-data" type="application/json">{data}</script>
<script>/* dagre 3.1.3, MIT licence, (c) Chris Pettitt and the dagrejs contributors (assets/vendor/LICENSE-dagre.txt) */
{dagre}</script>
<script>
{script}
</script>
</body></html>
"""

SCRIPT = r"""
(function () {
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  try {
    var g = new dagre.graphlib.Graph({ multigraph: true, compound: true });
    g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 70, edgesep: 20, marginx: 20, marginy: 20 });
    g.setDefaultEdgeLabel(function () { return {}; });
    data.nodes.forEach(function (n) {
      var shown = (n.kind === "ending" ? "ending: " : "") + n.label;
      var w = Math.max(shown.length * 7.2, n.text.length * 6.6) + 24;
      g.setNode(n.id, { width: w, height: n.text ? 44 : 28, node: n });
      if (n.scene) {  // each scene is a box around its beats
        if (!g.hasNode("scene:" + n.scene)) g.setNode("scene:" + n.scene, { scene: n.scene, paddingTop: 24 });
        g.setParent(n.id, "scene:" + n.scene);
      }
    });
    var overlay = data.overlay && data.overlay.menus || {};
    data.edges.forEach(function (e, i) {
      var label = e.label;
      if (e.choice && overlay[e.from]) label += "  [" + overlay[e.from].choices[e.choice] + "]";
      g.setEdge(e.from, e.to, { width: label.length * 6, height: 14, labelpos: "c", edge: e,
                                text: label }, "e" + i);
    });
    dagre.layout(g);
    var size = g.graph();
    var svg = el("svg", { width: size.width, height: size.height, viewBox: "0 0 " + size.width + " " + size.height,
                          role: "img", "aria-label": "Story map of " + data.title }, document.getElementById("map"));
    var defs = el("defs", {}, svg);
    var marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
                                orient: "auto-start-reverse" }, defs);
    el("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#555" }, marker);
    g.nodes().forEach(function (id) {
      var box = g.node(id);
      if (!box.scene) return;
      var grp = el("g", { "class": "scene", "data-scene": box.scene }, svg);
      el("rect", { x: box.x - box.width / 2, y: box.y - box.height / 2, width: box.width, height: box.height, rx: 8 },
         grp);
      var t = el("text", { x: box.x - box.width / 2 + 8, y: box.y - box.height / 2 + 16 }, grp);
      t.textContent = "scene " + box.scene;
    });
    g.edges().forEach(function (ref) {
      var info = g.edge(ref), e = info.edge;
      var grp = el("g", { "class": "edge " + e.kind, "data-from": e.from, "data-to": e.to }, svg);
      var d = info.points.map(function (p, i) { return (i ? "L" : "M") + p.x.toFixed(1) + " " + p.y.toFixed(1); });
      el("path", { d: d.join(" "), "marker-end": "url(#arrow)" }, grp);
      if (info.text) {
        var t = el("text", { x: info.x, y: info.y, "text-anchor": "middle" }, grp);
        t.textContent = info.text;
        if (e.condition) el("title", {}, t).textContent = e.condition;
      }
    });
    g.nodes().forEach(function (id) {
      var box = g.node(id), n = box.node;
      if (!n) return;  // a scene box, drawn first
      var grp = el("g", { "class": "node " + n.kind, "data-id": n.id,
                          transform: "translate(" + (box.x - box.width / 2) + "," + (box.y - box.height / 2) + ")" },
                   svg);
      el("rect", { width: box.width, height: box.height, rx: n.kind === "ending" ? 14 : 4 }, grp);
      var t = el("text", { x: 10, y: 17, "class": "id" }, grp);
      t.textContent = n.kind === "ending" ? "ending: " + n.label : n.label;
      if (n.text) { var s = el("text", { x: 10, y: 34 }, grp); s.textContent = n.text; }
    });
    document.body.setAttribute("data-laid-out", String(data.nodes.length));
  } catch (err) {
    document.getElementById("problem").textContent = "The map could not be drawn here (" + err +
      "); the table below lists every way on.";
    document.body.setAttribute("data-laid-out", "failed");
  }
})();
"""


def render_html(n: Narrative, overlay: dict | None = None) -> str:
    data = graph_data(n)
    if overlay is not None:
        data["overlay"] = overlay
    esc = html.escape
    rows = []
    menus = (overlay or {}).get("menus", {})
    for e in data["edges"]:
        figure = ""
        if overlay is not None:
            m = menus.get(e["from"])
            figure = f"<td>{esc(str(m['choices'].get(e.get('choice'), '')))} of {esc(str(m['students']))}</td>" \
                if m and e.get("choice") else "<td></td>"
        what = f"{esc(e['choice'])}: {esc(e['label'])}" if e.get("choice") else esc(e["label"] or e["kind"])
        rows.append(f"<tr><td>{esc(e['from'])}</td><td>{what}</td><td>{esc(e['to'])}</td>"
                    f"<td>{esc(e.get('condition', ''))}</td>{figure}</tr>")
    count_head = ""
    if overlay is not None:
        count_head = (f"<th>students ({esc(overlay['who'])}; figures under {overlay['threshold']} are "
                      "suppressed)</th>")
    blob = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")  # no `</script>` can end the data early
    summary = esc(n.summary)
    if overlay is not None:
        summary += f" Labels in [brackets]: students who took each choice ({esc(overlay['who'])})."
    return PAGE.format(title=esc(n.title), summary=summary, rows="\n".join(rows), count_head=count_head, data=blob,
                       dagre=DAGRE.read_text(encoding="utf-8").replace("</script", "<\\/script"), script=SCRIPT)
