"""The terminal player with consent, questionnaires and recording: drives a PlayFlow with typed numbers.

    consent -> [participant code] -> pre questionnaire -> story -> post questionnaire -> debrief (with play code)

At any menu, `q` leaves the story (straight to the debrief) and `s` stops recording (deletes this play's data).
End of input or Ctrl-C stops cleanly (exit 1 or 130); the play is then recorded as abandoned.
Rendering reuses tools.text_player.
"""
from __future__ import annotations

import sys
from typing import Any, TextIO

from game.i18n import _
from game.story import StoryError
from game.telemetry import codes, consent
from game.telemetry.flow import PlayFlow, Step, Telemetry
from tools.text_player import (InputEnded, _wrap, read_line, render, render_menu, write_debrief, write_ending,
                               write_intro)

LEAVE, STOP = "q", "s"


class _Leave(Exception):
    pass


class _StepChanged(Exception):
    """Recording was stopped during a questionnaire: the flow moved on, so the questions stop."""


def _read(stdin: TextIO, stdout: TextIO, prompt: str = "> ") -> str:
    return read_line(stdin, stdout, prompt)


def _pick(flow: PlayFlow, count: int, stdin: TextIO, stdout: TextIO, commands: bool = True) -> int:
    """A number 1..count; `q` leaves, `s` stops recording (then asks again)."""
    while True:
        raw = _read(stdin, stdout).lower()
        if commands and raw == LEAVE:
            raise _Leave
        if commands and raw == STOP and flow.recording:
            flow.withdraw()
            stdout.write(_wrap(_(consent.WITHDRAWN_NOTE)) + "\n")
            if flow.step is not Step.STORY:
                raise _StepChanged
            continue
        if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= count:
            return int(raw)
        if not commands:
            stdout.write(_("Type a number from 1 to {count}, then Enter.").format(count=count) + "\n")
        elif flow.recording:
            stdout.write(_("Type a number from 1 to {count}, then Enter (or {leave} to leave, {stop} to stop "
                           "recording).").format(count=count, leave=LEAVE, stop=STOP) + "\n")
        else:
            stdout.write(_("Type a number from 1 to {count}, then Enter (or {leave} to leave).")
                         .format(count=count, leave=LEAVE) + "\n")


def _consent(flow: PlayFlow, stdin: TextIO, stdout: TextIO) -> None:
    c = consent.CONSENT
    stdout.write(f"\n== {_(c.title)} ==\n")
    for p in c.paragraphs:
        stdout.write(_wrap(_(p)) + "\n\n")
    stdout.write(_wrap(_(consent.HOW_TO_STOP["text"])) + "\n\n")
    stdout.write(f"  1. {_(c.yes)}\n  2. {_(c.no)}\n")
    flow.consent(_pick(flow, 2, stdin, stdout, commands=False) == 1)


def _participant(flow: PlayFlow, stdin: TextIO, stdout: TextIO) -> None:
    if flow.follow_up:
        stdout.write("\n" + _wrap(_(consent.FOLLOW_UP_INTRO)) + "\n")
    stdout.write("\n" + _wrap(_(consent.PARTICIPANT_INTRO)) + "\n  1. " + _("Make my code") + "\n  2. " + _("Skip")
                 + "\n")
    if _pick(flow, 2, stdin, stdout) == 2:
        flow.participant(None)
        return
    answers = []
    for q in codes.PARTICIPANT_QUESTIONS:
        while True:
            stdout.write(_wrap(q.text) + "\n")
            raw = _read(stdin, stdout)
            if q.tidy(raw) is not None:
                answers.append(raw)
                break
            stdout.write(_("That is not one of the possible answers. Try again.") + "\n")
    flow.participant(answers)  # only a keyed hash of the answers is kept


def _questionnaire(flow: PlayFlow, stdin: TextIO, stdout: TextIO) -> None:
    inst = flow.questionnaire
    stdout.write(f"\n== {inst.title} ==\n")
    if inst.intro:
        stdout.write(_wrap(inst.intro) + "\n")
    options = list(inst.labels) + ([inst.prefer_not_to_say] if inst.prefer_not_to_say else [])
    for n, item in enumerate(inst.items, 1):
        stdout.write("\n" + _wrap(_("({n} of {total}) {text}").format(n=n, total=len(inst.items), text=item.text))
                     + "\n")  # the number is in the width
        for i, label in enumerate(options, 1):
            stdout.write(f"  {i}. {label}\n")
        k = _pick(flow, len(options), stdin, stdout)
        flow.answer(item.id, None if k > len(inst.labels) else k)
    flow.finish_questionnaire()


def _story(flow: PlayFlow, stdin: TextIO, stdout: TextIO) -> None:
    narrative = flow.narrative
    events = flow.start_story()
    while True:
        for ev in events:
            text = render(ev, narrative)
            if text is not None:
                stdout.write(text + "\n")
        story = flow.story
        if story.ending is not None:
            write_ending(story.ending, stdout)
            return
        menu = story.menu
        stdout.write(render_menu(menu, menu.prompt) + "\n")
        while True:
            number = _pick(flow, len(menu.options), stdin, stdout)
            option = menu.options[number - 1]
            if option.available:
                break
            flow.locked_tried(option.choice_id)  # recorded once per option per menu visit, however often typed
            stdout.write(_("You can't choose that: {reason}").format(reason=option.locked_reason) + "\n")
        stdout.write("\n")
        try:
            events = flow.choose(option.choice_id)
        except StoryError as exc:  # cannot happen for an available option; never a traceback for the student
            stdout.write(f"{exc}\n")
            events = []


def _debrief(flow: PlayFlow, stdout: TextIO, country: str | None = None) -> None:
    # the prompts that fit the play: its ending, or leaving early (none before the story began: only the plain ones)
    prompts = flow.story.debrief_prompts() if flow.story is not None else None
    write_debrief(flow.narrative.debrief, stdout, country, prompts)
    if flow.withdrawal_code:
        stdout.write("\n" + _wrap(_(consent.DEBRIEF_CODE_NOTE).format(code=flow.withdrawal_code)) + "\n")
    ending = flow.story.ending if flow.story is not None else None
    if ending is not None:
        stdout.write(f"Ending: {ending.ending_id}\n")


def play_text_recorded(narrative: Any, telemetry: Telemetry, *, seed: int = 0, stdin: TextIO | None = None,
                       stdout: TextIO | None = None, settings: dict | None = None, country: str | None = None) -> int:
    """One play in the terminal with the consent flow. Returns an exit code (not 0 when input ended early)."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    flow = telemetry.new_flow(narrative, player="text", seed=seed, settings=settings)
    if flow.follow_up:
        stdout.write(f"{narrative.title}: a few questions again, some weeks after the story (no story today).\n")
    else:
        write_intro(narrative, stdout)
    try:
        try:
            while flow.step not in (Step.DEBRIEF, Step.DONE):
                try:
                    if flow.step is Step.CONSENT:
                        _consent(flow, stdin, stdout)
                    elif flow.step is Step.PARTICIPANT:
                        _participant(flow, stdin, stdout)
                    elif flow.step in (Step.PRE, Step.POST):
                        _questionnaire(flow, stdin, stdout)
                    elif flow.step is Step.STORY:
                        _story(flow, stdin, stdout)
                except _StepChanged:
                    continue
        except _Leave:
            for ev in flow.leave():
                write_ending(ev, stdout)
        _debrief(flow, stdout, country)
        flow.done()
    except InputEnded as exc:
        flow.abandon()
        stdout.write("\n" + _("Stopped before the end ({how}).").format(how=exc.how) + "\n")
        return exc.exit_code
    return 0
