"""Screen base class and the text page screen (a heading, scrollable paragraphs and a menu) most screens use."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.i18n import _
from game.ui.widgets import PAD, Menu, MenuItem, draw_panel, line_height

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext

W, H = 1280, 720
MARGIN = 48


class Screen:
    """A screen receives keys and pointer input in canvas coordinates, updates, and draws when asked."""

    name = "screen"
    opaque = True  # False: the screen below is drawn first (pause menu over the story)

    def __init__(self, ctx: "ScreenContext") -> None:
        self.ctx = ctx

    def enter(self) -> None:
        """Called when the screen becomes the top one."""

    def relayout(self) -> None:
        """Settings changed (text size, font, theme): forget cached layout."""

    def handle_key(self, key: int, unicode: str = "") -> None:
        pass

    def handle_pointer(self, kind: str, pos: tuple[int, int]) -> None:
        """kind: 'move' | 'click'."""

    def handle_wheel(self, dy: int) -> None:
        pass

    def update(self, now: float, dt: float) -> bool:
        """Advance timers; True when the screen needs a redraw."""
        return False

    def animating(self) -> bool:
        return False

    def wake_at(self) -> float | None:
        """A monotonic time at which `update` has something to do (timers), else None."""
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        pass

    def auto_step(self, rng: Any) -> bool:
        """Autoplay: do what a player would do next. Default: press Enter."""
        self.handle_key(pygame.K_RETURN)
        return True

    def screenshot_tag(self) -> str | None:
        """A name for a screenshot of this state, or None while it is still changing (typewriter)."""
        return self.name

    def spoken_summary(self) -> str:
        return ""


class PageScreen(Screen):
    """Heading + paragraphs (scrollable when long, e.g. at 200% text) + a vertical menu at the bottom."""

    heading = ""
    heading_role = "heading"
    center = False  # centre the heading (title screen)
    buttons_in_a_row = False  # a few short buttons side by side (leaves the body more room at large text)

    def __init__(self, ctx: "ScreenContext") -> None:
        super().__init__(ctx)
        self.menu = Menu(self.build_items())
        self.scroll = 0  # first body line shown
        self._body_lines: list[tuple[str, str]] = []  # (role, text)
        self._layout_key: tuple | None = None
        self.body_rect = pygame.Rect(0, 0, 0, 0)
        self.text_rects: list[tuple[pygame.Rect, pygame.Rect]] = []
        self.visible_lines = 0
        self.overflow = False

    # subclasses fill these
    def build_items(self) -> list[MenuItem]:
        return []

    def paragraphs(self) -> list[tuple[str, str]]:
        """(font role, text) paragraphs of the body; role 'label' for small headings."""
        return []

    def enter(self) -> None:
        # read aloud what the screen says and where the focus is (when text-to-speech is on)
        self.ctx.speak(self.spoken_summary())

    def rebuild(self) -> None:
        focus = self.menu.focus
        self.menu = Menu(self.build_items(), horizontal=self.buttons_in_a_row)
        self.menu.focus = min(focus, len(self.menu.items) - 1) if self.menu.items else 0
        self._layout_key = None

    def relayout(self) -> None:
        self._layout_key = None

    def spoken_summary(self) -> str:
        body = " ".join(t for _, t in self.paragraphs())
        return f"{_(self.heading)}. {body} {self.menu.spoken(self.menu.focus) if self.menu.items else ''}"

    def _layout(self) -> None:
        ctx = self.ctx
        key = (id(ctx.fonts.get("body")), ctx.fonts.family, len(self.menu.items), _(self.heading),
               tuple(self.paragraphs()), tuple((i.label, i.detail, i.enabled) for i in self.menu.items))
        if key == self._layout_key:
            return
        width = W - 2 * MARGIN
        title = ctx.fonts.get(self.heading_role)
        top = MARGIN + line_height(title) + PAD
        menu_w = min(width, max(560, int(560 * ctx.settings.text_scale)))
        self.menu.horizontal = self.buttons_in_a_row
        if self.menu.side_by_side_height(ctx, width) is not None:
            menu_w = width
        menu_h = self.menu.natural_height(ctx, menu_w) + 10
        has_body = bool(self.paragraphs())
        # the menu comes first (a way out is never hidden); the body keeps at least a line and scrolls
        min_body = line_height(ctx.fonts.get("body")) + line_height(ctx.fonts.get("small")) if has_body else 0
        menu_h = min(menu_h, H - top - MARGIN // 2 - min_body - 2 * PAD)
        menu_top = H - MARGIN // 2 - menu_h
        lines: list[tuple[str, str]] = []
        for role, text in self.paragraphs():
            for ln in ctx.text.wrap(ctx.fonts.get(role), text, width - 2 * PAD):
                lines.append((role, ln))
            lines.append(("gap", ""))
        if lines:
            lines.pop()
        self._body_lines = lines
        # the body panel is as tall as its text (up to the menu); the menu follows it when there is room
        total = sum(self._line_h(r) for r, _ in lines)
        room = menu_top - PAD - top - PAD // 2
        self.overflow = total > room
        body_h = min(total, room) if lines else 0
        self.body_rect = pygame.Rect(MARGIN, top + PAD // 4, width, body_h)
        if lines:
            menu_top = min(menu_top, self.body_rect.bottom + 2 * PAD)
        else:
            menu_top = min(menu_top, top + PAD)
        self.menu.layout(ctx, pygame.Rect((W - menu_w) // 2, menu_top, menu_w, menu_h))
        self.scroll = min(self.scroll, max(0, len(lines) - 1))
        self._layout_key = key

    def _line_h(self, role: str) -> int:
        if role == "gap":
            return line_height(self.ctx.fonts.get("small")) // 2
        return line_height(self.ctx.fonts.get(role))

    def can_scroll(self, delta: int) -> bool:
        self._layout()
        if delta < 0:
            return self.scroll > 0
        return self._last_visible() < len(self._body_lines) - 1

    def _text_bottom(self) -> int:
        """Where body text must stop: above the scroll hint line when the body scrolls."""
        if getattr(self, "overflow", False):
            return self.body_rect.bottom - line_height(self.ctx.fonts.get("small"))
        return self.body_rect.bottom

    def _last_visible(self) -> int:
        y, last = self.body_rect.y, self.scroll - 1
        for i in range(self.scroll, len(self._body_lines)):
            h = self._line_h(self._body_lines[i][0])
            if y + h > self._text_bottom():
                break
            y += h
            last = i
        return last

    def scroll_body(self, delta: int) -> bool:
        if not self.can_scroll(delta):
            return False
        self.scroll = max(0, self.scroll + delta)
        self.ctx.mark_dirty()
        return True

    def handle_key(self, key: int, unicode: str = "") -> None:
        if key == pygame.K_PAGEDOWN:
            self.scroll_body(max(1, self.visible_lines - 1))
        elif key == pygame.K_PAGEUP:
            self.scroll_body(-max(1, self.visible_lines - 1))
        elif key == pygame.K_UP and self.menu.focus == 0 and self.scroll_body(-1):
            pass
        elif key == pygame.K_DOWN and self.menu.focus == len(self.menu.items) - 1 and self.scroll_body(1):
            pass
        elif key == pygame.K_ESCAPE:
            self.back()
        else:
            self.menu.handle_key(self.ctx, key)
        self.ctx.mark_dirty()

    def back(self) -> None:
        """Esc on this screen (default: nothing)."""

    def handle_pointer(self, kind: str, pos: tuple[int, int]) -> None:
        if self.menu.handle_pointer(self.ctx, kind, pos):
            self.ctx.mark_dirty()

    def handle_wheel(self, dy: int) -> None:
        self.scroll_body(-dy)

    def _heading_surface(self) -> pygame.Surface:
        """The heading on one line: a long one (a long title, or a language that needs more words) is set in the
        next smaller heading size that fits, and only squeezed as a last resort, never cut off."""
        ctx, room = self.ctx, W - 2 * MARGIN
        heading = _(self.heading)  # class headings are marked N_(): shown translated
        for role in dict.fromkeys((self.heading_role, "heading", "label")):
            s = ctx.text.render(ctx.fonts.get(role), heading, ctx.theme.text)
            if s.get_width() <= room:
                return s
        return pygame.transform.smoothscale(s, (room, max(1, s.get_height() * room // s.get_width())))

    def draw(self, canvas: pygame.Surface) -> None:
        ctx, th = self.ctx, self.ctx.theme
        self._layout()
        self.draw_background(canvas)
        self.text_rects = []
        s = self._heading_surface()
        at = canvas.blit(s, ((W - s.get_width()) // 2 if self.center else MARGIN, MARGIN // 2 + 8))
        self.text_rects.append((at, pygame.Rect(MARGIN, 0, W - 2 * MARGIN, H)))
        if self._body_lines:
            draw_panel(canvas, self.body_rect.inflate(PAD, PAD // 2), th.panel, th.panel_alpha)
        y = self.body_rect.y
        shown = 0
        for i in range(self.scroll, len(self._body_lines)):
            role, text = self._body_lines[i]
            h = self._line_h(role)
            if y + h > self._text_bottom():
                break
            if role != "gap" and text:
                font = ctx.fonts.get(role)
                color = th.accent if role == "label" else (th.muted if role == "small" else th.text)
                ts = ctx.text.render(font, text, color, bg=th.panel)
                canvas.blit(ts, (self.body_rect.x + PAD, y))
                self.text_rects.append((pygame.Rect(self.body_rect.x + PAD, y, ts.get_width(), font.get_height()),
                                        self.body_rect))
            y += h
            shown += 1
        self.visible_lines = shown
        small = ctx.fonts.get("small")
        if self.overflow:  # a hint line inside the panel, in words and arrows
            up, down = self.scroll > 0, self.scroll + shown < len(self._body_lines)
            # words, not arrow symbols: the dyslexia-friendly font has no arrow glyphs
            hint = (_("More above and below: Page Up, Page Down") if up and down else
                    _("More above: Page Up") if up else _("More below: Page Down or scroll") if down else "")
            if hint:
                s = ctx.text.render(small, hint, th.text, bg=th.panel)
                hx, hy = self.body_rect.right - s.get_width(), self.body_rect.bottom - s.get_height()
                canvas.blit(s, (hx, hy))
                self.text_rects.append((pygame.Rect(hx, hy, s.get_width(), s.get_height()), self.body_rect))
        self.menu.draw(ctx, canvas)
        self.text_rects.extend(self.menu.text_rects)

    def draw_background(self, canvas: pygame.Surface) -> None:
        canvas.blit(self.ctx.backdrops.plain(self.ctx.theme), (0, 0))

    def auto_step(self, rng: Any) -> bool:
        self.menu.activate(self.ctx, 0)
        return True
