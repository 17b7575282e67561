"""The flow of one student's play, shared by the window and the terminal player (no pygame, no I/O):

    consent -> [participant code] -> pre questionnaire -> story -> post questionnaire -> debrief

Nothing is written before consent (not even the database file). "Play without recording" skips the participant code
and the questionnaires. Leaving early, from any step, goes to the debrief. Withdrawing mid-play deletes the play and
the student carries on unrecorded. `Telemetry` is the per-process part: options, the writer thread (opened at the first
consent) and the classroom; in kiosk mode one Telemetry serves many PlayFlows, one per student.
"""
from __future__ import annotations

import argparse
import dataclasses
import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from game import paths
from game.telemetry import codes, db
from game.telemetry.instruments import Instrument, InstrumentError, load_instrument
from game.telemetry.recorder import Recorder
from game.telemetry.records import RecordError
from game.telemetry.writer import Writer


class Step(str, enum.Enum):
    CONSENT = "consent"
    PARTICIPANT = "participant"
    PRE = "pre"
    STORY = "story"
    POST = "post"
    DEBRIEF = "debrief"
    DONE = "done"


class FlowError(Exception):
    """A player called a step out of order (a programming mistake)."""


@dataclass(frozen=True, slots=True)
class TelemetryOptions:
    data_dir: Path | None = None
    cohort: str | None = None
    kiosk: bool = False
    record: bool = True  # False (--no-record): no consent screen, no questionnaires, nothing written
    follow_up: bool = False  # --follow-up: weeks later, the after-questionnaire again without the story
    server: str | None = None  # the class hub (`vantage serve`): plays are also sent there, through an outbox
    join: str | None = None  # the class's join code printed by `vantage serve` (the token for posting plays)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "TelemetryOptions":
        cohort = getattr(args, "cohort", None)
        return cls(data_dir=getattr(args, "data_dir", None),
                   cohort=codes.normalise_code(cohort) if cohort else None,
                   kiosk=bool(getattr(args, "kiosk", False)),
                   record=not getattr(args, "no_record", False),
                   follow_up=bool(getattr(args, "follow_up", False)),
                   server=getattr(args, "server", None), join=getattr(args, "join", None))


class Telemetry:
    """Per-process recording state. Create with `Telemetry.open(options)`; `close()` at exit."""

    def __init__(self, options: TelemetryOptions, cohort_key: bytes | None = None,
                 cohort_narrative: str | None = None) -> None:
        self.options = options
        self.cohort_key = cohort_key
        self.cohort_narrative = cohort_narrative
        self._writer: Writer | None = None
        self._link: Any = None  # game.telemetry.classlink.ClassLink when playing with --server

    @property
    def data_dir(self) -> Path:
        return Path(self.options.data_dir) if self.options.data_dir else paths.data_dir()

    @property
    def db_path(self) -> Path:
        return db.default_db_path(self.data_dir)

    @classmethod
    def open(cls, options: TelemetryOptions) -> "Telemetry":
        """Check the classroom code (read-only). Raises ValueError with a message for the facilitator."""
        if options.server is not None or options.join is not None:
            from game.telemetry.classlink import check_server_url
            if options.cohort is None or not options.server or not options.join:
                raise ValueError("--server and --join go together, with --cohort: the hub collects one classroom")
            options = dataclasses.replace(options, server=check_server_url(options.server),
                                          join=options.join.strip().upper())
        if options.cohort is None:
            return cls(options)
        if not codes.is_cohort_code(options.cohort):
            raise ValueError(f"'{options.cohort}' is not a classroom code (6 letters and digits, e.g. KX7M4P)")
        options = dataclasses.replace(options, cohort=codes.normalise_code(options.cohort))
        path = db.default_db_path(Path(options.data_dir) if options.data_dir else None)
        try:
            conn = db.connect_readonly(path)
        except db.DatabaseError:
            conn = None
        if conn is None:
            raise ValueError(f"classroom {options.cohort} is not known on this machine: make it with `vantage cohort "
                             "new`, or copy it here with `vantage cohort export` / `vantage cohort import`")
        try:
            row = conn.execute("SELECT hmac_key, narrative_id FROM cohorts WHERE code = ?",
                               (options.cohort,)).fetchone()
        finally:
            conn.close()
        if row is None:
            raise ValueError(f"classroom {options.cohort} is not known on this machine: make it with `vantage cohort "
                             "new`, or copy it here with `vantage cohort export` / `vantage cohort import`")
        telemetry = cls(options, bytes(row[0]) if row[0] is not None else None, row[1])
        telemetry.class_link()  # plays an earlier run could not send leave now, before anyone consents again
        return telemetry

    def writer(self) -> Writer:
        if self._writer is None:
            link = self.class_link(create=True)
            self._writer = Writer(self.db_path, data_dir=self.data_dir, mirror=link.mirror if link else None)
        return self._writer

    def class_link(self, create: bool = False) -> Any:
        """The link to the class hub (--server): made at the first consent, or at start-up when an earlier run left
        plays unsent (then they go now). Never before: nothing is written before consent."""
        if self._link is None and self.options.server and self.options.join:
            from game.telemetry.classlink import OUTBOX_NAME, ClassLink
            if create or (self.data_dir / OUTBOX_NAME).exists():
                self._link = ClassLink(self.data_dir, self.options.server, self.options.join)
        return self._link

    def new_flow(self, narrative: Any, *, player: str, seed: int = 0, settings: Mapping[str, Any] | None = None,
                 locale: str | None = None, story_factory: Callable[[Any, int], Any] | None = None,
                 instrument_loader: Callable[[str], Instrument] = load_instrument) -> "PlayFlow":
        return PlayFlow(narrative, self, player=player, seed=seed, settings=settings, locale=locale,
                        story_factory=story_factory, instrument_loader=instrument_loader)

    def close(self, timeout: float = 5.0) -> None:
        if self._writer is not None:
            self._writer.close(timeout)
        if self._link is not None:  # after the writer: its last commit is queued; unsent pieces wait for next time
            self._link.close()


def _default_story(narrative: Any, seed: int) -> Any:
    from game.story import Story  # imported late: the flow is usable (and testable) with any runner
    return Story(narrative, seed=seed)


class PlayFlow:
    """One student's way through consent, questionnaires, story and debrief. Players render `step` and call in."""

    def __init__(self, narrative: Any, telemetry: Telemetry | None, *, player: str, seed: int = 0,
                 settings: Mapping[str, Any] | None = None, locale: str | None = None,
                 story_factory: Callable[[Any, int], Any] | None = None,
                 instrument_loader: Callable[[str], Instrument] = load_instrument) -> None:
        self.narrative = narrative
        self.telemetry = telemetry
        self.player = player
        self.seed = seed
        self.settings = dict(settings or {})
        # the language the student plays in: a translated story carries it (game.content.translation.in_language)
        self.locale = locale or (getattr(narrative, "extra", None) or {}).get("locale", "en")
        self._story_factory = story_factory or _default_story
        self._load_instrument = instrument_loader
        self.recorder: Recorder | None = None
        self.story: Any = None
        self.withdrawn = False
        self.left_early = False
        self._answered: set[str] = set()
        self._current_instrument: Instrument | None = None
        self.instrument_problem: str | None = None  # for the facilitator's log, never shown to the student
        self._replayed_events_pending = False  # after resume_recording: the first events seen were recorded before
        # a follow-up: consent, participant code, the after-questionnaire again (phase 'followup'), debrief; no story
        self.follow_up = telemetry is not None and telemetry.options.follow_up
        self._phase = "pre"
        asks_consent = telemetry is not None and telemetry.options.record
        self.step = Step.CONSENT if asks_consent else Step.STORY

    # -- state --------------------------------------------------------------------------------------------------------
    @property
    def recording(self) -> bool:
        return self.recorder is not None and self.recorder.active

    @property
    def withdrawal_code(self) -> str | None:
        """Shown at the debrief when the play was recorded (and not withdrawn)."""
        return self.recorder.withdrawal_code if self.recorder is not None and not self.withdrawn else None

    @property
    def offers_participant_code(self) -> bool:
        return self.telemetry is not None and self.telemetry.cohort_key is not None

    def _instrument_for(self, phase: str) -> Instrument | None:
        ids = getattr(self.narrative, "questionnaires", None) or {}
        ref = ids.get(phase) if isinstance(ids, Mapping) else None
        if not ref:
            return None
        try:
            inst = self._load_instrument(ref)
            if self.locale.split("_")[0] != "en":  # the questions in the story's language, when translated
                from game.telemetry.instrument_translation import in_language
                inst = in_language(inst, self.locale)
            return inst
        except InstrumentError as exc:
            # the story still plays; the facilitator learns why the questions were missing
            self.instrument_problem = str(exc)
            from game.telemetry import health
            health.report_problem(self.telemetry.data_dir if self.telemetry else None, f"questionnaire: {exc}")
            return None

    @property
    def questionnaire(self) -> Instrument | None:
        """The instrument of the current PRE/POST step."""
        if self.step in (Step.PRE, Step.POST):
            return self._current_instrument
        return None

    def _require(self, *steps: Step) -> None:
        if self.step not in steps:
            raise FlowError(f"called during {self.step.value}, expected {', '.join(s.value for s in steps)}")

    def _goto_after_consent(self) -> None:
        if self.recording and self.offers_participant_code:
            self.step = Step.PARTICIPANT
        else:
            self._goto_first_questionnaire()

    def _goto_first_questionnaire(self) -> None:
        if self.follow_up:
            self._goto_questionnaire("followup", Step.DEBRIEF)
        else:
            self._goto_questionnaire("pre", Step.STORY)

    def _goto_questionnaire(self, phase: str, otherwise: Step) -> None:
        # the follow-up asks the after-story questionnaire again, so the three answers compare like with like
        inst = self._instrument_for("post" if phase == "followup" else phase) if self.recording else None
        self._phase = phase
        if inst is None:
            self.step = otherwise
            if otherwise is Step.DEBRIEF:
                self._finish()
        else:
            self._current_instrument = inst
            self._answered = set()
            self.step = Step.PRE if phase == "pre" else Step.POST

    def _finish(self) -> None:
        if self.recorder is not None and self.recorder.active:
            kind = "left" if self.left_early else None  # None: from the ending reached
            if self.follow_up and not self.left_early:
                kind = "finished"  # a follow-up has no story ending: answering it is finishing it
            self.recorder.end(kind)

    # -- continuing after a crash ----------------------------------------------------------------------------------
    def saved_recording(self) -> dict[str, str] | None:
        """What an autosave keeps to continue this play after a crash: its session id and play code (None when the
        play is not being recorded)."""
        if not self.recording:
            return None
        return {"session_id": self.recorder.session_id, "withdrawal_code": self.recorder.withdrawal_code}

    def resume_recording(self, saved: Mapping[str, Any]) -> str:
        """Continue the recorded play an autosave names, after a crash: "resumed" (same session, its consent still
        valid; the story goes on and the post questionnaire and code follow as usual), "gone" (the play is no longer
        in the database: withdrawn or deleted, nothing of it is kept) or "impossible" (the database cannot be read,
        or the play has ended: the earlier answers stay under their code)."""
        self._require(Step.CONSENT)
        sid, code = saved.get("session_id"), saved.get("withdrawal_code")
        if not (isinstance(sid, str) and isinstance(code, str)):
            return "gone"
        state = db.play_state(self.telemetry.db_path, sid)
        if state is None:
            return "impossible"
        if state.get("withdrawal_code") != code or state.get("narrative_id") != getattr(self.narrative, "id", None):
            return "gone"
        if state["ended_kind"] not in (None, "abandoned"):
            return "impossible"
        self.recorder = Recorder.resume(self.telemetry.writer(), sid, code, last_seq=state["last_seq"],
                                        last_t_ms=state["last_t_ms"])
        self._replayed_events_pending = True
        self.step = Step.STORY
        return "resumed"

    # -- what players call ------------------------------------------------------------------------------------------------
    def consent(self, yes: bool) -> None:
        """The student's answer on the consent screen. Only 'yes' creates anything on disk."""
        self._require(Step.CONSENT)
        if yes:
            try:
                self.recorder = Recorder.for_narrative(
                    self.telemetry.writer(), self.narrative, player=self.player,
                    cohort_code=self.telemetry.options.cohort, locale=self.locale,
                    settings=self.settings)  # only reduced effects is kept
            except RecordError as exc:  # e.g. an odd setting value: play on unrecorded, tell the facilitator
                from game.telemetry import health
                health.report_problem(self.telemetry.data_dir, f"this play could not be recorded: {exc}")
                self.recorder = None
        self._goto_after_consent()

    def participant(self, answers: Sequence[str] | None) -> None:
        """Answers to codes.PARTICIPANT_QUESTIONS, or None to skip. Raises ValueError for an invalid answer."""
        self._require(Step.PARTICIPANT)
        if answers is not None and self.recording:
            self.recorder.participant(codes.participant_hash(list(answers), self.telemetry.cohort_key))
        self._goto_first_questionnaire()

    def answer(self, item_id: str, value: int | None) -> None:
        """Answer one item of the current questionnaire (None = prefer not to say)."""
        self._require(Step.PRE, Step.POST)
        inst = self._current_instrument
        inst.item(item_id)  # KeyError for an unknown item: a programming mistake
        if value is None and inst.prefer_not_to_say is None:
            raise ValueError(f"{inst.id} does not offer 'prefer not to say'")
        if value is not None and value not in inst.values:
            raise ValueError(f"{value} is not on the scale of {inst.id}")
        self._answered.add(item_id)
        if self.recording:
            self.recorder.answer(self._phase, inst.id, inst.version, item_id, value)

    def finish_questionnaire(self) -> None:
        self._require(Step.PRE, Step.POST)
        if self.step is Step.PRE:
            self.step = Step.STORY
        else:
            self.step = Step.DEBRIEF
            self._finish()

    def start_story(self) -> list:
        """Create the story and return its first events (all recorded when recording)."""
        self._require(Step.STORY)
        if self.story is not None:
            raise FlowError("the story has already started")
        self.story = self._story_factory(self.narrative, self.seed)
        events = list(self.story.start())
        self._observe(events)
        return events

    # -- for players that run the story themselves (the window): attach it, then report what happened ----------------
    def attach_story(self, story: Any) -> None:
        self._require(Step.STORY)
        self.story = story

    def observe(self, events: list) -> None:
        """Events the player's own story produced (after start, choose or leave)."""
        if self._replayed_events_pending:  # shown again after a crash: recorded the first time already
            self._replayed_events_pending = False
            if self.recording:
                self.recorder.prime(events)
            return
        if self.step is Step.STORY:
            self._observe(list(events))

    def ready_for_choice(self) -> bool:
        """Whether a choice recorded now would not wait for the previous one to reach the disk (never blocks)."""
        return not (self.step is Step.STORY and self.recording) or self.recorder.ready_for_choice()

    def record_choice(self, choice_id: str, decision_ms: int | None = None) -> None:
        """A choice the player already made with story.choose (call before observing its events)."""
        if self.step is Step.STORY and self.recording:
            self.recorder.choice(choice_id, decision_ms)

    def locked_tried(self, choice_id: str) -> None:
        """The student tried to pick a locked option of the current menu (clicked it, or pressed or typed its number).
        Call it on every attempt: only the first per option per menu visit is recorded. Nothing happens in the story."""
        if self.step is Step.STORY and self.recording:
            self.recorder.locked_tried(choice_id)

    def menu_shown(self) -> None:
        """The window calls this when the choices actually appear (decision time starts then)."""
        if self.recording:
            self.recorder.menu_shown()

    def choose(self, choice_id: str) -> list:
        """The student's choice; StoryError from the runner for a missing or locked choice (nothing recorded)."""
        self._require(Step.STORY)
        events = list(self.story.choose(choice_id))
        if self.recording:
            self.recorder.choice(choice_id)
        self._observe(events)
        return events

    def _observe(self, events: list) -> None:
        if self.recording:
            self.recorder.observe(events)
        if self.story is not None and self.story.finished:
            self._goto_questionnaire("post", Step.DEBRIEF)

    def leave(self) -> list:
        """The student chose to leave, from any step: straight to the debrief (no post questionnaire)."""
        if self.step in (Step.DEBRIEF, Step.DONE):
            return []
        events: list = []
        self.left_early = True
        if self.step is Step.STORY and self.story is not None and not self.story.finished:
            ending = self.story.leave()
            events = [ending]
            if self.recording:
                self.recorder.observe(events)
        if self.step is Step.POST and not self.follow_up:
            self.left_early = False  # the story was finished; only the questions were cut short
        self.step = Step.DEBRIEF
        self._finish()
        return events

    def story_left(self, ending: Any) -> None:
        """For a player that called story.leave() itself: record the 'left' ending and go to the debrief."""
        if self.step is not Step.STORY:
            return
        self.left_early = True
        if self.recording:
            self.recorder.observe([ending])
        self.step = Step.DEBRIEF
        self._finish()

    def withdraw(self) -> None:
        """The student stopped recording: delete this play's data; go on playing without recording."""
        if self.recorder is not None and not self.withdrawn:
            self.recorder.withdraw()
            self.withdrawn = True
        if self.step in (Step.PARTICIPANT, Step.PRE):
            self.step = Step.DEBRIEF if self.follow_up else Step.STORY
        elif self.step is Step.POST:
            self.step = Step.DEBRIEF
        elif self.step is Step.CONSENT:
            self._goto_after_consent()

    def done(self) -> None:
        """The debrief was closed (kiosk: the next student gets a fresh PlayFlow)."""
        self._finish()
        self.step = Step.DONE

    def abandon(self) -> None:
        """The game is closing mid-play (window closed, Ctrl+C): record 'abandoned' unless already ended."""
        if self.recorder is not None and self.recorder.active:
            self.recorder.end("abandoned")
        self.step = Step.DONE

    @property
    def recording_problem(self) -> str | None:
        """Why recording stopped, for the facilitator's view only (the student never sees this)."""
        if self.telemetry is None or self.telemetry._writer is None:
            return None
        return self.telemetry._writer.problem
