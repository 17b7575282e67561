"""Widgets drawn on the logical canvas: panels, menus, the typewriter text box, the choice list and stat meters.

Widgets get the screen context (fonts, text cache, theme, speech) when they lay out or draw; they keep the rectangles
they drew text into (`text_rects`) so tests can check that no line leaves its box.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pygame

from game.i18n import _
from game.ui.fonts import ink_band, line_pitch

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext

PAD = 16
_panel_cache: dict[tuple[int, int, tuple[int, int, int], int], pygame.Surface] = {}


def draw_panel(canvas: pygame.Surface, rect: pygame.Rect, color: tuple[int, int, int], alpha: int = 255,
               border: tuple[int, int, int] | None = None, width: int = 2) -> None:
    if alpha >= 255:
        canvas.fill(color, rect)
    else:
        key = (rect.w, rect.h, tuple(color), alpha)
        surf = _panel_cache.get(key)
        if surf is None:
            if len(_panel_cache) > 64:
                _panel_cache.clear()
            surf = pygame.Surface(rect.size)
            surf.fill(color)
            surf.set_alpha(alpha)
            _panel_cache[key] = surf
        canvas.blit(surf, rect.topleft)
    if border is not None:
        pygame.draw.rect(canvas, border, rect, width)


def line_height(font: pygame.font.Font) -> int:
    """The distance from one line of `font` to the next (its ink rows times the line-spacing setting)."""
    return line_pitch(font)


def text_height(font: pygame.font.Font) -> int:
    """The height of one rendered line of `font` (what TextCache.render returns)."""
    return ink_band(font)[1]


# ---------------------------------------------------------------------------------------------------------------
@dataclass
class MenuItem:
    label: str
    action: Callable[[], Any] | None = None
    enabled: bool = True
    detail: str | None = None  # a second, smaller line (summaries, current values, why disabled)
    key: str = ""  # a stable name (tests and hooks find items by it)
    on_left: Callable[[], Any] | None = None  # settings rows: change the value with left/right
    on_right: Callable[[], Any] | None = None


NO_FOCUS = -1  # a menu's focus when nothing is highlighted


@dataclass
class Menu:
    items: list[MenuItem]
    focus: int = 0
    role: str = "button"
    rows: list[pygame.Rect] = field(default_factory=list)
    text_rects: list[tuple[pygame.Rect, pygame.Rect]] = field(default_factory=list)  # (line rect, row rect)
    drawn: list[str] = field(default_factory=list)  # the lines drawn in the last frame (tests read them)
    scroll: int = 0
    area: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    _heights: list[int] = field(default_factory=list)
    _compact: set[int] = field(default_factory=set)  # rows drawn without their detail line (too tall otherwise)
    _hint_h: int = 0  # the line under the rows saying more are above or below (when the menu scrolls)
    horizontal: bool = False  # buttons side by side when each label fits on one line (saves height at 200%)
    columns: int = 1  # more than 1: a grid, filled row by row (answers at large text, so none leaves the screen)

    def __post_init__(self) -> None:
        # NO_FOCUS: nothing highlighted until the student moves (a default is a suggestion: consent, answers)
        self.focus = NO_FOCUS if self.focus == NO_FOCUS else self._first_enabled(self.focus)

    def _first_enabled(self, start: int) -> int:
        for i in range(len(self.items)):
            j = (start + i) % max(1, len(self.items))
            if self.items[j].enabled:
                return j
        return 0

    def find(self, key: str) -> int:
        for i, item in enumerate(self.items):
            if item.key == key:
                return i
        raise KeyError(key)

    def _lines(self, ctx: "ScreenContext", item: MenuItem, width: int, compact: bool = False) -> tuple[list[str], list[str]]:
        indent = max(30, text_height(ctx.fonts.get(self.role)) * 2 // 3)
        main = list(ctx.text.wrap(ctx.fonts.get(self.role), item.label, width - 2 * PAD - indent))
        detail = list(ctx.text.wrap(ctx.fonts.get("small"), item.detail, width - 2 * PAD - indent)) \
            if item.detail and not compact else []
        return main, detail

    def row_height(self, ctx: "ScreenContext", item: MenuItem, width: int, compact: bool = False) -> int:
        main, detail = self._lines(ctx, item, width, compact)
        return (len(main) * line_height(ctx.fonts.get(self.role)) + len(detail) * line_height(ctx.fonts.get("small"))
                + PAD)

    def side_by_side_height(self, ctx: "ScreenContext", width: int, gap: int = 10) -> int | None:
        """Height of the menu as one row of buttons across `width` (labels may wrap), or None when that is not
        lower than the usual column."""
        n = len(self.items)
        if not self.horizontal or n < 2:
            return None
        each = (width - gap * (n - 1)) // n
        side = max(self.row_height(ctx, it, each, compact=True) for it in self.items)
        column = sum(self.row_height(ctx, it, width) + gap for it in self.items) - gap
        return side if side < column else None

    def grid_height(self, ctx: "ScreenContext", width: int, columns: int, gap: int = 10) -> int:
        """Height of the menu as a grid of `columns` (rows without their detail line)."""
        each = (width - gap * (columns - 1)) // columns
        heights = [self.row_height(ctx, it, each, compact=True) for it in self.items]
        rows = [max(heights[i:i + columns]) for i in range(0, len(heights), columns)]
        return sum(rows) + gap * (len(rows) - 1) if rows else 0

    def natural_height(self, ctx: "ScreenContext", width: int, gap: int = 10) -> int:
        if self.columns > 1:
            return self.grid_height(ctx, width, self.columns, gap)
        side = self.side_by_side_height(ctx, width, gap)
        if side is not None:
            return side
        return sum(self.row_height(ctx, it, width) + gap for it in self.items) - gap if self.items else 0

    def layout(self, ctx: "ScreenContext", area: pygame.Rect, gap: int = 10) -> int:
        """Place rows in `area` (scrolling to keep the focus visible); returns the height used."""
        self.area = pygame.Rect(area)
        if self.columns > 1 and len(self.items) > 1:
            return self._layout_grid(ctx, area, gap)
        side = self.side_by_side_height(ctx, area.w, gap)
        if side is not None and side <= area.h:
            n = len(self.items)
            each = (area.w - gap * (n - 1)) // n
            self._compact = {i for i, it in enumerate(self.items) if it.detail}
            self._heights = []  # nothing scrolls
            self.scroll = 0
            self.rows = [pygame.Rect(area.x + i * (each + gap), area.y, each, side) for i in range(n)]
            return side
        self._heights = [self.row_height(ctx, it, area.w) for it in self.items]
        self._compact = set()
        if sum(h + gap for h in self._heights) - gap > area.h:  # all rows without details before scrolling
            self._compact = {i for i, it in enumerate(self.items) if it.detail and it.enabled}
            self._heights = [self.row_height(ctx, it, area.w, compact=i in self._compact)
                             for i, it in enumerate(self.items)]
        self._hint_h = 0
        if sum(h + gap for h in self._heights) - gap > area.h:  # it scrolls: a line saying so, inside the area
            self._hint_h = line_height(ctx.fonts.get("small"))
            self.area = pygame.Rect(area.x, area.y, area.w, max(0, area.h - self._hint_h))
        for i, it in enumerate(self.items):
            if self._heights[i] > area.h:  # a row taller than the whole menu: drop its detail line (still spoken)
                self._compact.add(i)
                self._heights[i] = self.row_height(ctx, it, area.w, compact=True)
        self._place(gap)
        return sum(r.h + gap for r in self.rows) - gap if self.rows else 0

    def _layout_grid(self, ctx: "ScreenContext", area: pygame.Rect, gap: int) -> int:
        cols = self.columns
        each = (area.w - gap * (cols - 1)) // cols
        self._compact = {i for i, it in enumerate(self.items) if it.detail}
        self._heights = []  # nothing scrolls
        self.scroll = 0
        heights = [self.row_height(ctx, it, each, compact=True) for it in self.items]
        self.rows = []
        y = area.y
        for start in range(0, len(self.items), cols):
            h = max(heights[start:start + cols])
            for k in range(start, min(start + cols, len(self.items))):
                self.rows.append(pygame.Rect(area.x + (k - start) * (each + gap), y, each, h))
            y += h + gap
        return y - gap - area.y

    def _place(self, gap: int = 10) -> None:
        area = self.area
        focus = max(0, self.focus)
        self.scroll = min(self.scroll, focus)
        while True:
            y = area.y
            rows = []
            for i in range(self.scroll, len(self.items)):
                h = self._heights[i]
                if y + h > area.bottom and rows:
                    break
                rows.append(pygame.Rect(area.x, y, area.w, h))
                y += h + gap
            last = self.scroll + len(rows) - 1
            if focus > last and self.scroll < focus:
                self.scroll += 1
                continue
            break
        # rows[k] belongs to item scroll+k; items outside are not drawn
        self.rows = [pygame.Rect(0, 0, 0, 0)] * self.scroll + rows + \
            [pygame.Rect(0, 0, 0, 0)] * (len(self.items) - self.scroll - len(rows))

    def visible(self, i: int) -> bool:
        return i < len(self.rows) and self.rows[i].h > 0

    def draw(self, ctx: "ScreenContext", canvas: pygame.Surface) -> None:
        th = ctx.theme
        self.text_rects = []
        self.drawn = []
        font = ctx.fonts.get(self.role)
        small = ctx.fonts.get("small")
        for i, item in enumerate(self.items):
            if not self.visible(i):
                continue
            r = self.rows[i]
            focused = i == self.focus
            bg = th.focus_bg if focused else th.panel
            fg = th.focus_text if focused else (th.text if item.enabled else th.muted)
            draw_panel(canvas, r, bg, 255 if focused else th.panel_alpha,
                       border=th.text if focused else th.muted, width=4 if focused else 1)
            main, detail = self._lines(ctx, item, r.w, compact=i in self._compact)
            x = r.x + PAD + max(30, text_height(font) * 2 // 3)
            y = r.y + PAD // 2
            if focused:  # a shape, not only a colour, marks the focus
                cy = r.y + PAD // 2 + line_height(font) // 2
                k = max(9, text_height(font) // 3)
                pygame.draw.polygon(canvas, fg, [(r.x + PAD - 4, cy - k), (r.x + PAD - 4, cy + k),
                                                 (r.x + PAD - 4 + k * 3 // 2, cy)])
            for ln in main:
                s = ctx.text.render(font, ln, fg, strike=not item.enabled and self.role == "choice", bg=bg)
                canvas.blit(s, (x, y))
                self.text_rects.append((pygame.Rect(x, y, s.get_width(), s.get_height()), r))
                self.drawn.append(ln)
                y += line_height(font)
            for ln in detail:
                s = ctx.text.render(small, ln, fg if focused else th.muted, bg=bg)
                canvas.blit(s, (x, y))
                self.text_rects.append((pygame.Rect(x, y, s.get_width(), s.get_height()), r))
                self.drawn.append(ln)
                y += line_height(small)
        # say that more rows are hidden above/below, in words, on a line of its own below the rows
        up, down = self.scroll > 0, bool(self.rows) and not self.visible(len(self.items) - 1)
        if up or down:
            hint = fitting(small, self.area.w, (_("More above and below: arrow keys") if up and down else
                                                 _("More above: arrow keys") if up else _("More below: arrow keys"),
                                                 _("More: arrow keys")))
            s = ctx.text.render(small, hint, th.text)
            pos = (self.area.right - s.get_width(), self.area.bottom + max(0, self._hint_h - s.get_height()))
            canvas.blit(s, pos)
            self.text_rects.append((pygame.Rect(pos, s.get_size()),
                                    pygame.Rect(self.area.x, self.area.bottom, self.area.w, self._hint_h)))
            self.drawn.append(hint)

    def move(self, ctx: "ScreenContext", delta: int) -> None:
        n = len(self.items)
        if not n:
            return
        i = self.focus if self.focus != NO_FOCUS else (-1 if delta > 0 else 0)
        for _step in range(n):
            i = (i + delta) % n
            if self.items[i].enabled or self.items[i].action is None or self.items[i].detail:
                break
        self.focus = i
        if self._heights:
            self._place()
        ctx.speak(self.spoken(i))

    def focused_item(self) -> MenuItem | None:
        return self.items[self.focus] if 0 <= self.focus < len(self.items) else None

    def spoken(self, i: int) -> str:
        if not 0 <= i < len(self.items):
            return ""
        it = self.items[i]
        extra = f". {it.detail}" if it.detail else ""
        return f"{it.label}{extra}" + ("" if it.enabled else _(". Not available."))

    def activate(self, ctx: "ScreenContext", i: int | None = None) -> bool:
        i = self.focus if i is None else i
        if not (0 <= i < len(self.items)):
            if self.items:  # Enter with nothing chosen yet: say how to choose, take nothing
                ctx.speak("Nothing is chosen yet: use the arrow keys or a number key.")
            return False
        item = self.items[i]
        self.focus = i
        if not item.enabled or item.action is None:
            ctx.speak(self.spoken(i))
            return False
        item.action()
        return True

    def handle_key(self, ctx: "ScreenContext", key: int) -> bool:
        if key in (pygame.K_UP, pygame.K_w) or (key == pygame.K_TAB and pygame.key.get_mods() & pygame.KMOD_SHIFT):
            self.move(ctx, -1)
        elif key in (pygame.K_DOWN, pygame.K_s, pygame.K_TAB):
            self.move(ctx, 1)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.activate(ctx)
        elif key in (pygame.K_LEFT, pygame.K_a) and self.focused_item() and self.focused_item().on_left:
            self.focused_item().on_left()  # type: ignore[union-attr,misc]
        elif key in (pygame.K_RIGHT, pygame.K_d) and self.focused_item() and self.focused_item().on_right:
            self.focused_item().on_right()  # type: ignore[union-attr,misc]
        elif key == pygame.K_LEFT and (self.horizontal or self.columns > 1):
            self.move(ctx, -1)
        elif key == pygame.K_RIGHT and (self.horizontal or self.columns > 1):
            self.move(ctx, 1)
        elif pygame.K_1 <= key <= pygame.K_9 and key - pygame.K_1 < len(self.items):
            self.focus = key - pygame.K_1
            self.activate(ctx)
        else:
            return False
        return True

    def hit(self, pos: tuple[int, int]) -> int | None:
        for i, r in enumerate(self.rows):
            if r.h and r.collidepoint(pos):
                return i
        return None

    def handle_pointer(self, ctx: "ScreenContext", kind: str, pos: tuple[int, int]) -> bool:
        i = self.hit(pos)
        if i is None:
            return False
        if kind == "move":
            if i != self.focus:
                self.focus = i
                return True
            return False
        if kind == "click":
            self.activate(ctx, i)
            return True
        return False

    def wheel(self, dy: int) -> None:
        if dy < 0 and self.focus < len(self.items) - 1:
            self.focus += 1
        elif dy > 0 and self.focus > 0:
            self.focus -= 1
        if self._heights:
            self._place()


# ---------------------------------------------------------------------------------------------------------------
class TextBox:
    """Narration, dialogue or a thought, revealed letter by letter; pages when a line is longer than the box."""

    def __init__(self) -> None:
        self.speaker: str | None = None
        self.text = ""
        self.kind = "line"
        self.pages: list[list[str]] = [[]]
        self.page = 0
        self.shown = 0.0  # characters revealed on the current page
        self._layout_key: tuple | None = None
        self.height = 0
        self.text_rects: list[pygame.Rect] = []
        self.box = pygame.Rect(0, 0, 0, 0)
        self.styles: str | None = None  # per character of text: " " plain, "i", "b" (emphasis), or None
        self.starts: list[list[int]] = [[]]  # per page, where each wrapped line starts in text
        self.name_colour: tuple[int, int, int] | None = None  # the speaker's colour (always with a marker)
        self.name_mark = False  # a diamond before the name: the cue that is not colour

    def set(self, speaker: str | None, text: str, kind: str = "line",
            runs: Sequence[tuple[str, str]] | None = None) -> None:
        self.speaker, self.text, self.kind = speaker, text, kind
        self.page, self.shown = 0, 0.0
        self._layout_key = None
        self.styles = None
        self.name_colour, self.name_mark = None, False
        if runs and "".join(t for t, _ in runs) == text:
            self.styles = "".join(("b" if "b" in st else "i" if "i" in st else " ") * len(t) for t, st in runs)

    def font_role(self) -> str:
        return "thought" if self.kind == "thought" else "body"

    def layout(self, ctx: "ScreenContext", width: int, max_height: int, label: str | None = None) -> int:
        """Wrap and paginate for a box `width` wide and at most `max_height` tall; returns the box height."""
        font = ctx.fonts.get(self.font_role())
        head = ctx.fonts.get("speaker")
        label = label if label is not None else self.speaker
        key = (id(font), width, max_height, self.text, label)
        if key == self._layout_key:
            return self.height
        # bold is the widest face: with emphasis, wrap as if all were bold, so a styled line never runs over
        measure = ctx.fonts.font(ctx.fonts.family, "bold", ctx.fonts.size_for(self.font_role())) \
            if self.styles and "b" in self.styles else font
        lines = list(ctx.text.wrap(measure, self.text, width - 2 * PAD))
        # the speaker's name or "Inner voice (...)" wraps too: a panel beside a face can be narrow at 200%
        header = len(self._label_lines(ctx, label, width)) * line_height(head) if label else 0
        hint = line_height(ctx.fonts.get("small"))
        room = max_height - 2 * PAD - header - hint
        per_page = max(1, room // line_height(font))
        self.pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
        starts, pos = [], 0
        for ln in lines:  # where each wrapped line sits in the text, to find its emphasis
            pos = max(self.text.find(ln, pos), pos)
            starts.append(pos)
            pos += len(ln)
        self.starts = [starts[i:i + per_page] for i in range(0, len(starts), per_page)] or [[]]
        self.page = min(self.page, len(self.pages) - 1)
        most = max(len(p) for p in self.pages)
        self.height = 2 * PAD + header + most * line_height(font) + hint
        self._layout_key = key
        return self.height

    def _label_lines(self, ctx: "ScreenContext", label: str, width: int) -> list[str]:
        head = ctx.fonts.get("speaker")
        mark = text_height(head) * 3 // 4 if self.name_mark else 0  # the diamond before the name
        return list(ctx.text.wrap(head, label, width - 2 * PAD - mark)) or [label]

    def page_chars(self) -> int:
        return sum(len(ln) for ln in self.pages[self.page])

    @property
    def complete(self) -> bool:
        return self.shown >= self.page_chars()

    @property
    def last_page(self) -> bool:
        return self.page >= len(self.pages) - 1

    def update(self, dt: float, cps: float) -> bool:
        if self.complete:
            return False
        before = int(self.shown)
        self.shown = float(self.page_chars()) if cps <= 0 else min(self.page_chars(), self.shown + cps * dt)
        return int(self.shown) != before

    def finish(self) -> None:
        self.shown = float(self.page_chars())

    def next_page(self) -> bool:
        if self.last_page:
            return False
        self.page += 1
        self.shown = 0.0
        return True

    def _draw_styled(self, ctx: "ScreenContext", canvas: pygame.Surface, ln: str, start: int, count: int,
                     at: tuple[int, int], fg: Any, bg: Any) -> int:
        """One wrapped line in pieces of the same emphasis, each in its real face (italic or bold). Inside the
        inner voice, which is already italic, emphasis stands upright instead. Returns the width drawn."""
        role = self.font_role()
        size = ctx.fonts.size_for(role)
        base = "italic" if role == "thought" else "regular"
        faces = {" ": base, "i": "regular" if base == "italic" else "italic", "b": "bold"}
        styles = self.styles or ""
        x, y = at
        i, n = 0, len(ln)
        while i < n and i < count:
            st = styles[start + i] if start + i < len(styles) else " "
            j = i
            while j < n and (styles[start + j] if start + j < len(styles) else " ") == st:
                j += 1
            font = ctx.fonts.font(ctx.fonts.family, faces.get(st, base), size)
            s = ctx.text.render(font, ln[i:j], fg, bg=bg)  # whole pieces only: the typewriter crops, never renders
            if count >= j:
                canvas.blit(s, (x, y))
            else:
                canvas.blit(s, (x, y), pygame.Rect(0, 0, font.size(ln[i:count])[0], s.get_height()))
            x += s.get_width()
            i = j
        return x - at[0]

    def draw(self, ctx: "ScreenContext", canvas: pygame.Surface, box: pygame.Rect, offset: tuple[int, int] = (0, 0),
             label: str | None = None, hint: bool = True) -> None:
        th = ctx.theme
        thought = self.kind == "thought"
        font = ctx.fonts.get(self.font_role())
        head = ctx.fonts.get("speaker")
        small = ctx.fonts.get("small")
        box = box.move(offset)
        self.box = box
        fg = th.thought_text if thought else th.text
        bg = th.thought_panel if thought else th.panel
        draw_panel(canvas, box, bg, 255 if thought else th.panel_alpha,
                   border=th.thought_text if thought else th.muted, width=3 if thought else 1)
        if thought:  # a dashed inner frame: the inner voice looks different in shape, not only colour
            inner = box.inflate(-10, -10)
            for x in range(inner.x, inner.right, 24):
                pygame.draw.line(canvas, th.thought_text, (x, inner.y), (min(x + 12, inner.right), inner.y), 2)
                pygame.draw.line(canvas, th.thought_text, (x, inner.bottom), (min(x + 12, inner.right), inner.bottom), 2)
        self.text_rects = []
        x, y = box.x + PAD, box.y + PAD
        label = label if label is not None else self.speaker
        if label:
            colour = th.thought_text if thought else (self.name_colour or th.accent)
            mx = x
            if self.name_mark:  # a diamond before the name, in the same colour: seen without telling colours
                r = text_height(head) // 4
                cy = y + text_height(head) // 2
                pygame.draw.polygon(canvas, colour, [(x + r, cy - r), (x + 2 * r, cy), (x + r, cy + r), (x, cy)])
                mx = x + 3 * r
            for part in self._label_lines(ctx, label, box.w):
                s = ctx.text.render(head, part, colour, bg=bg)
                canvas.blit(s, (mx, y))
                self.text_rects.append(pygame.Rect(x, y, mx - x + s.get_width(), s.get_height()))
                y += line_height(head)
        left = int(self.shown)
        for n, ln in enumerate(self.pages[self.page]):
            if left <= 0:
                break
            if self.styles is not None:
                start = self.starts[self.page][n] if n < len(self.starts[self.page]) else 0
                w = self._draw_styled(ctx, canvas, ln, start, min(left, len(ln)), (x, y), fg, bg)
                self.text_rects.append(pygame.Rect(x, y, w, text_height(font)))
                left -= len(ln)
                y += line_height(font)
                continue
            s = ctx.text.render(font, ln, fg, bg=bg)
            if left >= len(ln):
                canvas.blit(s, (x, y))
            else:  # typewriter: blit part of the already-rendered line (no text rendering per frame)
                w = font.size(ln[:left])[0]
                canvas.blit(s, (x, y), pygame.Rect(0, 0, w, s.get_height()))
            self.text_rects.append(pygame.Rect(x, y, s.get_width(), s.get_height()))
            left -= len(ln)
            y += line_height(font)
        if self.complete and hint:
            hint_text = fitting(small, box.w - 2 * PAD,
                                (_("More: Enter or click"), _("More: Enter")) if not self.last_page else
                                (_("Enter, Space or click to continue"), _("Enter: continue")))
            s = ctx.text.render(small, hint_text, th.muted if not thought else th.thought_text, bg=bg)
            hx, hy = box.right - PAD - s.get_width(), box.bottom - PAD // 2 - s.get_height()
            canvas.blit(s, (hx, hy))
            self.text_rects.append(pygame.Rect(hx, hy, s.get_width(), s.get_height()))


def fitting(font: pygame.font.Font, width: int, candidates: Sequence[str]) -> str:
    """The first of these wordings (longest first) that fits `width` in `font`; else the shortest. At 200% text a panel
    beside a character's face is narrow, and the line under it must stay inside it."""
    for text in candidates:
        if font.size(text)[0] <= width:
            return text
    return candidates[-1]


# ---------------------------------------------------------------------------------------------------------------
class ChoiceList:
    """The options of a menu: numbered, focusable, locked ones crossed out with their reason."""

    def __init__(self, options: Sequence[Any] = ()) -> None:
        self.set(options)

    def set(self, options: Sequence[Any]) -> None:
        self.options = list(options)
        # nothing highlighted when a menu appears: the Enter that read the last line on cannot take a choice
        self.focus = NO_FOCUS
        self.menu = Menu([], role="choice")
        self.message: str | None = None  # e.g. the reason of a locked option the player tried
        self._layout_key: tuple | None = None
        self._need_key: tuple | None = None
        self._used = self._need = 0

    def _items(self) -> list[MenuItem]:
        items = []
        for i, o in enumerate(self.options):
            label = f"{i + 1}. {o.text}"
            detail = None if o.available else _("Out of reach: {reason}").format(
                reason=o.locked_reason or _("not possible right now"))
            items.append(MenuItem(label, action=(lambda: None), enabled=o.available, detail=detail, key=o.choice_id))
        return items

    def layout(self, ctx: "ScreenContext", area: pygame.Rect) -> int:
        # laid out again only when something it depends on changed (not on every animated frame)
        key = (id(self.options), tuple(area), self.focus, id(ctx.fonts.get("choice")), id(ctx.fonts.get("small")))
        if key == self._layout_key:
            return self._used
        if not self.menu.items or len(self.menu.items) != len(self.options):
            self.menu.items = self._items()
        self.menu.focus = self.focus
        self.menu.role = "choice"
        self._used = self.menu.layout(ctx, area, gap=8)
        self._layout_key = key
        return self._used

    def needed_height(self, ctx: "ScreenContext", width: int) -> int:
        key = (id(self.options), width, id(ctx.fonts.get("choice")), id(ctx.fonts.get("small")))
        if key != self._need_key:
            items = self.menu.items if len(self.menu.items) == len(self.options) else self._items()
            self._need = sum(self.menu.row_height(ctx, it, width) + 8 for it in items)
            self._need_key = key
        return self._need

    def draw(self, ctx: "ScreenContext", canvas: pygame.Surface) -> None:
        self.menu.focus = self.focus
        self.menu.draw(ctx, canvas)

    @property
    def text_rects(self) -> list[tuple[pygame.Rect, pygame.Rect]]:
        return self.menu.text_rects

    def spoken(self) -> str:
        parts = []
        for i, o in enumerate(self.options):
            if o.available:
                parts.append(_("Choice {n}: {text}.").format(n=i + 1, text=o.text))
            else:
                parts.append(_("Choice {n}, out of reach: {text}. Because: {reason}.").format(
                    n=i + 1, text=o.text, reason=o.locked_reason or _("not possible")))
        return " ".join(parts)


# ---------------------------------------------------------------------------------------------------------------
@dataclass
class StatView:
    stat: str
    label: str
    value: float
    lo: float
    hi: float
    show: str  # meter | pips | number


class StatPanel:
    """Stats with a text label and value always, plus a meter or pips: never colour alone."""

    def __init__(self) -> None:
        self.stats: dict[str, StatView] = {}
        self.text_rects: list[tuple[pygame.Rect, pygame.Rect]] = []
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._surf: pygame.Surface | None = None
        self._key: tuple | None = None
        self._rel_rects: list[pygame.Rect] = []

    def set_value(self, stat: str, value: float) -> None:
        if stat in self.stats:
            self.stats[stat].value = value

    @staticmethod
    def value_text(sv: StatView) -> str:
        """'7 of 10': what the panel shows after the label (and what is said aloud when it changes)."""
        v = int(sv.value) if float(sv.value).is_integer() else round(sv.value, 1)
        hi = int(sv.hi) if float(sv.hi).is_integer() else sv.hi
        return _("{value} of {max}").format(value=v, max=hi)

    def _text(self, sv: StatView) -> str:
        return f"{sv.label}: {self.value_text(sv)}"

    def size(self, ctx: "ScreenContext") -> tuple[int, int]:
        if not self.stats:
            return (0, 0)
        f = ctx.fonts.get("label")
        w = max(f.size(self._text(s))[0] for s in self.stats.values()) + 2 * PAD
        bar = max(12, text_height(f) // 2)
        h = PAD + sum(line_height(f) + (bar + 6 if s.show != "number" else 0) for s in self.stats.values()) + PAD // 2
        return (max(w, 220), h)

    def draw(self, ctx: "ScreenContext", canvas: pygame.Surface, topleft: tuple[int, int]) -> None:
        """Blit the panel, drawn again only when a value, the text size or the theme changed."""
        th = ctx.theme
        key = (th.name, id(ctx.fonts.get("label")), tuple((s.label, s.value, s.hi, s.show) for s in self.stats.values()))
        if key != self._key:  # measured and drawn only then: a steady frame only blits
            self._key = key
            w, h = self.size(ctx)
            self._surf = pygame.Surface((w, h)) if w else None
            if self._surf is not None:
                if pygame.display.get_surface() is not None:
                    self._surf = self._surf.convert()
                self._render(ctx, self._surf, w, h)
        if self._surf is None:
            self.text_rects = []
            return
        self.rect = pygame.Rect(topleft, self._surf.get_size())
        canvas.blit(self._surf, topleft)
        self.text_rects = [(r.move(topleft), self.rect) for r in self._rel_rects]

    def _render(self, ctx: "ScreenContext", canvas: pygame.Surface, w: int, h: int) -> None:
        th = ctx.theme
        rect = pygame.Rect(0, 0, w, h)
        self._rel_rects: list[pygame.Rect] = []
        draw_panel(canvas, rect, th.panel, 255, border=th.muted, width=1)
        f = ctx.fonts.get("label")
        bar = max(12, text_height(f) // 2)
        x, y = PAD, PAD // 2
        fills = th.meter_fills or (th.meter_fill,)
        for k_stat, sv in enumerate(self.stats.values()):
            fill = fills[k_stat % len(fills)]
            s = ctx.text.render(f, self._text(sv), th.text, bg=th.panel)
            canvas.blit(s, (x, y))
            self._rel_rects.append(pygame.Rect(x, y, s.get_width(), s.get_height()))
            y += line_height(f)
            if sv.show == "number":
                continue
            span = max(1e-9, sv.hi - sv.lo)
            frac = max(0.0, min(1.0, (sv.value - sv.lo) / span))
            width = w - 2 * PAD
            if sv.show == "pips" and sv.hi - sv.lo <= 20:
                n = int(round(sv.hi - sv.lo))
                step = width / max(1, n)
                r = max(3, min(bar // 2, int(step / 2) - 2))
                for k in range(n):
                    cx = int(x + step * k + step / 2)
                    filled = k < round(sv.value - sv.lo)
                    if filled:
                        pygame.draw.circle(canvas, fill, (cx, y + bar // 2), r)
                    pygame.draw.circle(canvas, th.text, (cx, y + bar // 2), r, 2)  # hollow = empty
            else:
                outer = pygame.Rect(x, y, width, bar)
                canvas.fill(th.meter_empty, outer)
                canvas.fill(fill, pygame.Rect(x, y, int(width * frac), bar))
                pygame.draw.rect(canvas, th.text, outer, 2)
            y += bar + 6


class Button:
    """A small on-screen button (pause, history) that works by mouse and touch; its key is in its label."""

    def __init__(self, label: str, action: Callable[[], Any], key: str) -> None:
        self.label, self.action, self.key = label, action, key
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._surf: pygame.Surface | None = None
        self._key: tuple | None = None

    def size(self, ctx: "ScreenContext") -> tuple[int, int]:
        f = ctx.fonts.get("button")
        w, h = f.size(self.label)
        return (w + 2 * PAD, h + PAD)

    def draw(self, ctx: "ScreenContext", canvas: pygame.Surface, topleft: tuple[int, int]) -> None:
        th = ctx.theme
        self.rect = pygame.Rect(topleft, self.size(ctx))
        key = (th.name, id(ctx.fonts.get("button")), self.label)
        if key != self._key or self._surf is None:  # drawn once per text size and theme, then blitted
            surf = pygame.Surface(self.rect.size)
            draw_panel(surf, surf.get_rect(), th.panel, 255, border=th.text, width=2)
            surf.blit(ctx.text.render(ctx.fonts.get("button"), self.label, th.text, bg=th.panel), (PAD, PAD // 2))
            self._surf, self._key = surf, key
        canvas.blit(self._surf, topleft)

    def handle_pointer(self, kind: str, pos: tuple[int, int]) -> bool:
        if kind == "click" and self.rect.collidepoint(pos):
            self.action()
            return True
        return False
