"""The terminal summary of the report: what a facilitator reads in a minute."""
from __future__ import annotations

from typing import Any

from tools.report.wording import alpha_sentence, fmt, fmt_p, pct, permutation_note, power_sentence, subscale_warnings, verdict

BAR_WIDTH = 24


def _bar(share: float | None) -> str:
    if share is None:
        return ""
    return "#" * int(round(share * BAR_WIDTH))


def _short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render(report: dict[str, Any]) -> str:
    out: list[str] = []
    add = out.append
    f = report["filters"]
    add(f"Vantage report, {report['generated_date']}")
    if report.get("simulated"):
        add("*** SIMULATED DATA: made up by `vantage simulate`, not real students ***")
    stories = ", ".join(f"{n['narrative_id']} {n['version']}" for n in report["narratives"])
    add(f"Classes: {', '.join(f['cohorts']) or 'all'}   Story: {stories}   Since: {f['since'] or 'the start'}")
    p = report["participation"]
    add("")
    add("PARTICIPATION")
    rows = [("Plays started (with consent)", p["started"]), ("Finished", p["finished"]),
            ("Left early", p["left_early"]), ("Stopped without an ending", p["abandoned"]),
            ("Still playing", p["in_progress"])]
    for label, value in rows:
        add(f"  {label:<30} {fmt(value):>8}")
    if p["median_minutes"] is not None:
        add(f"  {'Median minutes':<30} {p['median_minutes']:>8.1f}   (middle half {p['minutes_q1']:.1f} to "
            f"{p['minutes_q3']:.1f})")
    for inst in report["attitudes"]:
        add("")
        add(f"ATTITUDES: {inst['title']} ({inst['instrument_id']}), scored {inst['scale_min']} to "
            f"{inst['scale_max']}; a higher score means {inst['higher_score_means']}")
        um = inst["unmatched"]
        add(f"  Answered by {fmt(inst['answered_by'])}; matched before/after pairs below. Not matched: "
            f"{fmt(um['pre_only'])} answered only before (left early {fmt(um['pre_only_left_early'])}, stopped "
            f"{fmt(um['pre_only_abandoned'])}, finished {fmt(um['pre_only_finished'])}), "
            f"{fmt(um['post_only'])} only after. They are left out of the change figures.")
        if um.get("pre_mean_unmatched") is not None:
            add(f"  Before-scores: those not matched {um['pre_mean_unmatched']:.2f}, matched "
                f"{um['pre_mean_matched']:.2f}.")
        shown = [it for it in inst["items"] if it.get("agree_before") is not None or it.get("agree_after") is not None]
        if shown:
            add("  Who agreed with each sentence, before -> after the story (p: exact sign test on those who changed "
                "their mind):")
            for it in inst["items"]:
                if it["suppressed"]:
                    continue
                text = " ".join(str(it.get("text") or it["item_id"]).split())
                add(f"    {pct(it.get('agree_before')):>4} -> {pct(it.get('agree_after')):>4}  p {fmt_p(it.get('agree_p')):>6}"
                    f"  {text}")
        add(f"  {'scale':<18}{'pairs':>6}{'before':>8}{'after':>8}{'change [95% interval]':>27}{'dz':>7}"
            f"{'d_av':>7}{'p perm':>8}{'alpha':>7}")
        for sc in inst["scales"]:
            if sc["suppressed"]:
                add(f"  {sc['scale']:<18}{fmt(sc['n_pairs']):>6}   (too few pairs to show)")
                continue
            change = f"{fmt(sc['mean_change'], signed=True)} [{fmt(sc['ci_low'], signed=True)}, " \
                     f"{fmt(sc['ci_high'], signed=True)}]"
            add(f"  {sc['scale']:<18}{sc['n_pairs']:>6}{fmt(sc['mean_before']):>8}{fmt(sc['mean_after']):>8}"
                f"{change:>27}{fmt(sc['dz'], signed=True):>7}{fmt(sc['d_av'], signed=True):>7}"
                f"{fmt_p(sc['p_permutation']):>8}{fmt(sc['alpha_pre']):>7}")
        total = inst["scales"][0]
        add("  " + verdict(total, inst["unwanted_sign"]))
        for sentence in subscale_warnings(inst):
            add("  ! " + sentence)
        if not total["suppressed"]:
            add("  " + power_sentence(total))
            add(f"  dz (mean change / SD of the changes) is the headline effect size; d_av divides by the average "
                f"before/after SD. p perm: sign-flip permutation test ({permutation_note(total)}).")
            if total.get("dz_ci_low") is not None:
                add(f"  dz {fmt(total['dz'], signed=True)}, 95% interval {fmt(total['dz_ci_low'], signed=True)} to "
                    f"{fmt(total['dz_ci_high'], signed=True)} (noncentral t); d_av {fmt(total['d_av'], signed=True)}, "
                    f"about {fmt(total['d_av_ci_low'], signed=True)} to {fmt(total['d_av_ci_high'], signed=True)}.")
        if total.get("alpha_pre") is not None:
            add("  " + alpha_sentence(total["alpha_pre"]) + " (answers before the story)")
        flagged = [it for it in inst["items"] if it["backfire"]]
        add("  Items (after reverse-scoring, so a higher score always means "
            f"{inst['higher_score_means']}):")
        for it in inst["items"]:
            if it["suppressed"]:
                add(f"    {it['item_id']:<26} {fmt(it['n_pairs']):>5} pairs (too few to show)")
                continue
            mark = "  << BACKFIRE: moved towards more stigma beyond noise" if it["backfire"] else ""
            add(f"    {it['item_id']:<26} {it['n_pairs']:>5} pairs  change {fmt(it['mean_change'], signed=True)} "
                f"[{fmt(it['ci_low'], signed=True)}, {fmt(it['ci_high'], signed=True)}]{mark}")
        if inst["unwanted_sign"]:
            add(f"  Backfire flags: {len(flagged)} ({inst['backfire_rule']}).")
    fu = report.get("follow_up")
    if fu:
        add("")
        add(f"FOLLOW-UP (the questionnaire again, weeks later, without the story): {fmt(fu['followup_plays'])} "
            f"answered, {fmt(fu['linked'])} linked to their first play by their participant code")
        for inst in fu["instruments"]:
            if inst["suppressed"]:
                add(f"  {inst['instrument_id']}: {fmt(inst.get('n_students'))} students with all three scores "
                    "(too few to show)")
                continue
            bf, af = inst["before_to_followup"], inst["after_to_followup"]
            add(f"  {inst['instrument_id']}: {inst['n_students']} students with all three scores. Mean before "
                f"{fmt(inst['mean_before'])}, just after {fmt(inst['mean_after'])}, weeks later "
                f"{fmt(inst['mean_followup'])}.")
            add(f"    before -> weeks later: {fmt(bf['mean_change'], signed=True)} [{fmt(bf['ci_low'], signed=True)}, "
                f"{fmt(bf['ci_high'], signed=True)}], dz {fmt(bf['dz'], signed=True)} "
                f"[{fmt(bf['dz_ci_low'], signed=True)}, {fmt(bf['dz_ci_high'], signed=True)}]")
            add(f"    just after -> weeks later: {fmt(af['mean_change'], signed=True)} "
                f"[{fmt(af['ci_low'], signed=True)}, {fmt(af['ci_high'], signed=True)}] (a fading shows as a move "
                "back towards the before score)")
    if not report["attitudes"]:
        add("")
        add("ATTITUDES: no questionnaire answers were recorded for these plays.")
    if report["menus"]:
        add("")
        add("HOW THE CLASS CHOSE (each student's first choice at each moment)")
    for m in report["menus"]:
        extra = ""
        if m["decision_seconds_median"] is not None:
            extra = f"; median decision time {m['decision_seconds_median']:.1f} s"
        prompt = f' "{_short(m["prompt"], 60)}"' if m.get("prompt") else ""
        add(f"  {m['menu_id']}{prompt}: reached by {fmt(m['reached'])}, chosen by {fmt(m['chose'])}{extra}")
        if m["suppressed"]:
            add("    (too few students to show how they chose)")
            continue
        if m.get("share_of") == "reached":
            add("    (shares of the students who reached this moment: how many chose here is hidden to protect a "
                "few who stopped)")
        for o in m["options"]:
            locked = ""
            if o["locked_for"] not in (0, None) or o.get("tried_while_locked") not in (0, None):
                locked = f"  (locked for {fmt(o['locked_for'])}, tried by {fmt(o.get('tried_while_locked', 0))})"
            label = " ".join(str(o.get("text") or o["choice_id"]).split())
            if len(label) > 34:  # the whole option, as students read it, on its own line; the figures below it
                add(f"    {label}")
                label = ""
            add(f"    {label:<34} {fmt(o['count']):>11} {pct(o['share']):>5}  {_bar(o['share'])}{locked}")
    if report["warnings"]:
        add("")
        add("WARNINGS")
        for w in report["warnings"]:
            add(f"  - {w}")
    add("")
    for note in report["notes"]:
        add(f"Note: {note}")
    return "\n".join(out) + "\n"
