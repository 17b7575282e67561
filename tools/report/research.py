"""The research export (`vantage report --research-export DIR`): every questionnaire answer, one row per student,
question and time, under pseudonyms, in the formats researchers use, with a codebook.

    answers_long.csv   one row per participant x question x phase (pre, post, followup): raw and scored values
    codebook.md        every variable, the value labels, the reverse-scored questions, the scoring rules
    answers.sav        SPSS: one row per participant x phase, a column per question, with variable and value labels
    answers.dta        Stata 15 file with the same labels, which R reads with its labels: haven::read_dta("answers.dta")

These are per-student rows: research data about individuals, not a report. They leave only through this explicit
command, which warns; small groups are not suppressed here (there are no groups). Pseudonyms (P00001 ...) are numbers
local to one export, never a play id, code or participant code; a follow-up's answers carry the pseudonym of the play
they are linked to (tools/report/linking.py). Nothing else about the play (dates, classroom, choices) is included.
"""
from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import numpy as np

from game.files import write_atomic
from tools.report import data as rdata
from tools.report.instruments import InstrumentSpec, find_instrument, from_answers
from tools.report.linking import link_plays

PHASE_CODES = {"pre": 1, "post": 2, "followup": 3}
PHASE_LABELS = {1: "before the story", 2: "just after the story", 3: "follow-up, weeks later"}


def _var(item_id: str) -> str:
    """A question id as an SPSS/Stata variable name: letters, digits and _; starts with a letter; at most 32."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", item_id)
    return (name if name[:1].isalpha() else "q_" + name)[:32]


def _rows(conn: sqlite3.Connection, filters: rdata.Filters) -> tuple[list[dict[str, Any]], dict[str, InstrumentSpec]]:
    """Long rows (participant, instrument, item, phase, value) and the questionnaires they belong to."""
    sessions = rdata.read_sessions(conn, filters)
    main = rdata.read_answers(conn, filters, sessions) if sessions.ids else {}
    fu_filters = replace(filters, follow_up=True)
    fu_sessions = rdata.read_sessions(conn, fu_filters)
    followup = rdata.read_answers(conn, fu_filters, fu_sessions) if fu_sessions.ids else {}
    where, params = filters.where()
    main_codes = conn.execute(f"SELECT session_id, cohort_code, participant_hash FROM play_sessions s WHERE {where}",
                              params).fetchall()
    fwhere, fparams = fu_filters.where()
    fu_codes = conn.execute(f"SELECT session_id, cohort_code, participant_hash FROM play_sessions s WHERE {fwhere}",
                            fparams).fetchall()
    links: dict[str, str] = {}
    for cohort in {c for _, c, _ in fu_codes if c}:
        links.update(link_plays([(s, h) for s, c, h in main_codes if c == cohort],
                                [(s, h) for s, c, h in fu_codes if c == cohort]))
    pseudonym = {sid: f"P{i + 1:05d}" for i, sid in enumerate(sessions.ids)}  # ids are random: so is this order
    rows: list[dict[str, Any]] = []
    specs: dict[str, InstrumentSpec] = {}
    for source, sess, phases, is_fu in ((main, sessions, ("pre", "post"), False),
                                        (followup, fu_sessions, (None, "followup"), True)):
        for inst_id, ans in sorted(source.items()):
            spec = specs.get(inst_id) or find_instrument(inst_id) or from_answers(inst_id, ans.item_ids)
            specs[inst_id] = spec
            for r, srow in enumerate(ans.session_rows.tolist()):
                sid = sess.ids[srow]
                who = pseudonym.get(links.get(sid, "")) if is_fu else pseudonym[sid]
                if who is None:
                    continue  # a follow-up linked to no play of this export
                for j, item_id in enumerate(ans.item_ids):
                    for k, phase in enumerate(phases):
                        if phase is None or not np.isfinite(ans.values[r, :, k]).any():
                            continue  # a phase this student never reached (e.g. left before the questions)
                        v = ans.values[r, j, k]
                        rows.append({"participant": who, "instrument": inst_id, "item": item_id, "phase": phase,
                                     "value": None if not np.isfinite(v) else int(v)})
    rows.sort(key=lambda x: (x["participant"], x["instrument"], PHASE_CODES[x["phase"]], x["item"]))
    return rows, specs


def _scored(spec: InstrumentSpec, item_id: str, value: int | None) -> int | None:
    item = spec.item(item_id)
    if value is None or item is None:
        return value
    return spec.scale_min + spec.scale_max - value if item.reverse else value


def _long_csv(rows: list[dict[str, Any]], specs: dict[str, InstrumentSpec]) -> str:
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\r\n")
    w.writerow(["participant", "instrument", "item", "subscale", "reverse", "phase", "value", "scored"])
    for r in rows:
        spec = specs[r["instrument"]]
        item = spec.item(r["item"])
        w.writerow([r["participant"], r["instrument"], r["item"], (item.subscale if item else "") or "",
                    int(bool(item and item.reverse)), r["phase"], "" if r["value"] is None else r["value"],
                    "" if r["value"] is None else _scored(spec, r["item"], r["value"])])
    return buffer.getvalue()


def _codebook(specs: dict[str, InstrumentSpec]) -> str:
    out = ["# Codebook of the Vantage research export", "",
           "## answers_long.csv", "",
           "| variable | meaning |", "|---|---|",
           "| `participant` | pseudonym `P00001` ..., local to this export (never a play id or participant code) |",
           "| `instrument` | the questionnaire's id |",
           "| `item` | the question's stable id (the same in every version of the wording) |",
           "| `subscale` | the topic the question belongs to |",
           "| `reverse` | 1 when the sentence is worded the other way round, so it is turned round for scoring |",
           "| `phase` | `pre` before the story, `post` just after it, `followup` weeks later (linked by participant "
           "code) |",
           "| `value` | the scale point the student ticked, as shown; empty = \"prefer not to say\" or not answered |",
           "| `scored` | `value` after reverse-scoring (min + max - value for reversed questions): a higher score "
           "always means more stigma (or as the questionnaire's `higher_means` says) |", "",
           "In `answers.sav` and `answers.dta`: one row per participant and phase (1 = before the story, 2 = just "
           "after, 3 = follow-up), one column per question holding `value`, with the question's text as its "
           "label and the scale's labels as value labels. Question ids become variable names with `-` written "
           "as `_`.", "",
           "## Scoring rules (as in `vantage report`, docs/report.md)", "",
           "- Reverse-scored questions are turned round first, so a higher score means the same on every question.",
           "- A scale score is the mean of its questions. For a before/after pair, only the questions answered both "
           "times count, for both scores (\"prefer not to say\" either time leaves the question out of both); at "
           "least 80 % of the scale's questions must be answered both times, else the student has no pair for "
           "that scale.", ""]
    for spec in specs.values():
        out += [f"## Questionnaire `{spec.id}`: {spec.title}", "",
                f"Scale {spec.scale_min} to {spec.scale_max}: "
                + ("; ".join(f"{spec.scale_min + i} = {lab}" for i, lab in enumerate(spec.labels)) or "no labels")
                + ".", "", "| item | variable | subscale | reverse | text |", "|---|---|---|---|---|"]
        out += [f"| `{i.id}` | `{_var(i.id)}` | {i.subscale or ''} | {'yes' if i.reverse else 'no'} | "
                f"{(i.text or '').replace('|', '/')} |" for i in spec.items]
        out.append("")
    return "\n".join(out) + "\n"


def _atomic_binary(path: Path, write: Callable[[str], None]) -> Path:
    """Let a library write the file under a temporary name beside it, make it durable, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _labelled_files(rows: list[dict[str, Any]], specs: dict[str, InstrumentSpec], folder: Path) -> list[Path]:
    import pandas as pd
    import pyreadstat

    wide: dict[tuple[str, int], dict[str, Any]] = {}
    for r in rows:
        key = (r["participant"], PHASE_CODES[r["phase"]])
        wide.setdefault(key, {"participant": key[0], "phase": key[1]})[_var(r["item"])] = r["value"]
    columns = ["participant", "phase"] + [_var(i.id) for spec in specs.values() for i in spec.items]
    frame = pd.DataFrame([wide[k] for k in sorted(wide)], columns=list(dict.fromkeys(columns)))
    for col in frame.columns[2:]:
        frame[col] = pd.to_numeric(frame[col], errors="coerce")
    labels = {"participant": "Pseudonym, local to this export", "phase": "When the questions were answered"}
    values: dict[str, dict[int, str]] = {"phase": PHASE_LABELS}
    for spec in specs.values():
        for i in spec.items:
            labels[_var(i.id)] = (i.text or i.id)[:250] + (" (reverse-scored)" if i.reverse else "")
            if spec.labels:
                values[_var(i.id)] = {spec.scale_min + k: lab for k, lab in enumerate(spec.labels)}
    names = list(frame.columns)
    sav = _atomic_binary(folder / "answers.sav", lambda p: pyreadstat.write_sav(
        frame, p, column_labels=[labels.get(c, c) for c in names], variable_value_labels=values))
    # Stata value labels need whole-number columns (and string labels of at most 32,000 bytes): kept as they are
    dta = _atomic_binary(folder / "answers.dta", lambda p: pyreadstat.write_dta(
        frame, p, column_labels=[labels.get(c, c)[:80] for c in names], variable_value_labels=values, version=15))
    return [sav, dta]


Export = tuple[list[dict[str, Any]], dict[str, InstrumentSpec]]


def collect(conn: sqlite3.Connection, filters: rdata.Filters) -> Export:
    """Everything the export writes, read while the database is open."""
    return _rows(conn, filters)


def write_export(export: Export, folder: Path) -> list[Path]:
    """Write the research export into folder; returns the files written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(20, "not a folder", str(folder))
    rows, specs = export
    written = [write_atomic(folder / "answers_long.csv", _long_csv(rows, specs), newline=""),
               write_atomic(folder / "codebook.md", _codebook(specs))]
    return written + _labelled_files(rows, specs, folder)
