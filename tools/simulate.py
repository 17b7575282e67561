"""`vantage simulate`: made-up play sessions, so a facilitator can preview a report and benchmarks have data.

    vantage simulate --participants 25 --effect 0.4 [--seed 1] [--cohort CODE] [--narrative morning-bus]

Every simulated student goes through the real pipeline: the story runner (game.story.Story) with seeded random
choices (now and then first trying to pick a locked option, as students do), and the real telemetry recorder and
writer thread, tagged `player = simulated` (reports leave these plays out unless asked with `vantage report
--simulated`).

Questionnaire answers come from a latent-trait model, so that items correlate as in real classes (alpha about .8):
each student has a latent attitude theta ~ N(0, 1) (higher = more stigma); item j answers
y = loading_j * theta + sqrt(1 - loading_j^2) * noise + offset_j, cut at -1.5, -0.5, 0.5, 1.5 into 1..5, and
reverse-worded items are answered the other way round. Before and after the story each student's theta gets a little
individual variation of its own (so with no effect, before and after are exchangeable: exactly nothing is planted), and
after the story theta moves by a latent shift towards less stigma; the item noise is drawn afresh.

`--effect D` is the effect size the report will estimate: the latent shift is chosen (latent_shift_for_dz) so that the
report's dz of the total score is -D in the long run (D > 0: less stigma after the story; dz < 0 means less stigma).
"""
from __future__ import annotations

import argparse
import math
import sys
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from game.telemetry import codes, db, query
from tools.telemetry_args import add_data_dir_argument, resolve_data_dir

CUTS = np.array([-1.5, -0.5, 0.5, 1.5])
CHANGE_SPREAD = 0.3  # SD of individual differences in the latent change (students react differently)
PREFER_NOT_TO_SAY = 0.02  # share of answers skipped
LEAVE_EARLY = 0.08  # share of students who leave the story early (at a random menu)
ABANDON = 0.03  # share of plays that stop without an ending (machine switched off)
POST_AFTER_LEAVING = 0.5  # share of early leavers who still answer the questionnaire afterwards
TRY_LOCKED = 0.25  # chance that a student tries to pick a given locked option before choosing (per menu visit)
BASE_OFFSET = -0.6  # most students mostly disagree with stigmatising statements


@dataclass(frozen=True)
class ItemModel:
    item_id: str
    reverse: bool
    loading: float
    offset: float


def item_models(instrument: Any) -> list[ItemModel]:
    """Fixed per item (derived from its id, not from the seed): an instrument's items keep their character."""
    out = []
    for item in instrument.items:
        r = np.random.default_rng(zlib.crc32(f"{instrument.id}/{item.id}".encode()))
        out.append(ItemModel(item.id, bool(item.reverse), float(r.uniform(0.6, 0.8)),
                             float(BASE_OFFSET + r.normal(0.0, 0.35))))
    return out


def _cut(y: np.ndarray) -> np.ndarray:
    return 1 + (y[..., None] > CUTS).sum(axis=-1)


def latent_answers(rng: np.random.Generator, models: list[ItemModel], n: int, effect: float, scale_max: int = 5,
                   followup_shift: float | None = None) -> tuple[np.ndarray, ...]:
    """(pre, post) raw answers, shape (n, items), as a student would tick them (reverse items not yet re-scored);
    with followup_shift also the answers of a follow-up weeks later, the latent attitude shifted by that much."""
    lam = np.array([m.loading for m in models])
    off = np.array([m.offset for m in models])
    rev = np.array([m.reverse for m in models])
    theta = rng.normal(size=(n, 1))
    own = CHANGE_SPREAD / math.sqrt(2.0)  # each phase its own share of the individual variation: exchangeable at 0
    theta_pre = theta + rng.normal(0.0, own, size=(n, 1))
    theta_post = theta - effect + rng.normal(0.0, own, size=(n, 1))
    noise_sd = np.sqrt(1.0 - lam ** 2)

    def answers(th: np.ndarray) -> np.ndarray:
        scored = _cut(lam * th + noise_sd * rng.normal(size=(n, lam.size)) + off)
        return np.where(rev, (1 + scale_max) - scored, scored)

    if followup_shift is None:
        return answers(theta_pre), answers(theta_post)
    theta_fu = theta - followup_shift + rng.normal(0.0, own, size=(n, 1))
    return answers(theta_pre), answers(theta_post), answers(theta_fu)


def expected_change(models: list[ItemModel], effect: float) -> float:
    """The true mean change of the mean item score (after reverse-scoring) that the model plants.

    `effect` is the latent shift. Marginally y_pre ~ N(offset, v) and y_post ~ N(offset - loading * shift, v) with
    v = 1 + loading^2 spread^2 / 2, so E[score] = 1 + sum_k P(y > cut_k) in closed form (exactly 0 at shift 0).
    """
    total = 0.0
    for m in models:
        sd = math.sqrt(1.0 + (m.loading * CHANGE_SPREAD) ** 2 / 2.0)
        pre = sum(0.5 * math.erfc((c - m.offset) / (sd * math.sqrt(2))) for c in CUTS)
        post = sum(0.5 * math.erfc((c - m.offset + m.loading * effect) / (sd * math.sqrt(2))) for c in CUTS)
        total += post - pre
    return total / len(models)


CALIBRATION_STUDENTS = 20_000
CALIBRATION_SEED = 20_261_205


def _long_run_dz(models: list[ItemModel], shift: float, scale_max: int) -> float:
    """dz of the total score (reverse-scored item mean, after - before) over a large fixed sample."""
    pre, post = latent_answers(np.random.default_rng(CALIBRATION_SEED), models, CALIBRATION_STUDENTS, shift, scale_max)
    rev = np.array([m.reverse for m in models])
    flip = lambda raw: np.where(rev, (1 + scale_max) - raw, raw).mean(axis=1)  # noqa: E731
    change = flip(post) - flip(pre)
    return float(change.mean() / change.std(ddof=1))


def latent_shift_for_dz(models: list[ItemModel], dz: float, scale_max: int = 5) -> float:
    return _shift_for_dz(tuple(models), float(dz), int(scale_max))


@lru_cache(maxsize=64)
def _shift_for_dz(models: tuple[ItemModel, ...], dz: float, scale_max: int) -> float:
    """The latent shift towards less stigma that makes the report's dz -dz in the long run (0 gives exactly 0).

    The same fixed sample at every trial shift makes the long-run dz a smooth, falling function of the shift, so
    bisection finds it. Raises ValueError when no shift gives that dz (the questionnaire cannot change that much).
    """
    if dz == 0.0:
        return 0.0
    models = list(models)
    target = -dz
    lo, hi = -8.0, 8.0
    if not _long_run_dz(models, hi, scale_max) <= target <= _long_run_dz(models, lo, scale_max):
        raise ValueError(f"an effect of {dz} is more than this questionnaire can show")
    for _ in range(22):  # 16 / 2**22: the shift to 4e-6, far finer than any report can see
        mid = 0.5 * (lo + hi)
        if _long_run_dz(models, mid, scale_max) > target:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


class _Clock:
    """Simulated monotonic time: reading and deciding take seconds, not microseconds."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _bulk_opener(path: Path, data_dir: Path | None) -> Any:
    """The writer's usual opener, then synchronous=NORMAL: in WAL mode this never corrupts the file (a power cut
    could only lose the last made-up plays), and bulk simulation does not wait for a disk flush per choice."""
    from game.telemetry.writer import open_for_play
    conn = open_for_play(path, data_dir)
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


@dataclass
class SimulationSummary:
    sessions: int
    finished: int
    left: int
    abandoned: int
    instrument_id: str | None
    expected_change: float | None


MAX_SEED = 2 ** 63 - 1


def _seed(text: str) -> int:
    """--seed: a whole number from 0 to 2^63 - 1 (numpy's generators take no negative seed)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"{text} is not a seed: use a whole number from 0 to {MAX_SEED:,}")
    return value


def simulate(narrative: Any, instrument: Any | None, participants: int, effect: float, *, seed: int = 0,
             cohort: str | None = None, data_dir: Path | None = None, today: Any = None,
             follow_up: float = 0.0, cohort_key: bytes | None = None) -> SimulationSummary:
    """Play `participants` sessions through the real runner and recorder into the telemetry database.

    follow_up (0..1, needs cohort_key): that share of the students also gives a participant code and takes a
    follow-up questionnaire, on which half of the story's effect is left (a made-up fading).
    """
    from game.story import Story
    from game.telemetry.recorder import Recorder
    from game.telemetry.writer import Writer

    rng = np.random.default_rng(seed)
    # attempts at locked options draw from their own stream, so adding them left every other made-up figure as it was
    tries = np.random.default_rng([seed, 1])
    folder = Path(data_dir) if data_dir is not None else None
    # a problem is raised below and printed by the command: not also left as a note for the next command
    writer = Writer(db.default_db_path(folder), data_dir=folder, opener=_bulk_opener,
                    report_problem=lambda _folder, _message: None)
    models = item_models(instrument) if instrument is not None else []
    scale_max = len(instrument.labels) if instrument is not None else 5
    shift = latent_shift_for_dz(models, effect, scale_max) if models else 0.0
    codes_rng = np.random.default_rng([seed, 2])  # its own stream: without follow-ups, nothing else changes
    if models and follow_up > 0 and cohort_key:
        fu_all = latent_answers(codes_rng, models, participants, shift, scale_max, followup_shift=shift / 2)[2]
        letters = [chr(ord("A") + i) for i in range(26)]

        def made_up_code() -> str:
            pick = codes_rng.integers
            answers = [letters[int(pick(26))], str(int(pick(1, 32))), str(int(pick(0, 4))), letters[int(pick(26))]]
            return codes.participant_hash(answers, cohort_key)

        student_codes = [made_up_code() for _ in range(participants)]
        takes_follow_up = codes_rng.random(participants) < follow_up
    else:
        student_codes, takes_follow_up = [], np.zeros(participants, dtype=bool)
    if models:
        pre_all, post_all = latent_answers(rng, models, participants, shift, scale_max)
        skip_pre = rng.random(pre_all.shape) < PREFER_NOT_TO_SAY
        skip_post = rng.random(post_all.shape) < PREFER_NOT_TO_SAY
    counts = {"finished": 0, "left": 0, "abandoned": 0}
    extra = {"today": today} if today is not None else {}
    try:
        for i in range(participants):
            clock = _Clock()
            rec = Recorder.for_narrative(writer, narrative, player="simulated", cohort_code=cohort, clock=clock,
                                         settings={"reduced_effects": bool(rng.random() < 0.2)}, **extra)
            if models:
                for j, m in enumerate(models):
                    clock.t += float(rng.uniform(2.0, 8.0))
                    value = None if skip_pre[i, j] else int(pre_all[i, j])
                    rec.answer("pre", instrument.id, instrument.version, m.item_id, value)
            leaves = rng.random() < LEAVE_EARLY
            abandons = not leaves and rng.random() < ABANDON
            story = Story(narrative, seed=int(rng.integers(0, 2 ** 62)))
            events = story.start()
            rec.observe(events)
            kind = "finished"
            while not story.finished:
                clock.t += 2.5 * sum(1 for _ in events) ** 0.8  # reading what happened
                rec.menu_shown()  # decision time counts from when the choices appear
                menu = story.menu
                if menu is None:
                    break
                if (leaves or abandons) and rng.random() < 0.4:
                    if abandons:
                        kind = "abandoned"
                        break
                    ending = story.leave()
                    rec.observe([ending])
                    kind = "left"
                    break
                for option in menu.options:
                    if not option.available and tries.random() < TRY_LOCKED:
                        clock.t += float(tries.uniform(1.0, 4.0))
                        rec.locked_tried(option.choice_id)
                available = menu.available
                pick = available[int(rng.integers(0, len(available)))]
                clock.t += float(rng.lognormal(math.log(6.0), 0.6))  # decision time, median 6 s
                rec.choice(pick.choice_id)
                events = story.choose(pick.choice_id)
                rec.observe(events)
            else:
                kind = story.ending.kind if story.ending is not None else "finished"
            answer_post = kind == "finished" or (kind == "left" and rng.random() < POST_AFTER_LEAVING)
            if models and answer_post:
                for j, m in enumerate(models):
                    clock.t += float(rng.uniform(2.0, 8.0))
                    value = None if skip_post[i, j] else int(post_all[i, j])
                    rec.answer("post", instrument.id, instrument.version, m.item_id, value)
            if student_codes:
                rec.participant(student_codes[i])
            rec.end(kind)
            counts[kind] += 1
        for i in np.flatnonzero(takes_follow_up).tolist():
            clock = _Clock()
            rec = Recorder.for_narrative(writer, narrative, player="simulated", cohort_code=cohort, clock=clock,
                                         **extra)
            rec.participant(student_codes[i])
            for j, m in enumerate(models):
                clock.t += float(codes_rng.uniform(2.0, 8.0))
                rec.answer("followup", instrument.id, instrument.version, m.item_id, int(fu_all[i, j]))
            rec.end("finished")
        if not writer.flush(timeout=120.0):
            raise RuntimeError("the telemetry writer did not finish in time")
    finally:
        writer.close(timeout=120.0)
    if writer.problem:
        raise RuntimeError(writer.problem)
    return SimulationSummary(participants, counts["finished"], counts["left"], counts["abandoned"],
                             instrument.id if instrument is not None else None,
                             expected_change(models, shift) if models else None)


# -- command line -------------------------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir_argument(parser)
    parser.add_argument("--participants", type=int, required=True, metavar="N", help="how many students to make up")
    parser.add_argument("--effect", type=float, required=True, metavar="D",
                        help="the effect size the report will estimate: its dz will be about -D (D > 0: less "
                             "stigma after the story; 0 plants exactly nothing)")
    parser.add_argument("--seed", type=_seed, default=0, metavar="S",
                        help="same seed, same made-up answers and choices (a whole number from 0 upwards)")
    parser.add_argument("--cohort", metavar="CODE", default=None, help="tag the plays with this classroom code")
    parser.add_argument("--narrative", metavar="ID", default=None,
                        help="story id or path to a story .yaml (default: the classroom's story with --cohort, "
                             "else the bundled sample, morning-bus)")


def load_story_and_instrument(ref: str) -> tuple[Any, Any | None, list[str]]:
    """The narrative and the questionnaire its students answer; raises ValueError with a plain message."""
    from game.content import load_narrative
    from game.telemetry import instruments as questionnaire

    res = load_narrative(ref)
    if not res.ok:
        first = next((d for d in res.diagnostics if d.severity == "error"), None)
        where = f"{first.path}:{first.line}:{first.col}: {first.message}" if first else "it has errors"
        raise ValueError(f"the story '{ref}' cannot be played ({where}); `vantage check` lists every problem")
    narrative = res.narrative
    notes: list[str] = []
    wanted = narrative.questionnaires.get("pre") or narrative.questionnaires.get("post")
    instrument = None
    if wanted:
        try:
            instrument = questionnaire.load_instrument(wanted)
        except questionnaire.InstrumentError as exc:
            notes.append(f"the story's questionnaire '{wanted}' cannot be loaded ({exc})")
    if instrument is None:
        bundled = questionnaire.bundled_instruments()
        if bundled:
            instrument = bundled[0]
            notes.append(f"answers are made up for the bundled questionnaire '{instrument.id}' instead")
        else:
            notes.append("no questionnaire found: the made-up plays have no answers")
    return narrative, instrument, notes


def run(args: argparse.Namespace) -> int:
    if args.participants < 1 or args.participants > 1_000_000:
        print("vantage simulate: --participants must be between 1 and 1,000,000", file=sys.stderr)
        return 2
    if not math.isfinite(args.effect) or abs(args.effect) > 3:
        print("vantage simulate: --effect is the report's effect size dz: use a number between -3 and 3",
              file=sys.stderr)
        return 2
    cohort = None
    if args.cohort:
        if not codes.is_cohort_code(args.cohort):
            print(f"vantage simulate: '{args.cohort}' is not a classroom code (6 letters and digits, "
                  "from `vantage cohort new`)", file=sys.stderr)
            return 2
        cohort = codes.normalise_code(args.cohort)
    data_dir = resolve_data_dir(args)
    cohort_story = query.cohort_story(cohort, data_dir) if cohort else None
    try:
        narrative, instrument, notes = load_story_and_instrument(args.narrative or cohort_story or "morning-bus")
    except ValueError as exc:
        print(f"vantage simulate: {exc}", file=sys.stderr)
        return 1
    if cohort_story is not None and narrative.id != cohort_story:
        # a classroom code belongs to one story: other plays under it would mix into that class's report
        print(f"vantage simulate: classroom {cohort} is for the story `{cohort_story}`, not `{narrative.id}`",
              file=sys.stderr)
        return 2
    if cohort and cohort_story is None:
        notes.append(f"there is no classroom {cohort} on this machine; the made-up plays are tagged with it anyway")
    for note in notes:
        print(f"vantage simulate: note: {note}", file=sys.stderr)
    try:
        summary = simulate(narrative, instrument, args.participants, args.effect, seed=args.seed, cohort=cohort,
                           data_dir=data_dir)
    except ValueError as exc:  # an effect the questionnaire cannot show
        print(f"vantage simulate: --effect: {exc}", file=sys.stderr)
        return 2
    except (RuntimeError, db.DatabaseError) as exc:
        print(f"vantage simulate: cannot record the made-up plays: {exc}", file=sys.stderr)
        return 1
    planted = (f"; planted: dz {-args.effect:+.2f}, a change of {summary.expected_change:+.3f} on the "
               "questionnaire's mean score"
               if summary.expected_change is not None else "")
    print(f"Made up {summary.sessions} plays of '{narrative.id}' ({summary.finished} finished, {summary.left} left "
          f"early, {summary.abandoned} stopped){' for classroom ' + cohort if cohort else ''}{planted}.\n"
          f"Stored in {db.default_db_path(data_dir)} as simulated plays: "
          f"see them with `vantage report --simulated{' --cohort ' + cohort if cohort else ''}`.")
    return 0
