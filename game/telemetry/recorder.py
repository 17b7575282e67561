"""The recorder: the observer of one play session, turning story events and choice timings into recorded rows.

It runs on the game thread, so every method only checks its input and queues a write (see writer.py). It is created
only after consent (`Recorder.begin`); before that nothing exists that could write. `withdraw()` deletes the play.
Time is a monotonic offset from the start of the play; the only calendar value is the date.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import time
from typing import Any, Callable, Iterable, Mapping

from game.story.events import BeatEntered, ChoicesOffered, EndingReached, PlacesOffered, SceneEntered, ZoneEntered
from game.telemetry import codes, records
from game.telemetry.records import EVENT_SCHEMA_VERSION, RecordError
from game.telemetry.writer import Writer

Clock = Callable[[], float]


def engine_version() -> str:
    """The Vantage version, from the installed package or the source tree's pyproject.toml."""
    import game
    version = getattr(game, "__version__", None)
    if version:
        return str(version)
    try:
        from importlib import metadata
        return metadata.version("vantage")
    except Exception:  # not installed: read the source tree
        pass
    try:
        import tomllib

        from game import paths
        with open(paths.ROOT / "pyproject.toml", "rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])
    except (OSError, KeyError, ValueError):
        return "unknown"


class Recorder:
    """Records one consented play session. Every public method is cheap and never raises for disk problems."""

    def __init__(self, writer: Writer, session_id: str, withdrawal_code: str, clock: Clock) -> None:
        self._writer = writer
        self.session_id = session_id
        self.withdrawal_code = withdrawal_code
        self._clock = clock
        self._t0 = clock()
        self._seq = 0
        self._menu: ChoicesOffered | None = None
        self._menu_t = 0.0
        self._tried: set[str] = set()  # locked options already recorded as tried at the current menu visit
        self._ending: EndingReached | None = None
        self.active = True  # False after end() or withdraw()
        self.withdrawn = False

    @classmethod
    def begin(cls, writer: Writer, *, narrative_id: str, narrative_version: str, content_hash: str, player: str,
              cohort_code: str | None = None, locale: str = "en", settings: Mapping[str, Any] | None = None,
              clock: Clock = time.monotonic, today: Callable[[], _dt.date] = _dt.date.today) -> "Recorder":
        """Start recording a play (call only after the student said yes). Writes the play_sessions row."""
        if player not in records.PLAYERS:
            raise RecordError(f"player {player!r} is not one of {records.PLAYERS}")
        for name, value in (("narrative_id", narrative_id), ("narrative_version", narrative_version),
                            ("content_hash", content_hash)):
            if not records.is_id(str(value)):
                raise RecordError(f"{name} {value!r} is not an id")
        if cohort_code is not None and not codes.is_cohort_code(cohort_code):
            raise RecordError(f"{cohort_code!r} is not a classroom code")
        clean_settings = records.check_settings(settings or {})  # refuses text; then only reduced_effects is kept
        rec = cls(writer, codes.new_session_id(), codes.new_withdrawal_code(), clock)
        writer.submit("session", rec.session_id, rec.withdrawal_code, EVENT_SCHEMA_VERSION, narrative_id,
                      str(narrative_version), content_hash, engine_version(), player,
                      codes.normalise_code(cohort_code) if cohort_code else None, records.check_locale(locale),
                      records.settings_json(clean_settings), today().isoformat())
        return rec

    @classmethod
    def resume(cls, writer: Writer, session_id: str, withdrawal_code: str, *, last_seq: int, last_t_ms: int,
               clock: Clock = time.monotonic) -> "Recorder":
        """Continue recording a play that a crash interrupted (its consent stands: same session, same code). Events
        go on from `last_seq`, and its clock from `last_t_ms` (the time the game was not running is not counted)."""
        rec = cls(writer, session_id, withdrawal_code, clock)
        rec._seq = last_seq
        rec._t0 = clock() - last_t_ms / 1000
        writer.submit("reopen", session_id)
        return rec

    def prime(self, events: Iterable[Any]) -> None:
        """Events already recorded before a crash, shown again on resume: only the menu on screen is remembered (so
        the next choice is recorded against it), nothing is written twice."""
        for ev in events:
            if isinstance(ev, ChoicesOffered):
                self._menu, self._menu_t, self._tried = ev, self._clock(), set()
            elif isinstance(ev, EndingReached):
                self._ending = ev

    @classmethod
    def for_narrative(cls, writer: Writer, narrative: Any, **kwargs: Any) -> "Recorder":
        # a writer's version may be any short text ("1.0 beta"): keep it recordable as an id
        version = re.sub(r"[^A-Za-z0-9_.\-]", "_", str(narrative.version))[:80] or "unknown"
        return cls.begin(writer, narrative_id=narrative.id, narrative_version=version,
                         content_hash=narrative.content_hash, **kwargs)

    # -- helpers --------------------------------------------------------------------------------------------------------
    def _ms(self, t: float | None = None) -> int:
        return max(0, int(round(((self._clock() if t is None else t) - self._t0) * 1000)))

    def _event(self, event_type: str, payload: dict[str, Any], t: float | None = None) -> int:
        clean = records.check_payload(event_type, payload)
        self._seq += 1
        # the writer thread turns the (fresh, unshared) dict into JSON: less work on the game thread
        return self._writer.submit("event", self.session_id, self._seq, self._ms(t), event_type, clean)

    # -- what the players call ----------------------------------------------------------------------------------------
    def observe(self, events: Iterable[Any]) -> None:
        """Feed every story event the player received; only scene, beat, menu and ending are recorded."""
        if not self.active:
            return
        for ev in events:
            if isinstance(ev, SceneEntered):
                self._event("scene_entered", {"scene_id": ev.scene_id})
            elif isinstance(ev, BeatEntered):
                self._event("beat_entered", {"scene_id": ev.scene_id, "beat_id": ev.beat_id})
            elif isinstance(ev, PlacesOffered):  # walking on a map: not a menu; places chosen are recorded as such
                self._menu, self._menu_t = ev, self._clock()
                self._tried = set()
            elif isinstance(ev, ZoneEntered):
                self._event("zone_entered", {"scene_id": ev.scene_id, "place": ev.place, "how": ev.how})
            elif isinstance(ev, ChoicesOffered):
                self._menu, self._menu_t = ev, self._clock()
                self._tried = set()  # a new visit (even of the same menu, in a loop): attempts count afresh
                self._event("menu_offered", {
                    "menu_id": ev.menu_id,
                    "available": [o.choice_id for o in ev.options if o.available],
                    "locked": [o.choice_id for o in ev.options if not o.available]})
            elif isinstance(ev, EndingReached):
                self._ending = ev
                self._event("ending_reached", {"ending_id": ev.ending_id, "kind": ev.kind})

    def menu_shown(self) -> None:
        """Optional: the menu became visible now (after text animation); decision time counts from here."""
        if self._menu is not None:
            self._menu_t = self._clock()

    def locked_tried(self, choice_id: str) -> None:
        """The student tried to pick `choice_id`, a locked option of the current menu (clicked it, pressed its number
        or typed it). Only the first attempt per option per menu visit is recorded: hammering the key is one try.
        A late click after the choice was made (the menu still fading out) is ignored; an id that is not a locked
        option of the current menu is a programming mistake (RecordError)."""
        menu = self._menu
        if not self.active or menu is None:
            return
        option = next((o for o in menu.options if o.choice_id == choice_id), None)
        if option is None:
            raise RecordError(f"choice {choice_id!r} is not in menu {menu.menu_id}")
        if option.available:
            raise RecordError(f"choice {choice_id!r} is not locked in menu {menu.menu_id}")
        if choice_id in self._tried:
            return
        self._tried.add(choice_id)
        self._event("locked_choice_tried", {"menu_id": menu.menu_id, "choice_id": choice_id})

    def choice(self, choice_id: str, decision_ms: int | None = None) -> None:
        """The student picked `choice_id` from the current menu (call after story.choose, before observing the
        events it returned). `decision_ms` when the player timed it itself (from the menu becoming visible)."""
        if not self.active:
            return
        menu = self._menu
        if menu is None:
            raise RecordError(f"choice {choice_id!r} made with no menu offered")
        position = next((o.position for o in menu.options if o.choice_id == choice_id), None)
        if position is None:
            raise RecordError(f"choice {choice_id!r} is not in menu {menu.menu_id}")
        now = self._clock()
        if isinstance(menu, PlacesOffered):  # no decision time on a map: nothing there is timed
            ticket = self._event("place_chosen", {"scene_id": menu.scene_id, "place": choice_id,
                                                  "position": position}, now)
            self._menu = None
            previous = self._writer.choice_queued(ticket)
            if previous:
                self._writer.wait_durable(previous, timeout=2.0)
            return
        ticket = self._event("choice_made", {"menu_id": menu.menu_id, "choice_id": choice_id, "position": position,
                                             "decision_ms": max(0, int(decision_ms if decision_ms is not None
                                                                       else round((now - self._menu_t) * 1000)))},
                             now)
        self._menu = None
        # Durability promise: when this call returns, the previous choice is on disk. A person needs far longer to
        # choose than a commit takes, so in play this returns at once; automated play is paced by it.
        previous = self._writer.choice_queued(ticket)  # the previous choice of any play, not just this one
        if previous:
            self._writer.wait_durable(previous, timeout=2.0)

    def answer(self, phase: str, instrument_id: str, instrument_version: str, item_id: str, value: int | None) -> None:
        """One questionnaire answer; value None means 'prefer not to say'."""
        if not self.active:
            return
        if phase not in records.PHASES:
            raise RecordError(f"phase {phase!r} is not one of {records.PHASES}")
        for v in (instrument_id, instrument_version, item_id):
            if not records.is_id(str(v)):
                raise RecordError(f"{v!r} is not an id")
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise RecordError(f"answer {value!r} is not a scale point")
        self._writer.submit("answer", self.session_id, phase, instrument_id, str(instrument_version), item_id, value,
                            self._ms())

    def participant(self, participant_hash: str) -> None:
        if self.active:
            if not codes.is_participant_hash(participant_hash):
                raise RecordError("a participant code looks like 'p2-0123' (codes.participant_hash)")
            self._writer.submit("participant", participant_hash, self.session_id)

    def end(self, kind: str | None = None) -> None:
        """The play is over (at the debrief, or the game closed): finished, left or abandoned. Commits at once."""
        if not self.active:
            return
        if kind is None:
            kind = self._ending.kind if self._ending is not None else "abandoned"
        if kind not in records.ENDED_KINDS:
            raise RecordError(f"ended kind {kind!r} is not one of {records.ENDED_KINDS}")
        ending_id = self._ending.ending_id if self._ending is not None else None
        self._writer.submit("end", kind, ending_id, self._ms(), self.session_id)
        self.active = False

    def withdraw(self) -> None:
        """The student withdrew consent: delete everything recorded of this play, record nothing more."""
        self._writer.submit("delete", self.session_id)
        self.active = False
        self.withdrawn = True
