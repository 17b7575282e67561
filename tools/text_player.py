"""The terminal player for writers: lines, thoughts, effects as captions, numbered choices read from standard input.

The last line at an ending is `Ending: <ending-id>`. End of input or Ctrl-C stops cleanly with a message.
Observers (e.g. telemetry) see every event, every choice with its decision time, and each locked option the player
tried to pick (once per option per menu visit).
"""
from __future__ import annotations

import sys
import textwrap
import time
from typing import Any, Callable, Iterable, Protocol, TextIO

from game.content.model import Debrief, Narrative
from game.i18n import _
from game.story import (CharacterHidden, CharacterShown, ChoicesOffered, EndingReached, FlagChanged, Line, MusicCue,
                        Pause, Perception, SceneEntered, SoundCue, StatChanged, Story, StoryError, Thought)
from game.story.events import ChoiceOption, PlacesOffered, StoryEvent

WIDTH = 78


class PlayObserver(Protocol):
    def event(self, event: StoryEvent) -> None: ...
    def choice(self, menu: ChoicesOffered, option: ChoiceOption, decision_ms: int) -> None: ...
    # Optional (observers written before it existed still work): the player typed the number of a locked option.
    # Called at most once per option per menu visit, however often the number is typed.
    def locked(self, menu: ChoicesOffered, option: ChoiceOption) -> None: ...


class InputEnded(Exception):
    """Standard input closed (or Ctrl-C, then `interrupted`) before the story ended."""

    def __init__(self, interrupted: bool = False):
        super().__init__("interrupted" if interrupted else "input ended")
        self.interrupted = interrupted

    @property
    def how(self) -> str:
        return "Ctrl-C" if self.interrupted else _("input ended")

    @property
    def exit_code(self) -> int:
        """Not 0: a script (or a transcript) that stops before an ending did not play the story through."""
        return 130 if self.interrupted else 1


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    first = indent if first is None else first
    return "\n".join(textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=indent)) or first


def styled(text: str, runs: tuple[tuple[str, str], ...] | None) -> str:
    """Emphasis as the terminal shows it: *italic* and **bold**, as the writer typed it."""
    if not runs:
        return text
    marks = {"": "", "i": "*", "b": "**", "bi": "***"}
    return "".join(f"{marks[style]}{part}{marks[style]}" if part.strip() else part for part, style in runs)


def render(event: StoryEvent, narrative: Narrative) -> str | None:
    """How one event reads in the terminal (None: nothing to show). Sounds, music and faces become words."""
    if isinstance(event, SceneEntered):
        head = f"\n== {event.title} ==\n"
        return head + (_wrap(f"[{event.ambient_caption}]", "  ") + "\n" if event.ambient_caption else "")
    if isinstance(event, Line):
        text = styled(event.text, event.runs)
        return _wrap(text) if event.speaker is None else _wrap(f"{event.speaker}: “{text}”")
    if isinstance(event, Thought):
        return _wrap(_("(thinking) {text}").format(text=styled(event.text, event.runs)), "    ")
    if isinstance(event, CharacterShown):
        return _wrap(f"[{event.name}: {event.description}]", "  ")
    if isinstance(event, CharacterHidden):
        return _wrap("[" + _("{name} leaves").format(name=event.name) + "]", "  ")
    if isinstance(event, Pause):
        return "  ..."
    if isinstance(event, SoundCue):
        return _wrap("[" + _("Sound: {caption}").format(caption=event.caption) + "]", "  ")
    if isinstance(event, MusicCue):
        return _wrap("[" + (_("Music: {caption}").format(caption=event.caption) if event.track_id
                            else _("The music stops")) + "]", "  ")
    if isinstance(event, StatChanged):
        st = narrative.stats[event.stat]
        if st.show == "hidden":
            return None
        arrow = _("up") if event.new > event.old else _("down")
        return "  [" + _("{label} {arrow}: {old} → {new} of {max}").format(
            label=event.label, arrow=arrow, old=_num(event.old), new=_num(event.new), max=_num(st.max)) + "]"
    if isinstance(event, FlagChanged):
        return None
    if isinstance(event, Perception):
        return _wrap(f"[{event.caption}]", "  ")
    return None


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def render_menu(menu: ChoicesOffered, prompt: str | None) -> str:
    out = []
    if isinstance(menu, PlacesOffered):  # a map: the Places list plays it without walking
        prompt = "Places you can go from here:"
    if prompt:
        out.append(_wrap(prompt))
    for o in menu.options:
        if o.available:
            out.append(f"  {o.position}. {styled(o.text, o.runs)}")
        else:
            out.append(f"  {o.position}. " + _("[locked] {text}: {reason}").format(text=styled(o.text, o.runs),
                                                                                reason=o.locked_reason))
    return "\n".join(out)


def read_line(stdin: TextIO, stdout: TextIO, prompt: str = "> ") -> str:
    """One line typed by the player, stripped. InputEnded at end of input or Ctrl-C."""
    stdout.write(prompt)
    stdout.flush()
    try:
        raw = stdin.readline()
    except KeyboardInterrupt:
        raise InputEnded(interrupted=True) from None
    if raw == "":
        raise InputEnded
    if not stdin.isatty():
        stdout.write(raw if raw.endswith("\n") else raw + "\n")  # a transcript shows what was typed
    return raw.strip()


def ask_number(prompt: str, count: int, stdin: TextIO, stdout: TextIO,
               allowed: Callable[[int], str | None] | None = None) -> int:
    """A number from 1 to count typed by the player; re-asks on anything else. InputEnded at end of input."""
    while True:
        raw = read_line(stdin, stdout, prompt)
        if not raw.isdecimal() or not 1 <= int(raw) <= count:  # isdigit() is true for `²`, which int() refuses
            stdout.write(_("Type a number from 1 to {count}, then Enter.").format(count=count) + "\n")
            continue
        problem = allowed(int(raw)) if allowed else None
        if problem:
            stdout.write(problem + "\n")
            continue
        return int(raw)


def play_text(narrative: Narrative, *, seed: int = 0, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
              start: str | None = None, overrides: dict[str, Any] | None = None,
              observers: Iterable[PlayObserver] = (), clock: Callable[[], float] = time.monotonic,
              show_intro: bool = True, country: str | None = None) -> tuple[int, Story]:
    """Play a narrative in the terminal. Returns (exit code, the story as it stood at the end)."""
    observers = list(observers)
    story = Story(narrative, seed=seed)
    if show_intro:
        write_intro(narrative, stdout)
    try:
        events = story.start(at=start, overrides=overrides)
    except StoryError as exc:
        stdout.write(_("Cannot start there: {problem}").format(problem=exc) + "\n")
        return 2, story
    try:
        while True:
            for ev in events:
                for ob in observers:
                    ob.event(ev)
                text = render(ev, narrative)
                if text is not None:
                    stdout.write(text + "\n")
            if story.ending is not None:
                show_ending(story.ending, narrative, stdout, country, story.debrief_prompts())
                return 0, story
            menu = story.menu
            stdout.write(render_menu(menu, menu.prompt) + "\n")
            shown_at = clock()
            tried: set[str] = set()  # locked options already reported at this menu visit

            def allowed(n: int, menu: ChoicesOffered = menu, tried: set[str] = tried) -> str | None:
                o = menu.options[n - 1]
                if o.available:
                    return None
                if o.choice_id not in tried:
                    tried.add(o.choice_id)
                    for ob in observers:
                        locked = getattr(ob, "locked", None)
                        if locked is not None:
                            locked(menu, o)
                return _("You can't choose that: {reason}").format(reason=o.locked_reason)
            number = ask_number("> ", len(menu.options), stdin, stdout, allowed)
            option = menu.options[number - 1]
            decision_ms = int((clock() - shown_at) * 1000)
            for ob in observers:
                ob.choice(menu, option, decision_ms)
            stdout.write("\n")
            events = story.choose(option.choice_id)
    except InputEnded as exc:
        where = story.menu.menu_id if story.menu else story.beat
        stdout.write("\n" + _("Stopped at `{where}` before an ending ({how}). Nothing is lost: play again any time.")
                     .format(where=where, how=exc.how) + "\n")
        return exc.exit_code, story


def write_intro(narrative: Narrative, stdout: TextIO) -> None:
    """The title, summary and content notes shown before a story starts."""
    stdout.write(f"{narrative.title}\n{_wrap(narrative.summary)}\n")
    if narrative.content_notes:
        stdout.write(_wrap(_("Content notes: {notes}").format(notes="; ".join(narrative.content_notes))) + "\n")


def write_ending(ending: EndingReached, stdout: TextIO) -> None:
    stdout.write(f"\n== {ending.title} ==\n{_wrap(styled(ending.text, ending.runs))}\n")


def write_debrief(debrief: Debrief, stdout: TextIO, country: str | None = None,
                  prompts: tuple[str, ...] | None = None) -> None:
    """The debrief prompts, the myth/fact cards and where to find help: the story's own, then the help lines of the
    place where the class is (`country`; None: this machine's locale). The ending line is the callers'.

    `prompts` are the prompts that fit the play (`Story.debrief_prompts()`); None: only those always shown."""
    if prompts is None:
        prompts = tuple(p.text for p in debrief.prompts if p.when is None)
    if prompts:
        stdout.write("\n" + _("To think about:") + "\n" + "\n".join(_wrap(p, "    ", "  - ") for p in prompts) + "\n")
    if debrief.facts:
        stdout.write("\nMyth and fact:\n")
        for f in debrief.facts:
            stdout.write(_wrap(f"Myth: {f.myth}", "    ", "  - ") + "\n" + _wrap(f"Fact: {f.fact}", "    ", "    ")
                         + "\n" + _wrap(f"Source: {f.source} (checked {f.checked})", "    ", "    ") + "\n")
    if debrief.help:
        stdout.write("\n" + _("Where to find help:") + "\n")
        for h in debrief.help:
            stdout.write(_wrap(f"{h.name}: {h.contact}" + (f" ({h.note})" if h.note else ""), "    ", "  - ") + "\n")
    from game.content.helplines import place_help
    place = place_help(country)
    if place is not None:
        stdout.write(f"\nHelp lines ({place.name}):\n")
        for r in place.resources:
            stdout.write(_wrap(f"{r.organisation}: {r.contact} ({r.for_whom})", "    ", "  - ") + "\n")


def show_ending(ending: EndingReached, narrative: Narrative, stdout: TextIO, country: str | None = None,
                prompts: tuple[str, ...] | None = None) -> None:
    write_ending(ending, stdout)
    write_debrief(narrative.debrief, stdout, country, prompts)
    stdout.write(f"Ending: {ending.ending_id}\n")
