"""Screens over the story, reachable at any moment: pause, history (backlog), settings (the break: calm.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game import i18n
from game.i18n import N_, _
from game.ui import settings as st
from game.ui.screens.base import PageScreen
from game.ui.screens.calm import BreakScreen
from game.ui.tts import NO_VOICE_MESSAGE
from game.ui.widgets import MenuItem

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext


class PauseScreen(PageScreen):
    name = "pause"
    heading = N_("Paused")
    center = True
    opaque = False

    def __init__(self, ctx: "ScreenContext", story_screen: Any) -> None:
        self.story_screen = story_screen
        super().__init__(ctx)

    def build_items(self) -> list[MenuItem]:
        return [
            MenuItem(_("Resume"), self.ctx.pop, key="resume"),
            MenuItem(_("Take a break"), lambda: self.ctx.push(BreakScreen(self.ctx)), detail=_("A calm screen"),
                     key="break"),
            MenuItem(_("History"), lambda: self.ctx.push(HistoryScreen(self.ctx, self.story_screen.history)),
                     detail=_("What was said so far"), key="history"),
            MenuItem(_("Settings"), self.ctx.nav.open_settings, key="settings"),
            MenuItem(_("Leave the story"), self.story_screen.leave,
                     detail=_("Always fine: go to the debrief and where to find help"), key="leave"),
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
        self.ctx.speak(_("Paused. ") + self.menu.spoken(self.menu.focus))

    def auto_step(self, rng: Any) -> bool:
        self.ctx.pop()
        return True


class HistoryScreen(PageScreen):
    """The backlog: everything said so far, newest at the bottom, scrollable (Up/Down, Page keys, wheel)."""

    name = "history"
    heading = N_("History")

    def __init__(self, ctx: "ScreenContext", history: list[tuple[str | None, str, str]]) -> None:
        self.history = list(history)
        super().__init__(ctx)

    def paragraphs(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for speaker, text, kind in self.history:
            if kind == "scene":
                out.append(("label", text))
            elif kind == "thought":
                out.append(("thought", _("(thinking) {text}").format(text=text)))
            elif kind == "choice":
                out.append(("label", text))
            else:
                out.append(("body", f"{speaker}: {text}" if speaker else text))
        return out or [("body", _("Nothing yet."))]

    def build_items(self) -> list[MenuItem]:
        return [MenuItem(_("Back to the story"), self.ctx.pop, key="back")]

    def enter(self) -> None:
        self._layout()
        self.page = len(self.pages) - 1  # start at the newest lines
        self.read_to_end = True
        self.ctx.speak(_("History. Use up and down to read back."))

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


_SPEEDS = {"slow": N_("slow"), "normal": N_("normal"), "fast": N_("fast"), "instant": N_("instant")}


def _languages() -> dict[str, tuple[str, bool]]:
    """The languages the game speaks: code -> (its own name, reviewed by a native reader?), English first."""
    out = {i18n.SOURCE_LANGUAGE: (i18n.SOURCE_LANGUAGE_NAME, True)}
    out.update({code: (c.language, c.reviewed) for code, c in sorted(i18n.engine_languages().items())})
    return out


PREVIEW = N_("Preview: the bus is late again, and the stop is crowded.")


def _onoff(v: bool) -> str:
    return _("on") if v else _("off")


class SettingsScreen(PageScreen):
    name = "settings"
    heading = N_("Settings")
    menu_may_scroll = True  # eleven rows: at large text they scroll, the preview stays in view

    def essentials(self) -> list[str]:
        return [_(PREVIEW)]

    def paragraphs(self) -> list[tuple[str, str]]:
        return [("body", _(PREVIEW)),
                ("small", _("Left and right change a value; Enter changes it too. Saved at once."))]

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
                        detail=_("The largest. Enter goes back to {percent}%").format(percent=round(values[0] * 100))
                        if at_end and field == "text_scale" else None)

        def tog(field: str) -> dict[str, Any]:
            flip = lambda: self._set(**{field: not getattr(self.ctx.settings, field)})  # noqa: E731
            return dict(action=flip, on_left=flip, on_right=flip)

        speaker = self.ctx.speaker
        items = [
            MenuItem(_("Text size: {percent}%").format(percent=round(s.text_scale * 100)), key="text_scale",
                     **cyc("text_scale", scales)),
            MenuItem(_("Text speed: {speed}").format(speed=_(_SPEEDS.get(s.text_speed, s.text_speed))),
                     key="text_speed", **cyc("text_speed", speeds)),
            MenuItem(_("High contrast: {onoff}").format(onoff=_onoff(s.high_contrast)), key="high_contrast",
                     **tog("high_contrast")),
            MenuItem(_("Dyslexia-friendly font: {onoff}").format(onoff=_onoff(s.dyslexic_font)), key="dyslexic_font",
                     **tog("dyslexic_font")),
            MenuItem(_("Line spacing: {percent}%").format(percent=round(s.line_spacing * 100)), key="line_spacing",
                     **cyc("line_spacing", list(st.LINE_SPACINGS))),
            MenuItem(_("Reduce motion and intensity: {onoff}").format(onoff=_onoff(s.reduce_motion)),
                     key="reduce_motion", **tog("reduce_motion")),
            MenuItem(_("Captions for effects and sounds: {onoff}").format(onoff=_onoff(s.captions)), key="captions",
                     **tog("captions")),
            MenuItem(_("Read aloud (text-to-speech): {onoff}").format(onoff=_onoff(s.tts)), key="tts",
                     detail=None if speaker.available else _(NO_VOICE_MESSAGE),
                     **(tog("tts") if speaker.available else {})),
            MenuItem(_("Copy each line to the clipboard (for your screen reader): {onoff}").format(
                onoff=_onoff(s.clipboard_voicing)), key="clipboard_voicing", **tog("clipboard_voicing")),
            MenuItem(_("Voice volume: {percent}%").format(percent=round(s.voice_volume * 100)), key="voice_volume",
                     **cyc("voice_volume", vols)),
            MenuItem(_("Music volume: {percent}%").format(percent=round(s.music_volume * 100)), key="music_volume",
                     **cyc("music_volume", vols)),
            MenuItem(_("Effects volume: {percent}%").format(percent=round(s.effects_volume * 100)),
                     key="effects_volume", **cyc("effects_volume", vols)),
        ] + ([] if self.ctx.kiosk else [  # a kiosk stays full screen
            MenuItem(_("Full screen: {onoff}").format(onoff=_onoff(s.fullscreen)), key="fullscreen",
                     **tog("fullscreen")),
        ])
        languages = _languages()
        if len(languages) > 1:  # only when the game has a translation to offer
            name, reviewed = languages.get(s.language, languages[i18n.SOURCE_LANGUAGE])
            change = cyc("language", list(languages))
            change["detail"] = None if reviewed else _("Translation not yet reviewed by a native reader")
            items.insert(0, MenuItem(_("Language: {language}").format(language=name), key="language", **change))
        items.append(MenuItem(_("Back"), self.ctx.pop, key="back"))
        return items

    def back(self) -> None:
        self.ctx.pop()

    def auto_step(self, rng: Any) -> bool:
        self.ctx.pop()
        return True
