"""The printable HTML report: one self-contained file (inline CSS and SVG charts, no scripts, no links out), readable
on paper in black and white and by screen readers (headings, captions, text alternatives and a data table per chart).
"""
from __future__ import annotations

import html as _html
from pathlib import Path
from typing import Any, Iterable, Sequence

from game.files import write_atomic
from tools.report import charts
from tools.report.wording import alpha_sentence, fmt, fmt_p, pct, permutation_note, power_sentence, subscale_warnings, verdict

CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #000;
       background: #fff; margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .3rem; } h2 { font-size: 1.4rem; margin-top: 2.2rem; border-bottom: 2px solid #000; }
h3 { font-size: 1.15rem; margin-top: 1.6rem; }
.banner { border: 3px double #000; padding: .5rem 1rem; font-weight: bold; }
.verdict { font-size: 1.1rem; font-weight: bold; border-left: 6px solid #000; padding-left: .8rem; }
.backfire { font-weight: bold; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .92rem; }
caption { text-align: left; font-weight: bold; padding-bottom: .3rem; }
th, td { border: 1px solid #555; padding: .25rem .5rem; text-align: right; vertical-align: top; white-space: nowrap; }
td.text { white-space: normal; }
th[scope=row], td.text, th.text, thead th:first-child { text-align: left; }
thead th { background: #eee; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: .92rem; margin-top: .3rem; }
svg.chart { width: 100%; height: auto; max-width: 48rem; display: block; }
.note { font-size: .9rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  table, figure { break-inside: avoid; page-break-inside: avoid; }
  thead th { background: none; }
}
"""


def _e(x: Any) -> str:
    return _html.escape("" if x is None else str(x), quote=True)


def _table(caption: str, header: Sequence[str], rows: Iterable[Sequence[Any]], row_headers: bool = True) -> str:
    rows = [list(r) for r in rows]
    # a column of words (a question's or an option's wording) is read from the left, its heading too
    text_cols = {i for r in rows for i, cell in enumerate(r) if isinstance(cell, _Raw)}
    out = [f"<table><caption>{_e(caption)}</caption><thead><tr>"]
    out += [f'<th scope="col" class="text">{_e(h)}</th>' if i in text_cols else f'<th scope="col">{_e(h)}</th>'
            for i, h in enumerate(header)]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            if i == 0 and row_headers:
                out.append(f'<th scope="row">{_e(cell)}</th>')
            else:
                out.append(f'<td class="text">{cell}</td>' if isinstance(cell, _Raw) else f"<td>{_e(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


class _Raw(str):
    """Already-escaped HTML for a table cell."""


class _Figures:
    def __init__(self) -> None:
        self.n = 0

    def figure(self, svg_and_desc: tuple[str, str], caption: str) -> str:
        self.n += 1
        svg, _desc = svg_and_desc
        return f"<figure>{svg}<figcaption><strong>Figure {self.n}.</strong> {_e(caption)}</figcaption></figure>"


def render(report: dict[str, Any]) -> str:
    figs = _Figures()
    f = report["filters"]
    stories = ", ".join(f"{n['narrative_id']} {n['version']}" for n in report["narratives"])
    parts: list[str] = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Vantage report: {_e(stories)}, {_e(report['generated_date'])}</title>",
        f"<style>{CSS}</style></head><body><main>",
        "<header><h1>Vantage report</h1>",
        f"<p>Made on {_e(report['generated_date'])}. Classes: {_e(', '.join(f['cohorts']) or 'all')}. "
        f"Story: {_e(stories)}. Plays since: {_e(f['since'] or 'the start')}. Groups smaller than "
        f"{report['small_cell_threshold']} students are hidden.</p>",
    ]
    if report.get("simulated"):
        parts.append('<p class="banner" role="note">Simulated data: these plays were made up by '
                     "<code>vantage simulate</code>; they are not real students.</p>")
    parts.append("</header>")

    p = report["participation"]
    parts.append('<section aria-labelledby="h-participation"><h2 id="h-participation">Who took part</h2>')
    rows = [("Plays started (with consent)", p["started"]), ("Finished the story", p["finished"]),
            ("Left early", p["left_early"]), ("Stopped without an ending", p["abandoned"]),
            ("Still playing", p["in_progress"])]
    if p["median_minutes"] is not None:
        rows.append(("Median minutes (middle half)",
                     f"{p['median_minutes']:.1f} ({p['minutes_q1']:.1f} to {p['minutes_q3']:.1f})"))
    parts.append(_table("Participation", ["", "students"], rows))
    parts.append("</section>")

    if not report["attitudes"]:
        parts.append('<section aria-labelledby="h-att"><h2 id="h-att">Attitudes</h2>'
                     "<p>No questionnaire answers were recorded for these plays.</p></section>")
    appendix: list[str] = []
    for k, inst in enumerate(report["attitudes"]):
        parts.append(_attitudes(inst, f"i{k}", figs, appendix))
    if report.get("follow_up"):
        parts.append(_follow_up(report["follow_up"]))
    if report["menus"]:
        parts.append('<section aria-labelledby="h-choices"><h2 id="h-choices">How the class chose</h2>'
                     "<p>Each student's first choice at each key moment, for the debrief discussion. "
                     "'Locked' options were shown but out of reach, as the condition can make them feel; "
                     "'tried while locked' counts the students who still tried to pick one (each student once).</p>")
        for k, m in enumerate(report["menus"]):
            parts.append(_menu(m, f"m{k}", figs))
        parts.append("</section>")
    if appendix:
        parts.append('<section aria-labelledby="h-appendix"><h2 id="h-appendix">Appendix: technical tables</h2>'
                     + "".join(appendix) + "</section>")
    parts.append('<section aria-labelledby="h-notes"><h2 id="h-notes">Notes</h2>')
    if report["warnings"]:
        parts.append("<h3>Warnings</h3><ul>" + "".join(f"<li>{_e(w)}</li>" for w in report["warnings"]) + "</ul>")
    parts.append("<ul class=\"note\">" + "".join(f"<li>{_e(n)}</li>" for n in report["notes"]) + "</ul>")
    parts.append(_GUIDE)
    parts.append("</section></main></body></html>")
    return "\n".join(parts) + "\n"


_GUIDE = """<h3>Reading this report</h3>
<dl class="note">
<dt>Change and its 95% interval</dt><dd>The average change from before to after the story, and the range of true
changes the data are consistent with. If the whole interval is on one side of zero, chance alone is an unlikely
explanation. If it includes zero, the class may have moved a little either way, or not at all.</dd>
<dt>dz</dt><dd>The change measured against how much students' changes varied: about 0.2 is small, 0.5 medium, 0.8
large. It is the headline effect size. d_av measures the change against the spread of the scores themselves, to compare
with other studies.</dd>
<dt>Cronbach's alpha</dt><dd>Whether the questions hang together as one measure in this class (0.7 or more is
usually enough). If it is low, read the items rather than the total.</dd>
<dt>Backfire flag</dt><dd>An item that moved towards more stigma by more than chance explains (checked so that, when
nothing really changed, an item is wrongly flagged in at most 5 of 100 reports). Simulations of symptoms are known to
sometimes increase wanting to keep distance: talk about it in the debrief.</dd>
<dt>&lt;5 and "suppressed"</dt><dd>Fewer than five students: the number is hidden so nobody can be identified;
"suppressed" hides another number so the small one cannot be worked out by subtraction.</dd>
</dl>"""


def _attitudes(inst: dict[str, Any], key: str, figs: _Figures, appendix: list[str]) -> str:
    total = inst["scales"][0]
    out = [f'<section aria-labelledby="h-{key}"><h2 id="h-{key}">Attitudes: {_e(inst["title"])}</h2>',
           f"<p>Questionnaire <code>{_e(inst['instrument_id'])}</code>, scored {inst['scale_min']} to "
           f"{inst['scale_max']} after reverse-scoring, so a higher score always means "
           f"{_e(inst['higher_score_means'])}.</p>",
           f'<p class="verdict">{_e(verdict(total, inst["unwanted_sign"]))}</p>']
    for sentence in subscale_warnings(inst):
        out.append(f'<p class="backfire" role="note">{_e(sentence)}</p>')
    agree = [it for it in inst["items"] if not it["suppressed"]
             and (it.get("agree_before") is not None or it.get("agree_after") is not None)]
    if agree:  # single questions are ordinal: the teacher's first view is who agreed, before and after
        out.append(_table("Who agreed with each sentence, before and after the story (p: exact sign test on those "
                          "who changed their mind)", ["question", "wording", "agreed before", "agreed after", "p"],
                          [[it["item_id"], _Raw(f'<span class="text">{_e(it["text"])}</span>'),
                            pct(it.get("agree_before")), pct(it.get("agree_after")), fmt_p(it.get("agree_p"))]
                           for it in agree]))
    for sentence in (power_sentence(total), alpha_sentence(total.get("alpha_pre"))):
        if sentence:
            out.append(f"<p>{_e(sentence)}</p>")
    um = inst["unmatched"]
    desc = (f"Not matched (left out of the change): {fmt(um['pre_only'])} answered only before the story "
            f"(left early {fmt(um['pre_only_left_early'])}, stopped {fmt(um['pre_only_abandoned'])}, finished "
            f"{fmt(um['pre_only_finished'])}); {fmt(um['post_only'])} only after.")
    if um.get("pre_mean_unmatched") is not None:
        desc += (f" Their mean score before was {um['pre_mean_unmatched']:.2f}, against "
                 f"{um['pre_mean_matched']:.2f} for the matched students.")
    out.append(f"<p>{_e(desc)}</p>")
    if not total["suppressed"]:
        out.append(figs.figure(charts.distribution_chart(total, inst, f"{key}-dist"),
                               "How the matched students' scores were spread before (hatched) and after (grey)."))
        dist = total["distribution"]
        bands = [f"{a:g} to {b:g}" for a, b in zip(dist["edges"][:-1], dist["edges"][1:])]
        out.append(_table("Students per score band (data of the figure above)", ["band", "before", "after"],
                          zip(bands, dist["pre"], dist["post"])))
    rows = []
    for sc in inst["scales"]:
        if sc["suppressed"]:
            rows.append([sc["scale"], sc["n_pairs"], "too few", "", "", "", "", "", ""])
            continue
        rows.append([sc["scale"], sc["n_pairs"], fmt(sc["mean_before"]), fmt(sc["mean_after"]),
                     f"{fmt(sc['mean_change'], signed=True)} ({fmt(sc['ci_low'], signed=True)} to "
                     f"{fmt(sc['ci_high'], signed=True)})", fmt(sc["dz"], signed=True), fmt(sc["d_av"], signed=True),
                     fmt_p(sc["p_permutation"]), fmt(sc["alpha_pre"])])
    # the researchers' figures go to the appendix; the teacher reads the verdict, who agreed, and the items
    appendix.append(f"<h3>{_e(inst['title'])}</h3>")
    appendix.append(_table("Attitude shift, matched pairs (dz is the headline effect size)",
                           ["scale", "pairs", "before", "after", "change (95% interval)", "dz", "d_av",
                            "p (sign-flip)", "alpha"], rows))
    if not total["suppressed"]:
        appendix.append(f"<p class=\"note\">p (sign-flip): permutation test, {_e(permutation_note(total))}. "
                   f"dz 95% interval (noncentral t): {fmt(total.get('dz_ci_low'), signed=True)} to "
                   f"{fmt(total.get('dz_ci_high'), signed=True)}; d_av about {fmt(total.get('d_av_ci_low'), signed=True)}"
                   f" to {fmt(total.get('d_av_ci_high'), signed=True)}. Paired t-test p for the total: "
                   f"{fmt_p(total['p_t'])}.</p>")
    if any(not it["suppressed"] for it in inst["items"]):
        out.append(figs.figure(charts.item_chart(inst, f"{key}-items"),
                               "Change on each item with its 95% interval. Triangles mark backfire flags."))
    item_rows = []
    for it in inst["items"]:
        flag = _Raw('<span class="backfire">yes: moved towards more stigma beyond chance</span>'
                    if it["backfire"] else "no")
        if it["suppressed"]:
            item_rows.append([it["item_id"], _Raw(f'<span class="text">{_e(it["text"])}</span>'), it["n_pairs"],
                              "too few", ""])
            continue
        item_rows.append([it["item_id"], _Raw(f'{_e(it["text"])}{" (reverse-worded)" if it["reverse"] else ""}'),
                          it["n_pairs"], f"{fmt(it['mean_change'], signed=True)} ({fmt(it['ci_low'], signed=True)} "
                                         f"to {fmt(it['ci_high'], signed=True)})", flag])
    out.append(_table("Items (data of the figure above)", ["item", "wording", "pairs", "change (95% interval)",
                                                           "backfire"], item_rows))
    if inst["unwanted_sign"]:
        out.append(f"<p class=\"note\">Backfire rule: {_e(inst['backfire_rule'])}.</p>")
    out.append("</section>")
    return "".join(out)


def _menu(m: dict[str, Any], key: str, figs: _Figures) -> str:
    heading = f"{m['prompt']} ({m['menu_id']})" if m.get("prompt") else m["menu_id"]
    out = [f"<h3>{_e(heading)}</h3>"]
    timing = ""
    if m["decision_seconds_median"] is not None:
        timing = (f" Median decision time {m['decision_seconds_median']:.1f} s (middle half "
                  f"{m['decision_seconds_q1']:.1f} to {m['decision_seconds_q3']:.1f} s).")
    out.append(f"<p>Reached by {_e(fmt(m['reached']))} students; {_e(fmt(m['chose']))} chose.{_e(timing)}</p>")
    if m["suppressed"]:
        out.append("<p>Too few students to show how they chose.</p>")
        return "".join(out)
    out.append(figs.figure(charts.menu_chart(m, f"{key}-chart"), f"How the class chose at {m['menu_id']}."))
    out.append(_table(f"Choices at {m['menu_id']} (data of the figure above)",
                      ["option", "wording", "students", "share", "locked for", "tried while locked"],
                      [[o["choice_id"], _Raw(_e(o.get("text") or "")), o["count"], pct(o["share"]), o["locked_for"],
                        o.get("tried_while_locked", 0)] for o in m["options"]]))
    return "".join(out)


def _follow_up(fu: dict[str, Any]) -> str:
    """Before, just after and weeks later, for the students linked by their participant code."""
    out = ['<section aria-labelledby="h-followup"><h2 id="h-followup">Follow-up: did it last?</h2>',
           f"<p>The questionnaire again, weeks later, without the story: {_e(fmt(fu['followup_plays']))} answered, "
           f"{_e(fmt(fu['linked']))} linked to their first play by their participant code.</p>"]
    rows = []
    for inst in fu["instruments"]:
        if inst["suppressed"]:
            rows.append([inst["instrument_id"], inst.get("n_students"), "too few", "", "", "", ""])
            continue
        bf, af = inst["before_to_followup"], inst["after_to_followup"]
        rows.append([inst["instrument_id"], inst["n_students"], fmt(inst["mean_before"]), fmt(inst["mean_after"]),
                     fmt(inst["mean_followup"]),
                     f"{fmt(bf['mean_change'], signed=True)} ({fmt(bf['ci_low'], signed=True)} to "
                     f"{fmt(bf['ci_high'], signed=True)}), dz {fmt(bf['dz'], signed=True)}",
                     f"{fmt(af['mean_change'], signed=True)} ({fmt(af['ci_low'], signed=True)} to "
                     f"{fmt(af['ci_high'], signed=True)})"])
    out.append(_table("Students with a score at all three times", ["questionnaire", "students", "before",
                                                                   "just after", "weeks later",
                                                                   "before to weeks later (95% interval)",
                                                                   "just after to weeks later"], rows))
    out.append("</section>")
    return "".join(out)


def write(report: dict[str, Any], path: Path) -> Path:
    """Write the HTML atomically (temporary file, fsync, rename)."""
    return write_atomic(path, render(report))
