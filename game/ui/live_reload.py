"""Live reload for writers (`vantage play --watch`): when a story file is saved, reload the story, replay the
choices made so far by their ids, and go on from there; a choice that no longer exists stops the replay, and the
window says so; a story with mistakes shows its diagnostics in the window instead of closing it.

Installed by run_window(watch=True): an observer of the play session (it notes each choice id) and a tick hook that
checks the files a few times a second. Plays under --watch are never recorded.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.content import load_narrative
from game.content.watch import FileWatch, story_files
from game.story.replay import replay
from game.ui.screens.base import PageScreen
from game.ui.widgets import MenuItem

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext

POLL_SECONDS = 0.4
MAX_SHOWN = 8  # diagnostics listed in the window (the terminal's `vantage check` lists them all)


class NoticeScreen(PageScreen):
    """A writer's notice from live reload: diagnostics, or where a replay stopped; one way on."""

    name = "reload-notice"

    def __init__(self, ctx: "ScreenContext", heading: str, lines: list[str], action: tuple[str, Any] | None) -> None:
        self.heading, self.lines, self.action = heading, lines, action
        super().__init__(ctx)

    def paragraphs(self) -> list[tuple[str, str]]:
        return [("small" if i else "body", text) for i, text in enumerate(self.lines)]

    def build_items(self) -> list[MenuItem]:
        if self.action is not None:
            return [MenuItem(self.action[0], self.action[1], key="continue")]
        return [MenuItem("Back to the title screen", self.ctx.nav.open_title, key="back")]

    def back(self) -> None:
        if self.action is not None:
            self.action[1]()
        else:
            self.ctx.nav.open_title()


class LiveReload:
    def __init__(self, ctx: "ScreenContext", narrative: Any, start_at: str | None = None,
                 overrides: dict[str, Any] | None = None) -> None:
        self.ctx = ctx
        self.path = narrative.path
        self.start_at = start_at
        self.overrides = overrides
        self.choices: list[str] = []
        self.watch = FileWatch(story_files(narrative))
        self._next = 0.0
        self.reloads = 0

    # -- the session observer --------------------------------------------------------------------------------------
    def session_started(self, session: Any) -> None:
        self.choices = []

    def choice_made(self, session: Any, menu: Any, option: Any, seconds: float) -> None:
        self.choices.append(option.choice_id)

    # -- the tick hook -----------------------------------------------------------------------------------------------
    def tick(self, now: float) -> None:
        if now < self._next:
            return
        self._next = now + POLL_SECONDS
        if self.ctx.session is not None and self.watch.changed():
            self.reload()

    def reload(self) -> None:
        from game.ui.screens.story import StoryScreen
        ctx, session = self.ctx, self.ctx.session
        self.reloads += 1
        res = load_narrative(self.path)
        if res.narrative is not None:
            self.watch.watch(story_files(res.narrative))
        if not res.ok:
            shown = [d.format() for d in res.errors[:MAX_SHOWN]]
            more = len(res.errors) - len(shown)
            lines = ["The story has mistakes. Fix them and save: it reloads by itself."] + shown
            if more:
                lines.append(f"... and {more} more (vantage check lists them all)")
            ctx.set_screen(NoticeScreen(ctx, "The story has mistakes", lines, None))
            return
        rep = replay(res.narrative, session.seed or 0, self.choices, self.start_at, self.overrides)
        if rep.story is None:
            ctx.set_screen(NoticeScreen(ctx, "The story cannot start", [rep.stopped or ""], None))
            return
        history = list(getattr(ctx.top, "history", []) or [])
        session.narrative, session.story, session.ending = res.narrative, rep.story, None
        self.choices = list(rep.replayed)
        story_screen = StoryScreen(ctx, session, rep.events, history)
        if rep.stopped is None:
            ctx.set_screen(story_screen)
            return
        ctx.set_screen(NoticeScreen(ctx, "The story changed", [
            f"Reloaded. The replay stopped: {rep.stopped}.",
            f"You are at `{rep.story.beat}`; the choices replayed were: {', '.join(rep.replayed) or 'none'}."],
            ("Continue from here", lambda: ctx.set_screen(story_screen))))


def install_live_reload(ctx: "ScreenContext", narrative: Any, start_at: str | None = None,
                        overrides: dict[str, Any] | None = None) -> LiveReload:
    live = LiveReload(ctx, narrative, start_at, overrides)
    ctx.hooks.observers.append(live)
    ctx.tick_hooks.append(live.tick)
    return live
