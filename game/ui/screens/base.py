"""Screen base class and the text page screen (a heading, scrollable paragraphs and a menu) most screens use."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.i18n import _
from game.ui.widgets import NO_FOCUS, PAD, Menu, MenuItem, draw_panel, line_height

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext

W, H = 1280, 720
MARGIN = 48
HEADING_Y = 20  # where the heading starts (its first line)


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
    """Heading + paragraphs + a menu at the bottom. Every button stays in view (a long list of answers becomes a
    grid); a body longer than the room left pages (Page Down, the wheel, a click on the text), and the buttons named
    in `gated_keys` wake only once the student has reached the last page."""

    heading = ""
    heading_role = "heading"
    center = False  # centre the heading (title screen)
    buttons_in_a_row = False  # a few short buttons side by side (leaves the body more room at large text)
    gated_keys: tuple[str, ...] = ()  # buttons that wait until the last page has been shown
    initial_focus: int = 0  # NO_FOCUS: nothing highlighted until the student moves (consent, answers)
    menu_may_scroll = False  # only a long list (settings) may scroll its menu; elsewhere every button is in view

    def __init__(self, ctx: "ScreenContext") -> None:
        super().__init__(ctx)
        self.page = 0
        self.pages: list[tuple[int, int]] = [(0, 0)]  # (first line, end line) of each page of the body
        self.read_to_end = False  # the last page has been shown (or there is only one)
        self.menu = Menu(self.build_items(), focus=self.initial_focus)
        self._body_lines: list[tuple[str, str]] = []  # (role, text)
        self._heading_lines: tuple[str, ...] = ()
        self._layout_key: tuple | None = None
        self.body_rect = pygame.Rect(0, 0, 0, 0)
        self.hint_rect = pygame.Rect(0, 0, 0, 0)
        self.text_rects: list[tuple[pygame.Rect, pygame.Rect]] = []
        self.drawn: list[str] = []  # the lines drawn in the last frame (tests read them)
        self.overflow = False
        self._corner_fits = False

    # subclasses fill these
    def build_items(self) -> list[MenuItem]:
        return []

    def paragraphs(self) -> list[tuple[str, str]]:
        """(font role, text) paragraphs of the body; role 'label' for small headings."""
        return []

    def corner_note(self) -> str | None:
        """A short line that must always be in view (the debrief's play code): drawn at the right of the heading when
        it fits there, else as the first line of the body."""
        return None

    def _paragraphs(self) -> list[tuple[str, str]]:
        note = self.corner_note()
        return ([("label", note)] if note and not self._corner_fits else []) + self.paragraphs()

    def essentials(self) -> list[str]:
        """Paragraph texts a student must see on the first page without paging (the layout tests check it); a
        screen lists them first in `paragraphs`."""
        return []

    def enter(self) -> None:
        self._layout()  # pages and sleeping buttons are known before anything is said
        # read aloud what the screen says and where the focus is (when text-to-speech is on)
        self.ctx.speak(self.spoken_summary())

    def rebuild(self) -> None:
        focus = self.menu.focus
        self.menu = Menu(self.build_items(), horizontal=self.buttons_in_a_row, focus=self.initial_focus)
        if focus == NO_FOCUS or not self.menu.items:
            self.menu.focus = NO_FOCUS if self.menu.items and focus == NO_FOCUS else 0
        else:
            self.menu.focus = min(focus, len(self.menu.items) - 1)
        self._layout_key = None

    def relayout(self) -> None:
        self._layout_key = None

    def spoken_summary(self) -> str:
        body = " ".join(t for _, t in self.paragraphs())
        return f"{_(self.heading)}. {body} {self.menu.spoken(self.menu.focus) if self.menu.items else ''}"

    # -- layout --------------------------------------------------------------------------------------------------
    def _gate(self) -> None:
        if not self.read_to_end:
            for i, item in enumerate(self.menu.items):
                if item.key in self.gated_keys:
                    item.enabled = False
                    if self.menu.focus == i:  # a sleeping button is not highlighted as if it were the way on
                        self.menu.focus = NO_FOCUS
                        self._focus_taken = True

    def _menu_shape(self, width: int, room: int, body_h: int, min_body: int) -> tuple[int, int, int]:
        """(columns, width, height) of the menu: a column when it leaves the body its room, else a grid."""
        ctx = self.ctx
        menu = self.menu
        menu.horizontal = self.buttons_in_a_row
        col_w = min(width, max(560, int(560 * ctx.settings.text_scale)))
        shapes: list[tuple[int, int, int]] = []
        side = menu.side_by_side_height(ctx, width)
        if side is not None:
            shapes.append((1, width, side))
        menu.columns = 1
        shapes.append((1, col_w, menu.natural_height(ctx, col_w)))
        compact = sum(menu.row_height(ctx, it, col_w, compact=True) + 10 for it in menu.items) - 10
        if len(menu.items) <= 2 and compact < shapes[-1][2]:
            shapes.append((1, col_w, compact))  # a button or two without their detail line
        if not self.buttons_in_a_row and len(menu.items) > 2:
            for cols in (2, 3):
                if len(menu.items) > cols:
                    shapes.append((cols, width, menu.grid_height(ctx, width, cols)))
        for need in (body_h, min_body):  # all the body beside the menu; else at least its essentials
            for shape in shapes:
                if shape[2] + need <= room:
                    return shape
        if self.menu_may_scroll:  # a column scrolls; a grid cannot
            return next(sh for sh in shapes if sh[0] == 1 and sh[1] == col_w)
        return min(shapes, key=lambda sh: sh[2])

    def _layout(self) -> None:
        ctx = self.ctx
        self._gate()
        key = (id(ctx.fonts.get("body")), ctx.fonts.family, ctx.fonts.spacing, len(self.menu.items), _(self.heading),
               self.corner_note(), tuple(self.paragraphs()),
               tuple((i.label, i.detail, i.enabled) for i in self.menu.items))
        if key == self._layout_key:
            return
        width = W - 2 * MARGIN
        title = ctx.fonts.get(self.heading_role)
        self._heading_lines = ctx.text.wrap(title, _(self.heading), width) if self.heading else ()  # N_() marked
        note = self.corner_note()
        self._corner_fits = bool(note and self._heading_lines and not self.center and
                                 title.size(self._heading_lines[0])[0] + 2 * PAD +
                                 ctx.fonts.get("label").size(note)[0] <= width)
        top = HEADING_Y + len(self._heading_lines) * line_height(title) + PAD
        bottom = H - PAD
        small = line_height(ctx.fonts.get("small"))
        lines: list[tuple[str, str]] = []
        for role, text in self._paragraphs():
            for ln in ctx.text.wrap(ctx.fonts.get(role), text, width - 2 * PAD):
                lines.append((role, ln))
            lines.append(("gap", ""))
        if lines:
            lines.pop()
        self._body_lines = lines
        total = sum(self._line_h(r) for r, _ in lines)
        essential_h = self._essential_height(width)
        gaps = 2 * PAD + PAD // 2 if lines else PAD  # between heading, body panel and menu
        # when the body pages, its first page also holds the page line
        first_page = small + max(essential_h, self._line_h(lines[0][0]) if lines else 0)
        cols, menu_w, menu_h = self._menu_shape(width, bottom - top - gaps, total, first_page)
        self.menu.columns = cols
        if not self.menu_may_scroll:
            menu_h = min(menu_h, bottom - top - PAD)
        else:
            menu_h = min(menu_h, bottom - top - gaps - (first_page if lines else 0))
        room = bottom - menu_h - gaps - top
        self.pages = self._paginate(lines, room, small)
        self.overflow = len(self.pages) > 1
        self.page = min(self.page, len(self.pages) - 1)
        page_h = max((sum(self._line_h(r) for r, _ in lines[a:b]) for a, b in self.pages), default=0)
        body_h = (page_h + (small if self.overflow else 0)) if lines else 0
        self.body_rect = pygame.Rect(MARGIN, top + PAD // 4, width, body_h)
        menu_top = self.body_rect.bottom + 2 * PAD - PAD // 2 if lines else top + PAD
        menu_top = min(menu_top, bottom - menu_h)
        self.menu.layout(ctx, pygame.Rect((W - menu_w) // 2, menu_top, menu_w, menu_h))
        self._layout_key = key
        if len(self.pages) == 1 and not self.read_to_end:
            self._reached_end()

    def _essential_height(self, width: int) -> int:
        """Height of the body from its start to the end of its last essential paragraph."""
        ctx = self.ctx
        wanted = set(self.essentials())
        paras = self._paragraphs()
        last = max((i for i, (_, t) in enumerate(paras) if t in wanted), default=-1)
        h = 0
        for role, text in paras[:last + 1]:
            h += len(ctx.text.wrap(ctx.fonts.get(role), text, width - 2 * PAD)) * self._line_h(role)
            h += self._line_h("gap")
        return max(0, h - self._line_h("gap"))

    def _paginate(self, lines: list[tuple[str, str]], room: int, hint_h: int) -> list[tuple[int, int]]:
        total = sum(self._line_h(r) for r, _ in lines)
        if total <= room or not lines:
            return [(0, len(lines))]
        room -= hint_h  # a page line ("Page 1 of 2") sits at the bottom of the panel
        pages: list[tuple[int, int]] = []
        start = 0
        while start < len(lines):
            while start < len(lines) and lines[start][0] == "gap":
                start += 1
            y, end = 0, start
            while end < len(lines) and (y + self._line_h(lines[end][0]) <= room or end == start):
                if end > start and lines[end - 1][0] == "gap":
                    # a paragraph that fits on a page of its own is not split (no lone last line on the next)
                    para = next((k for k in range(end, len(lines)) if lines[k][0] == "gap"), len(lines))
                    para_h = sum(self._line_h(r) for r, _ in lines[end:para])
                    if lines[end][0] == "label" and para + 1 < len(lines):
                        # a small heading ("Myth and fact:") stays with what it heads: all of the next paragraph
                        # when that is never split, else its first line
                        nxt = next((k for k in range(para + 1, len(lines)) if lines[k][0] == "gap"), len(lines))
                        nxt_h = sum(self._line_h(r) for r, _ in lines[para + 1:nxt])
                        para_h += self._line_h("gap") + (nxt_h if para_h + nxt_h <= room else
                                                         self._line_h(lines[para + 1][0]))
                    if y + para_h > room and para_h <= room:
                        break
                y += self._line_h(lines[end][0])
                end += 1
            if start < len(lines):
                pages.append((start, end))
            start = end
        return pages or [(0, len(lines))]

    def _line_h(self, role: str) -> int:
        if role == "gap":
            return line_height(self.ctx.fonts.get("small")) // 2
        return line_height(self.ctx.fonts.get(role))

    # -- pages ---------------------------------------------------------------------------------------------------
    def _reached_end(self) -> None:
        self.read_to_end = True
        if self.gated_keys:
            self.rebuild()
            if getattr(self, "_focus_taken", False):  # the gate only borrowed the focus
                self.menu.focus = self.initial_focus
                self._focus_taken = False

    def can_turn(self, delta: int) -> bool:
        self._layout()
        return 0 <= self.page + delta < len(self.pages)

    def turn_page(self, delta: int) -> bool:
        if not self.can_turn(delta):
            return False
        self.page += delta
        if self.page == len(self.pages) - 1 and not self.read_to_end:
            self._reached_end()
        self.ctx.speak(self.page_text())
        self.ctx.mark_dirty()
        return True

    def page_text(self) -> str:
        a, b = self.pages[self.page]
        return " ".join(t for r, t in self._body_lines[a:b] if r != "gap")

    def page_hint(self) -> str:
        # words, not arrow symbols: the dyslexia-friendly font has no arrow glyphs
        n = len(self.pages)
        if n <= 1:
            return ""
        if self.page < n - 1:
            return _("Page {page} of {pages}: Page Down or click here for more").format(page=self.page + 1, pages=n)
        return _("Page {page} of {pages}: Page Up to go back").format(page=n, pages=n)

    # kept for screens that speak of scrolling: a page is the unit now
    def scroll_body(self, delta: int) -> bool:
        return self.turn_page(1 if delta > 0 else -1)

    def handle_key(self, key: int, unicode: str = "") -> None:
        if key == pygame.K_PAGEDOWN:
            self.turn_page(1)
        elif key == pygame.K_PAGEUP:
            self.turn_page(-1)
        elif key == pygame.K_UP and self.menu.focus == 0 and self.turn_page(-1):
            pass
        elif key == pygame.K_DOWN and self.menu.focus == len(self.menu.items) - 1 and self.turn_page(1):
            pass
        elif key == pygame.K_ESCAPE:
            self.back()
        else:
            self.menu.handle_key(self.ctx, key)
        self.ctx.mark_dirty()

    def back(self) -> None:
        """Esc on this screen (default: nothing)."""

    def handle_pointer(self, kind: str, pos: tuple[int, int]) -> None:
        if kind == "click" and self.overflow and self.body_rect.collidepoint(pos):
            self.turn_page(1 if self.page < len(self.pages) - 1 else -(len(self.pages) - 1))
            return
        if self.menu.handle_pointer(self.ctx, kind, pos):
            self.ctx.mark_dirty()

    def handle_wheel(self, dy: int) -> None:
        self.turn_page(-1 if dy > 0 else 1)

    # -- drawing -------------------------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        ctx, th = self.ctx, self.ctx.theme
        self._layout()
        self.draw_background(canvas)
        title = ctx.fonts.get(self.heading_role)
        self.text_rects = []
        self.drawn = []
        y = HEADING_Y
        screen = pygame.Rect(0, 0, W, H)
        for ln in self._heading_lines:
            s = ctx.text.render(title, ln, th.text)
            x = (W - s.get_width()) // 2 if self.center else MARGIN
            canvas.blit(s, (x, y))
            self.text_rects.append((pygame.Rect(x, y, s.get_width(), s.get_height()), screen))
            self.drawn.append(ln)
            y += line_height(title)
        note = self.corner_note()
        if note and self._corner_fits:
            label = ctx.fonts.get("label")
            s = ctx.text.render(label, note, th.accent)
            x, y0 = W - MARGIN - s.get_width(), HEADING_Y + (line_height(title) - s.get_height()) // 2
            canvas.blit(s, (x, y0))
            self.text_rects.append((pygame.Rect(x, y0, s.get_width(), s.get_height()), screen))
            self.drawn.append(note)
        if self._body_lines:
            draw_panel(canvas, self.body_rect.inflate(PAD, PAD // 2), th.panel, th.panel_alpha)
        y = self.body_rect.y
        a, b = self.pages[self.page]
        for role, text in self._body_lines[a:b]:
            if role != "gap" and text:
                font = ctx.fonts.get(role)
                color = th.accent if role == "label" else (th.muted if role == "small" else th.text)
                ts = ctx.text.render(font, text, color, bg=th.panel)
                canvas.blit(ts, (self.body_rect.x + PAD, y))
                self.text_rects.append((pygame.Rect(self.body_rect.x + PAD, y, ts.get_width(), ts.get_height()),
                                        self.body_rect))
                self.drawn.append(text)
            y += self._line_h(role)
        hint = self.page_hint()
        self.hint_rect = pygame.Rect(0, 0, 0, 0)
        if hint:  # a line inside the panel, in words
            small = ctx.fonts.get("small")
            s = ctx.text.render(small, hint, th.text, bg=th.panel)
            hx, hy = self.body_rect.right - s.get_width(), self.body_rect.bottom - s.get_height()
            canvas.blit(s, (hx, hy))
            self.hint_rect = pygame.Rect(hx, hy, s.get_width(), s.get_height())
            self.text_rects.append((self.hint_rect, self.body_rect))
        self.menu.draw(ctx, canvas)
        self.text_rects.extend(self.menu.text_rects)
        self.drawn.extend(self.menu.drawn)

    def draw_background(self, canvas: pygame.Surface) -> None:
        canvas.blit(self.ctx.backdrops.plain(self.ctx.theme), (0, 0))

    def auto_step(self, rng: Any) -> bool:
        if not self.read_to_end:  # as a student must: read every page before the way on wakes
            self.turn_page(1)
            return True
        self.menu.activate(self.ctx, 0)
        return True
