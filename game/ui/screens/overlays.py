"""Screens over the story, reachable at any moment: pause, history (backlog), settings (the break: calm.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.ui import settings as st
from game.ui.screens.base import PageScreen
from game.ui.screens.calm import BreakScreen
from game.ui.tts import NO_VOICE_MESSAGE
from game.ui.widgets import MenuItem

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext


class PauseScreen(PageScreen):
    name = "pause"
    heading = "Paused"
    center = True
    opaque = False

    def __init__(self, ctx: "ScreenContext", story_screen: Any) -> None:
        self.story_screen = story_screen
        super().__init__(ctx)

    def build_items(self) -> list[MenuItem]:
        return [
            MenuItem("Resume", self.ctx.pop, key="resume"),
            MenuItem("Take a break", lambda: self.ctx.push(BreakScreen(self.ctx)), detail="A calm screen",
                     key="break"),
            MenuItem("History", lambda: self.ctx.push(HistoryScreen(self.ctx, self.story_screen.history)),
                     detail="What was said so far", key="history"),
            MenuItem("Settings", self.ctx.nav.open_settings, key="settings"),
            MenuItem("Leave the story", self.story_screen.leave, detail="Always fine: go to the debrief and where to find help",
                     key="leave"),
        ] + self._telemetry_items()

    def _telemetry_items(self) -> list[MenuItem]:
        from game.ui.telemetry_screens import withdraw_item
        item = withdraw_item(self.ctx)
        return [item] if item is not None else []

    def back(self) -> None:
        self.ctx.pop()

    def draw_background(self, canvas: pygame.Surface) -> None:
        # the story stays visible but dimmed behind the menu
        self.story_screen.draw(canvas)
        dim = self.ctx.dimmer()
        canvas.blit(dim, (0, 0))

    def enter(self) -> None:
        self.ctx.speak("Paused. " + self.menu.spoken(self.menu.focus))

    def auto_step(self, rng: Any) -> bool:
        self.ctx.pop()
        return True


class HistoryScreen(PageScreen):
    """The backlog: everything said so far, newest at the bottom, scrollable (Up/Down, Page keys, wheel)."""

    name = "history"
    heading = "History"

    def __init__(self, ctx: "ScreenContext", history: list[tuple[str | None, str, str]]) -> None:
        self.history = list(history)
        super().__init__(ctx)

    def paragraphs(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for speaker, text, kind in self.history:
            if kind == "scene":
                out.append(("label", text))
            elif kind == "thought":
                out.append(("thought", f"(thinking) {text}"))
            elif kind == "choice":
                out.append(("label", text))
            else:
                out.append(("body", f"{speaker}: {text}" if speaker else text))
        return out or [("body", "Nothing yet.")]

    def build_items(self) -> list[MenuItem]:
        return [MenuItem("Back to the story", self.ctx.pop, key="back")]

    def enter(self) -> None:
        self._layout()
        self.page = len(self.pages) - 1  # start at the newest lines
        self.read_to_end = True
        self.ctx.speak("History. Use up and down to read back.")

    def handle_key(self, key: int, unicode: str = "") -> None:
        if key == pygame.K_UP:
            self.turn_page(-1)
        elif key == pygame.K_DOWN:
            self.turn_page(1)
        elif key in (pygame.K_ESCAPE, pygame.K_h, pygame.K_RETURN, pygame.K_KP_ENTER):
            self.ctx.pop()
        else:
            super().handle_key(key, unicode)
        self.ctx.mark_dirty()

    def auto_step(self, rng: Any) -> bool:
        self.ctx.pop()
        return True


PREVIEW = "Preview: the bus is late again, and the stop is crowded."


def _onoff(v: bool) -> str:
    return "on" if v else "off"


class SettingsScreen(PageScreen):
    name = "settings"
    heading = "Settings"
    menu_may_scroll = True  # eleven rows: at large text they scroll, the preview stays in view

    def essentials(self) -> list[str]:
        return [PREVIEW]

    def paragraphs(self) -> list[tuple[str, str]]:
        return [("body", PREVIEW),
                ("small", "Left and right change a value; Enter changes it too. Saved at once.")]

    def _set(self, **changes: Any) -> None:
        self.ctx.apply_settings(self.ctx.settings.replace(**changes))
        self.rebuild()
        self.ctx.speak(self.menu.spoken(self.menu.focus))

    def _cycle(self, field: str, values: list[Any], step: int, wrap: bool = False) -> None:
        """Left and Right stop at the ends; Enter (wrap) goes round, and says when it goes back to the start."""
        cur = getattr(self.ctx.settings, field)
        try:
            i = values.index(cur)
        except ValueError:
            i = min(range(len(values)), key=lambda k: abs(values[k] - cur)) if isinstance(cur, float) else 0
        j = i + step
        if not wrap and not 0 <= j < len(values):
            self.ctx.speak(("Already the largest. " if j >= len(values) else "Already the smallest. ")
                           + self.menu.spoken(self.menu.focus))
            return
        self._set(**{field: values[j % len(values)]})
        if j >= len(values):
            self.ctx.speak("Back to the smallest.")

    def build_items(self) -> list[MenuItem]:
        s = self.ctx.settings
        scales = list(st.TEXT_SCALES)
        speeds = list(st.TEXT_SPEEDS)
        vols = [round(v / 10, 1) for v in range(0, 11)]

        def cyc(field: str, values: list[Any]) -> dict[str, Any]:
            at_end = getattr(s, field) == values[-1]
            return dict(action=lambda: self._cycle(field, values, 1, wrap=True),
                        on_left=lambda: self._cycle(field, values, -1), on_right=lambda: self._cycle(field, values, 1),
                        detail=f"The largest. Enter goes back to {round(values[0] * 100)}%" if at_end and field == "text_scale"
                        else None)

        def tog(field: str) -> dict[str, Any]:
            flip = lambda: self._set(**{field: not getattr(self.ctx.settings, field)})  # noqa: E731
            return dict(action=flip, on_left=flip, on_right=flip)

        speaker = self.ctx.speaker
        items = [
            MenuItem(f"Text size: {round(s.text_scale * 100)}%", key="text_scale", **cyc("text_scale", scales)),
            MenuItem(f"Text speed: {s.text_speed}", key="text_speed", **cyc("text_speed", speeds)),
            MenuItem(f"High contrast: {_onoff(s.high_contrast)}", key="high_contrast", **tog("high_contrast")),
            MenuItem(f"Dyslexia-friendly font: {_onoff(s.dyslexic_font)}", key="dyslexic_font",
                     **tog("dyslexic_font")),
            MenuItem(f"Line spacing: {round(s.line_spacing * 100)}%", key="line_spacing",
                     **cyc("line_spacing", list(st.LINE_SPACINGS))),
            MenuItem(f"Reduce motion and intensity: {_onoff(s.reduce_motion)}", key="reduce_motion",
                     **tog("reduce_motion")),
            MenuItem(f"Captions for effects and sounds: {_onoff(s.captions)}", key="captions", **tog("captions")),
            MenuItem(f"Read aloud (text-to-speech): {_onoff(s.tts)}", key="tts",
                     detail=None if speaker.available else NO_VOICE_MESSAGE,
                     **(tog("tts") if speaker.available else {})),
            MenuItem(f"Copy each line to the clipboard (for your screen reader): {_onoff(s.clipboard_voicing)}",
                     key="clipboard_voicing", **tog("clipboard_voicing")),
            MenuItem(f"Voice volume: {round(s.voice_volume * 100)}%", key="voice_volume", **cyc("voice_volume", vols)),
            MenuItem(f"Music volume: {round(s.music_volume * 100)}%", key="music_volume", **cyc("music_volume", vols)),
            MenuItem(f"Effects volume: {round(s.effects_volume * 100)}%", key="effects_volume",
                     **cyc("effects_volume", vols)),
        ] + ([] if self.ctx.kiosk else [  # a kiosk stays full screen
            MenuItem(f"Full screen: {_onoff(s.fullscreen)}", key="fullscreen", **tog("fullscreen")),
        ]) + [
            MenuItem("Back", self.ctx.pop, key="back"),
        ]
        return items

    def back(self) -> None:
        self.ctx.pop()

    def auto_step(self, rng: Any) -> bool:
        self.ctx.pop()
        return True
