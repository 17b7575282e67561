"""Screens over the story, reachable at any moment: pause, take a break, history (backlog), settings."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pygame

from game import i18n
from game.i18n import N_, _
from game.ui import settings as st
from game.ui.screens.base import H, MARGIN, W, PageScreen, Screen
from game.ui.tts import NO_VOICE_MESSAGE
from game.ui.widgets import MenuItem, line_height

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


class BreakScreen(Screen):
    """A calm screen: a slowly breathing circle (still when motion is reduced) and a way back."""

    name = "break"

    def __init__(self, ctx: "ScreenContext") -> None:
        super().__init__(ctx)
        self.t0 = ctx.now()
        self.t = 0.0

    def enter(self) -> None:
        self.ctx.speak(_("Take a break. Breathe in as the circle grows and out as it shrinks. "
                       "Press Enter when you are ready to come back."))

    def animating(self) -> bool:
        return not self.ctx.settings.reduce_motion

    def update(self, now: float, dt: float) -> bool:
        self.t = now - self.t0
        return self.animating()

    def handle_key(self, key: int, unicode: str = "") -> None:
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_ESCAPE):
            self.ctx.pop()

    def handle_pointer(self, kind: str, pos: tuple[int, int]) -> None:
        if kind == "click":
            self.ctx.pop()

    def draw(self, canvas: pygame.Surface) -> None:
        ctx, th = self.ctx, self.ctx.theme
        canvas.blit(ctx.backdrops.plain(th), (0, 0))
        title = ctx.fonts.get("heading")
        body = ctx.fonts.get("body")
        s = ctx.text.render(title, _("Take a break"), th.text)
        canvas.blit(s, ((W - s.get_width()) // 2, MARGIN // 2))
        top = MARGIN // 2 + line_height(title) + 10
        lines: list[str] = []
        for ln in (_("Breathe in as the circle grows, out as it shrinks."), _("The story waits for you."),
                   _("Press Enter or click when you are ready.")):
            lines += ctx.text.wrap(body, ln, W - 2 * MARGIN)
        y = H - MARGIN // 2 - len(lines) * line_height(body)
        # the circle lives in the space between the heading and the text, whatever the text size
        room = max(40, y - top - 20)
        cy = top + room // 2
        biggest = max(20, room // 2 - 6)
        # 8-second breath: 4 in, 4 out (0.125 Hz — far from any flashing)
        phase = 0.5 if ctx.settings.reduce_motion else 0.5 - 0.5 * math.cos(2 * math.pi * self.t / 8.0)
        r = int(biggest * (0.55 + 0.45 * phase))
        pygame.draw.circle(canvas, th.meter_fill, (W // 2, cy), r, 6)
        self.text_rects = []
        for ln in lines:
            ts = ctx.text.render(body, ln, th.text)
            canvas.blit(ts, ((W - ts.get_width()) // 2, y))
            self.text_rects.append((pygame.Rect((W - ts.get_width()) // 2, y, ts.get_width(), ts.get_height()),
                                    pygame.Rect(0, 0, W, H)))
            y += line_height(body)

    def screenshot_tag(self) -> str | None:
        return "break"

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
            MenuItem(_("Reduce motion and intensity: {onoff}").format(onoff=_onoff(s.reduce_motion)),
                     key="reduce_motion", **tog("reduce_motion")),
            MenuItem(_("Read aloud (text-to-speech): {onoff}").format(onoff=_onoff(s.tts)), key="tts",
                     detail=None if speaker.available else _(NO_VOICE_MESSAGE),
                     **(tog("tts") if speaker.available else {})),
            MenuItem(_("Voice volume: {percent}%").format(percent=round(s.voice_volume * 100)), key="voice_volume",
                     **cyc("voice_volume", vols)),
            MenuItem(_("Music volume: {percent}%").format(percent=round(s.music_volume * 100)), key="music_volume",
                     **cyc("music_volume", vols)),
            MenuItem(_("Effects volume: {percent}%").format(percent=round(s.effects_volume * 100)),
                     key="effects_volume", **cyc("effects_volume", vols)),
            MenuItem(_("Full screen: {onoff}").format(onoff=_onoff(s.fullscreen)), key="fullscreen",
                     **tog("fullscreen")),
        ]
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
