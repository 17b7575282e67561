"""The window's consent, participant-code and questionnaire screens, and the glue to game.telemetry's PlayFlow.

`install_telemetry(hooks, telemetry)` registers them at the flow's hook points (game/ui/flow.py) and an observer that
records story events and choices. All keyboard-accessible: arrows + Enter, number keys pick a scale point, Esc opens
a small menu to stop recording or leave. Nothing is recorded before the consent screen's "yes".
"""
from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any, Callable

import pygame

from game.i18n import N_, _
from game.telemetry import codes, consent
from game.telemetry.flow import PlayFlow, Step, Telemetry
from game.ui import autosave
from game.ui.flow import AFTER_STORY, BEFORE_STORY, RECORDING_KEY, SAVED_RECORDING_KEY, SKIP_STORY, Hooks, PlaySession
from game.ui.screens.base import PageScreen
from game.ui.widgets import NO_FOCUS, MenuItem

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext

FLOW_KEY = "telemetry_flow"  # PlaySession.data key holding the PlayFlow
CODE_KEY = "play_code"  # PlaySession.data key: the withdrawal code the debrief shows


def flow_of(session: PlaySession | None) -> PlayFlow | None:
    return session.data.get(FLOW_KEY) if session is not None else None


def experience_settings(ctx: "ScreenContext") -> dict[str, Any]:
    """The settings that change what the student experienced (recorded with consent; no free text)."""
    s = ctx.settings
    out: dict[str, Any] = {}
    for name in ("reduce_motion", "reduce_effects", "effects_intensity", "high_contrast", "dyslexic_font", "tts",
                 "text_scale", "text_speed"):
        value = getattr(s, name, None)
        if isinstance(value, (bool, int, float)):
            out[name] = value
    return out


ANSWER_GUARD_SECONDS = 0.8
# the consent paragraphs saying what is and is never recorded: shown first, on the first page
RECORDED_PREFIXES = ("What we record", "What we never record")


class ConsentScreen(PageScreen):
    """Nothing is highlighted at first (a highlighted "yes" is a push), what is and is never recorded comes first, and
    "yes" wakes only once every page has been shown."""

    name = "consent"
    # the question alone: "Before you start" was the screen before, and at 200% text the long title took two lines
    # that what is and is never recorded needs
    heading = consent.CONSENT.title.split(": ", 1)[-1][:1].upper() + consent.CONSENT.title.split(": ", 1)[-1][1:]
    initial_focus = NO_FOCUS
    gated_keys = ("consent-yes",)
    buttons_in_a_row = True

    def __init__(self, ctx: "ScreenContext", flow: PlayFlow, done: Callable[[], None]) -> None:
        self.flow, self.done = flow, done
        super().__init__(ctx)

    def paragraphs(self) -> list[tuple[str, str]]:
        paras = list(consent.CONSENT.paragraphs)
        first = [p for p in paras if p.startswith(RECORDED_PREFIXES)]  # on the English source: translated below
        return [("body", _(p)) for p in first + [p for p in paras if p not in first]] + \
            [("small", _(consent.HOW_TO_STOP["window"]))]

    def essentials(self) -> list[str]:
        return [_(p) for p in consent.CONSENT.paragraphs if p.startswith(RECORDED_PREFIXES)]

    def build_items(self) -> list[MenuItem]:
        return [MenuItem(_(consent.CONSENT.yes), lambda: self._answer(True), key="consent-yes"),
                MenuItem(_(consent.CONSENT.no), lambda: self._answer(False), key="consent-no")]

    def _answer(self, yes: bool) -> None:
        self.flow.consent(yes)
        recording = self.flow.saved_recording()
        if recording is not None and not self.ctx.kiosk:  # told at the next start should the game stop before the story
            autosave.mark_consent(self.flow.narrative.id, recording)
        self.done()


class ParticipantScreen(PageScreen):
    """Optional participant code: four small answers picked with the keyboard (letters or numbers, never typed text
    beyond a single key), turned into a keyed hash by the flow."""

    name = "participant"
    heading = N_("Your secret code (optional)")

    def __init__(self, ctx: "ScreenContext", flow: PlayFlow, done: Callable[[], None]) -> None:
        self.flow, self.done = flow, done
        self.asking = False
        self.values: list[int] = [0 for _ in codes.PARTICIPANT_QUESTIONS]
        self.index = 0
        self._typed = ""  # digits typed so far for a number answer
        super().__init__(ctx)

    def _question(self) -> codes.ParticipantQuestion:
        return codes.PARTICIPANT_QUESTIONS[self.index]

    def _choices(self, q: codes.ParticipantQuestion) -> list[str]:
        return list(string.ascii_uppercase) if q.kind == "letter" else [str(n) for n in range(q.low, q.high + 1)]

    def paragraphs(self) -> list[tuple[str, str]]:
        if not self.asking:
            intro = [("body", _(consent.FOLLOW_UP_INTRO))] if self.flow.follow_up else []
            return intro + [("body", _(consent.PARTICIPANT_INTRO))]
        q = self._question()
        total = len(codes.PARTICIPANT_QUESTIONS)
        return [("label", _("Question {n} of {total}").format(n=self.index + 1, total=total)), ("body", _(q.text)),
                ("small", _("Use left and right (or type it), then press Enter."))]

    def build_items(self) -> list[MenuItem]:
        if not self.asking:
            return [MenuItem(_("Make my code"), self._start, key="participant-make"),
                    MenuItem(_("Skip"), lambda: self._finish(None), key="participant-skip")]
        q = self._question()
        options = self._choices(q)
        value = options[self.values[self.index]]
        # words, not arrow symbols: the dyslexia-friendly font has none (it drew empty boxes), and a voice reads them
        return [MenuItem(value, self._next, detail=_("Left or right to change it, Enter to confirm"),
                         key="participant-value", on_left=lambda: self._step(-1), on_right=lambda: self._step(1)),
                MenuItem(_("Skip the code"), lambda: self._finish(None), key="participant-skip")]

    def _start(self) -> None:
        self.asking = True
        self.rebuild()

    def _step(self, delta: int) -> None:
        n = len(self._choices(self._question()))
        self.values[self.index] = (self.values[self.index] + delta) % n
        self.rebuild()

    def _next(self) -> None:
        if self.index + 1 < len(codes.PARTICIPANT_QUESTIONS):
            self.index += 1
            self.rebuild()
            self.ctx.speak(self.spoken_summary())
            return
        answers = [self._choices(q)[v] for q, v in zip(codes.PARTICIPANT_QUESTIONS, self.values)]
        self._finish(answers)

    def _finish(self, answers: list[str] | None) -> None:
        self.flow.participant(answers)
        self.done()

    def handle_key(self, key: int, unicode: str = "") -> None:
        if self.asking and unicode and unicode.strip():
            options = self._choices(self._question())
            typed = unicode.upper()
            # digits add up ("2" then "9" is 29) while the number stays possible; a letter jumps to that letter
            joined = (self._typed + typed) if typed.isdigit() else typed
            if joined.lstrip("0") in options or joined in options:
                typed = joined.lstrip("0") or joined
            if typed in options:
                self.values[self.index] = options.index(typed)
                self._typed = typed if typed.isdigit() else ""
                self.rebuild()
                self.ctx.mark_dirty()
                return
        self._typed = ""
        super().handle_key(key, unicode)


class LikertScreen(PageScreen):
    """One questionnaire item per page: the scale labels as numbered buttons (1..n keys), 'prefer not to say' last,
    none highlighted at first (Enter alone answers nothing), and a way back to the previous item."""

    name = "questionnaire"
    initial_focus = NO_FOCUS

    def __init__(self, ctx: "ScreenContext", session: PlaySession, flow: PlayFlow, done: Callable[[], None]) -> None:
        self.session, self.flow, self.done = session, flow, done
        self.instrument = flow.questionnaire
        self.index = 0
        self.heading = self.instrument.title
        super().__init__(ctx)
        self.shown_at = ctx.now()

    def paragraphs(self) -> list[tuple[str, str]]:
        item = self.instrument.items[self.index]
        # the statement first: at large text it must share the screen with every answer; the intro follows
        out = [("label", f"{self.index + 1} of {len(self.instrument.items)}"), ("body", item.text)]
        if self.index == 0 and self.instrument.intro:
            out.append(("small", self.instrument.intro))
        return out

    def essentials(self) -> list[str]:
        return [self.instrument.items[self.index].text]

    def build_items(self) -> list[MenuItem]:
        labels = list(zip(self.instrument.values, self.instrument.labels))
        items = [MenuItem(f"{n}. {label}", (lambda v=v: self._answer(v)), key=f"likert-{v}")
                 for n, (v, label) in enumerate(labels, 1)]
        if self.instrument.prefer_not_to_say:
            items.append(MenuItem(f"{len(items) + 1}. {self.instrument.prefer_not_to_say}",
                                  lambda: self._answer(None), key="likert-none"))
        if self.index > 0:
            items.append(MenuItem("Previous question", self._previous, key="likert-back"))
        return items

    def _show(self, index: int) -> None:
        self.index = index
        self.page = 0
        self.rebuild()
        self.menu.focus = NO_FOCUS
        self.shown_at = self.ctx.now()
        self.ctx.speak(self.spoken_summary())

    def _previous(self) -> None:
        """Back one item: its answer is given again (the new one replaces the old)."""
        if self.index > 0:
            self._show(self.index - 1)

    def _answer(self, value: int | None) -> None:
        self.flow.answer(self.instrument.items[self.index].id, value)
        if self.index + 1 < len(self.instrument.items):
            self._show(self.index + 1)
            return
        self.flow.finish_questionnaire()
        self.done()

    # Answers must be meant: the Enter or click that answered one question is not also taken as the answer to the
    # next (and no answer is highlighted when an item opens, so Enter alone chooses nothing). Number keys name an
    # answer, so they always count.
    def _settled(self) -> bool:
        return self.ctx.now() - self.shown_at >= ANSWER_GUARD_SECONDS

    def handle_key(self, key: int, unicode: str = "") -> None:
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and not self._settled():
            return
        super().handle_key(key, unicode)

    def handle_pointer(self, kind: str, pos: tuple[int, int]) -> None:
        if kind == "click" and not self._settled():
            return
        super().handle_pointer(kind, pos)

    def back(self) -> None:
        self.ctx.push(QuestionsPauseScreen(self.ctx, self))

    def auto_step(self, rng: Any) -> bool:
        answers = [i for i, it in enumerate(self.menu.items) if it.key != "likert-back"]
        self.menu.activate(self.ctx, rng.choice(answers))
        return True


class QuestionsPauseScreen(PageScreen):
    """Esc during the questions: go on, stop recording (deletes this play), or leave (to the debrief)."""

    name = "questions-pause"
    heading = N_("Paused")

    def __init__(self, ctx: "ScreenContext", likert: LikertScreen) -> None:
        self.likert = likert
        super().__init__(ctx)

    def paragraphs(self) -> list[tuple[str, str]]:
        return [("small", _("Stopping or leaving is always fine."))]

    def build_items(self) -> list[MenuItem]:
        from game.ui.screens.calm import BreakScreen
        return [MenuItem(_("Back to the questions"), self.ctx.pop, key="resume"),
                MenuItem(_("Settings"), self.ctx.nav.open_settings, detail=_("Text size, contrast, font"),
                         key="settings"),
                MenuItem(_("Take a break"), lambda: self.ctx.push(BreakScreen(self.ctx)), detail=_("A calm screen"),
                         key="break"),
                MenuItem(_(consent.WITHDRAW_LABEL), self._withdraw, key="withdraw"),
                MenuItem(_("Leave"), self._leave, detail=_("Go to the debrief and where to find help"), key="leave")]

    def _withdraw(self) -> None:
        flow = self.likert.flow
        self.ctx.pop()
        flow.withdraw()  # PRE -> STORY, POST -> DEBRIEF: the questions end here
        self.ctx.speak(_(consent.WITHDRAWN_NOTE))
        self.likert.done()

    def _leave(self) -> None:
        flow, session = self.likert.flow, self.likert.session
        self.ctx.pop()
        if flow.step is Step.PRE:
            flow.leave()
            session.data[CODE_KEY] = flow.withdrawal_code
            autosave.clear_consent(session.narrative.id)  # the debrief shows the code
            from game.ui.screens.closing import DebriefScreen
            self.ctx.set_screen(DebriefScreen(self.ctx, session))
        else:
            flow.leave()
            self.likert.done()

    def back(self) -> None:
        self.ctx.pop()

    def draw_background(self, canvas: pygame.Surface) -> None:
        # a plain screen: the question's words showing through the menu made both hard to read
        canvas.blit(self.ctx.backdrops.plain(self.ctx.theme), (0, 0))


class ResumeNoticeScreen(PageScreen):
    """After a crash, when the recorded play cannot go on: says so plainly, shows the code of the earlier answers
    (when they are still stored), then the consent screen asks again for the rest of the play."""

    name = "resume-notice"
    heading = "Before you continue"

    def __init__(self, ctx: "ScreenContext", code: str | None, then: Callable[[], None]) -> None:
        self.code, self.then = code, then
        super().__init__(ctx)

    def paragraphs(self) -> list[tuple[str, str]]:
        if self.code:
            first = (f"The game stopped unexpectedly, and the recording of your play could not be continued. Your "
                     f"answers from before are kept under the play code {self.code}. Write it down: with it, your "
                     "teacher can delete them at any time.")
        else:
            first = ("The game stopped unexpectedly, and the recording of your play could not be continued. Nothing "
                     "of it is kept.")
        return [("body", first), ("body", "Next, you are asked again whether the rest of your play may be recorded.")]

    def build_items(self) -> list[MenuItem]:
        return [MenuItem("Continue", self.then, key="continue")]

    def auto_step(self, rng: Any) -> bool:
        self.then()
        return True


class TelemetryObserver:
    """Hears the window's play session (game/ui/flow.py SessionObserver) and feeds the PlayFlow."""

    def session_started(self, session: PlaySession) -> None:
        flow = flow_of(session)
        if flow is not None and flow.step is Step.STORY and flow.story is None:
            flow.attach_story(session.story)

    def story_events(self, session: PlaySession, events: list[Any]) -> None:
        flow = flow_of(session)
        if flow is not None:
            flow.observe(events)

    def ready_for_choice(self, session: PlaySession) -> bool:
        flow = flow_of(session)
        return flow is None or flow.ready_for_choice()

    def choice_made(self, session: PlaySession, menu: Any, option: Any, seconds: float) -> None:
        flow = flow_of(session)
        if flow is not None:
            flow.record_choice(option.choice_id, int(round(max(0.0, seconds) * 1000)))

    def locked_tried(self, session: PlaySession, menu: Any, option: Any) -> None:
        flow = flow_of(session)
        if flow is not None and not option.available:
            flow.locked_tried(option.choice_id)  # the recorder keeps the first try per option and menu visit

    def session_ended(self, session: PlaySession, how: str) -> None:
        flow = flow_of(session)
        if flow is None:
            return
        if how == "left":
            flow.story_left(session.ending)
        elif how == "abandoned":
            flow.abandon()
        session.data[CODE_KEY] = flow.withdrawal_code


def install_telemetry(hooks: Hooks, telemetry: Telemetry) -> None:
    """Register consent, participant code and questionnaires at the hook points, and the recording observer."""

    def consent_hook(ctx: "ScreenContext", session: PlaySession, done: Callable[[], None]) -> PageScreen | None:
        saved = session.data.get(SAVED_RECORDING_KEY)
        if session.resumed and saved is None:
            return None  # continuing a play that was not recorded: it stays unrecorded
        flow = telemetry.new_flow(session.narrative, player="window", seed=session.seed or 0,
                                  settings=experience_settings(ctx))
        session.data[FLOW_KEY] = flow
        if flow.follow_up:
            session.data[SKIP_STORY] = True  # questions only, then the debrief (game/ui/navigation.py)
        if flow.step is not Step.CONSENT:
            return None  # --no-record
        if saved is not None:  # after a crash: the same recorded play goes on, its consent still valid
            outcome = flow.resume_recording(saved)
            if outcome == "resumed":
                return None
            code = saved.get("withdrawal_code") if outcome == "impossible" else None
            return ResumeNoticeScreen(ctx, code, lambda: ctx.set_screen(ConsentScreen(ctx, flow, done)))
        return ConsentScreen(ctx, flow, done)

    def recording_hook(ctx: "ScreenContext", session: PlaySession, done: Callable[[], None]) -> PageScreen | None:
        flow = flow_of(session)  # last before the story: what the autosave keeps to continue this recorded play
        session.data[RECORDING_KEY] = flow.saved_recording() if flow is not None else None
        autosave.clear_consent(session.narrative.id)  # from now on the autosave carries it
        return None

    def participant_hook(ctx: "ScreenContext", session: PlaySession, done: Callable[[], None]) -> PageScreen | None:
        flow = flow_of(session)
        return ParticipantScreen(ctx, flow, done) if flow is not None and flow.step is Step.PARTICIPANT else None

    def questions_hook(ctx: "ScreenContext", session: PlaySession, done: Callable[[], None]) -> PageScreen | None:
        flow = flow_of(session)
        if flow is None:
            return None
        if flow.step in (Step.PRE, Step.POST) and flow.questionnaire is not None:
            return LikertScreen(ctx, session, flow, done)
        session.data[CODE_KEY] = flow.withdrawal_code
        return None

    def code_hook(ctx: "ScreenContext", session: PlaySession, done: Callable[[], None]) -> PageScreen | None:
        flow = flow_of(session)
        if flow is not None:
            session.data[CODE_KEY] = flow.withdrawal_code
            autosave.clear_consent(session.narrative.id)  # the debrief shows the code
        return None

    hooks.add(BEFORE_STORY, consent_hook)
    hooks.add(BEFORE_STORY, participant_hook)
    hooks.add(BEFORE_STORY, questions_hook)
    hooks.add(BEFORE_STORY, recording_hook)
    hooks.add(AFTER_STORY, questions_hook)
    hooks.add(AFTER_STORY, code_hook)
    hooks.observers.append(TelemetryObserver())


def withdraw_item(ctx: "ScreenContext") -> MenuItem | None:
    """The pause menu's 'Stop recording' item while the current play is being recorded, else None."""
    flow = flow_of(ctx.session)
    if flow is None or not flow.recording:
        return None

    def withdraw() -> None:
        flow.withdraw()
        ctx.session.data[CODE_KEY] = None
        ctx.session.data[RECORDING_KEY] = None  # the next autosave no longer names the deleted play
        ctx.speak(_(consent.WITHDRAWN_NOTE))
        ctx.pop()

    return MenuItem(_(consent.WITHDRAW_LABEL), withdraw, detail=_("You keep playing; nothing more is recorded"),
                    key="withdraw")
