"""The map screen: a Tiled map scene drawn by pyscroll, the student's figure walked with the arrows/WASD or by clicking,
Enter/Space to talk or use, and the Places list (keys, mouse, read aloud) that plays the whole map without walking.

It holds no story rules: walking into a zone is `story.enter(name)`, using is `story.use(name)`, a place picked
from the list is the story screen's own choice. When the story has something to say, the map hands the events back to
the story screen beneath it, which shows them and opens the map again at the next Places list.
"""
from __future__ import annotations

import os
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game import paths
from game.story import events as ev
from game.ui.flow import notify
from game.ui.screens.base import H, W, Screen
from game.ui.places_panel import PlacesPanel
from game.ui.widgets import PAD, Button, draw_panel, line_height

if TYPE_CHECKING:  # pragma: no cover
    from game.content.maps import MapData, MapObject
    from game.ui.context import ScreenContext
    from game.ui.screens.story import StoryScreen

EDGE = 16
ZOOM = 2  # whole-number zoom keeps pixel art crisp (pyscroll scales with nearest-neighbour)
STEP_SECONDS, SLOW_STEP_SECONDS = 0.14, 0.32  # one tile; slow when the scene's `slow_walk_if` holds
HOLD_DELAY = 0.3  # a movement key held this long keeps walking, one tile per step time
NEAR_TILES = 6  # a zone's `near` effect starts this many tiles away and is full inside it
SAVE_AFTER_STILL = 1.0  # the position is saved once the figure has stood still this long (never mid-walk: a save
# waits for the disk, which would stall a frame); zones and places save at once, through the story screen
KEYS = {pygame.K_LEFT: (-1, 0), pygame.K_a: (-1, 0), pygame.K_RIGHT: (1, 0), pygame.K_d: (1, 0),
        pygame.K_UP: (0, -1), pygame.K_w: (0, -1), pygame.K_DOWN: (0, 1), pygame.K_s: (0, 1)}
HINT = "Arrows or WASD: walk.  Enter or Space: talk or use.  Tab, 1-9 or click: Places.  Esc: pause."

_RESOURCES: dict[str, tuple[float, Any, Any]] = {}  # .tmx path -> (mtime, pytmx map with images, pyscroll data)
_SPRITES: dict[str, pygame.Surface] = {}


def map_resources(path: str) -> tuple[Any, Any]:
    """The map with its images, and pyscroll's view of it; loaded once per file version (maps are re-entered often)."""
    import pyscroll
    import pytmx.util_pygame

    mtime = os.path.getmtime(path)
    hit = _RESOURCES.get(path)
    if hit is None or hit[0] != mtime:
        tmx = pytmx.util_pygame.load_pygame(path)
        hit = _RESOURCES[path] = (mtime, tmx, pyscroll.data.TiledMapData(tmx))
    return hit[1], hit[2]


def sprite(name: str, size: int) -> pygame.Surface:
    key = f"{name}@{size}"
    s = _SPRITES.get(key)
    if s is None:
        base = _SPRITES.get(name)
        if base is None:
            try:
                base = pygame.image.load(str(paths.ASSETS_DIR / "maps" / f"{name}.png")).convert_alpha()
            except (pygame.error, FileNotFoundError):  # drawn by tools/draw_map.py; a plain marker if it is missing
                base = pygame.Surface((32, 32), pygame.SRCALPHA)
                pygame.draw.circle(base, (46, 128, 120), (16, 16), 12)
            _SPRITES[name] = base
        s = _SPRITES[key] = pygame.transform.scale(base, (size, size))
    return s


class MapScreen(Screen):
    name = "map"

    def __init__(self, ctx: "ScreenContext", host: "StoryScreen", menu: ev.PlacesOffered) -> None:
        super().__init__(ctx)
        import pyscroll

        self.host, self.menu = host, menu
        self.story = host.story
        scene = host.narrative.scenes[menu.scene_id]
        self.scene_title = scene.title
        self.map_scene = scene.map
        data = self.map_scene.data
        if data is None:
            from game.content.maps import read_map
            data = read_map(Path(self.map_scene.file))[0]
        self.data: "MapData" = data
        self.tmx, pdata = map_resources(self.map_scene.file)
        self.tile = data.tile_width
        self.view = pygame.Rect(0, 0, 1, 1)
        self.renderer = pyscroll.BufferedRenderer(pdata, (W // 2, H // 2), clamp_camera=True)
        self._view_key: tuple | None = None
        pos = self.story.map_position
        if pos is not None and not data.is_blocked(*data.tile_at(*pos)):
            self.pos = data.tile_at(*pos)
        else:
            self.pos = data.spawn.tiles[0] if data.spawn and data.spawn.tiles else (0, 0)
        self.px = self._center(self.pos)  # drawn position in map pixels (glides between tiles)
        self.glide: tuple[tuple[float, float], tuple[float, float], float, float] | None = None
        self.path: deque[tuple[int, int]] = deque()
        self.inside = self._places_here()  # arriving inside a zone is not walking into it
        self.focus = 0
        self.list_active = False
        self.message: str | None = None
        self.t = 0.0
        self._last_save = ctx.now()
        self._moved_at: float | None = None  # when the figure last moved, until the position is saved
        self._key_down_at = self._last_step_at = 0.0
        self._use_on_arrival: str | None = None  # a tapped person or usable zone, used when the figure gets there
        self._near: dict[str, float] = {}
        self.panel = PlacesPanel()
        self.pause_button = Button("Pause (Esc)", host.pause, "pause")
        self.history_button = Button("History (H)", host.open_history, "history")
        self.story.map_position = self.px
        self._update_near()

    # -- geometry ------------------------------------------------------------------------------------------------
    def _center(self, tile: tuple[int, int]) -> tuple[float, float]:
        return ((tile[0] + 0.5) * self.data.tile_width, (tile[1] + 0.5) * self.data.tile_height)

    def _places_here(self) -> set[str]:
        return {n for n, o in self.data.places.items() if o.kind != "person" and self.pos in o.tiles}

    def regions(self) -> dict[str, pygame.Rect]:
        """Where things go at the current text size (tests check that text fits at 200%)."""
        ctx = self.ctx
        small, label = ctx.fonts.get("small"), ctx.fonts.get("label")
        pw, ph = self.pause_button.size(ctx)
        hw, hh = self.history_button.size(ctx)
        top = EDGE + max(ph, hh, line_height(label)) + 8
        caps = self.host.effects.captions()
        cap_h = (len(caps) * line_height(small) + PAD) if caps else 0
        panel_w = min(W // 2 - EDGE, max(300, int(W * 0.3 * max(1.0, ctx.settings.text_scale) ** 0.5)))
        hint_lines = ctx.text.wrap(small, HINT, W - 2 * EDGE - panel_w - 12)
        hint_h = len(hint_lines) * line_height(small) + PAD // 2
        body_top = top + cap_h + (8 if caps else 0)
        return {
            "title": pygame.Rect(EDGE, EDGE, W - 2 * EDGE - pw - hw - 24, line_height(label)),
            "pause": pygame.Rect(W - EDGE - pw, EDGE, pw, ph),
            "history": pygame.Rect(W - EDGE - pw - 12 - hw, EDGE, hw, hh),
            "captions": pygame.Rect(EDGE, top, W - 2 * EDGE, cap_h),
            "view": pygame.Rect(EDGE, body_top, W - 3 * EDGE - panel_w, H - EDGE - body_top - hint_h - 6),
            "hint": pygame.Rect(EDGE, H - EDGE - hint_h, W - 3 * EDGE - panel_w, hint_h),
            "places": pygame.Rect(W - EDGE - panel_w, body_top, panel_w, H - EDGE - body_top),
        }

    def _fit_renderer(self, view: pygame.Rect) -> None:
        still = self.ctx.settings.reduce_motion
        key = (view.size, still)
        if key == self._view_key:
            return
        self._view_key = key
        self.view = view
        mw, mh = self.data.width * self.data.tile_width, self.data.height * self.data.tile_height
        if still:  # Reduce motion: a still camera; the whole map when it fits, else a page at a time (see _camera)
            fit = min(view.w / mw, view.h / mh)
            zoom = float(int(fit)) if fit >= 1 else max(fit, 1.0)
        else:
            zoom = float(ZOOM) if min(view.w / mw, view.h / mh) < ZOOM else float(int(min(view.w / mw, view.h / mh)))
        self.renderer.set_size(view.size)
        self.renderer.zoom = max(zoom, 0.05)

    def _camera(self) -> tuple[float, float]:
        if not self.ctx.settings.reduce_motion:
            return self.px
        mw, mh = self.data.width * self.data.tile_width, self.data.height * self.data.tile_height
        z = self.renderer.zoom
        pw, ph = self.view.w / z, self.view.h / z  # one page of the map, in map pixels
        if pw >= mw and ph >= mh:
            return (mw / 2, mh / 2)  # the whole map: the camera never moves
        # a map larger than the view is shown a page at a time: the picture changes only when the figure walks off
        # the page, in one cut (no scrolling)
        col, row = int(self.px[0] // pw), int(self.px[1] // ph)
        return (min(mw - pw / 2, (col + 0.5) * pw), min(mh - ph / 2, (row + 0.5) * ph))

    def screen_point(self, world: tuple[float, float]) -> tuple[int, int]:
        x, y = self.renderer.translate_point(world)
        return x + self.view.x, y + self.view.y

    def tile_at_screen(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        if not self.view.collidepoint(pos):
            return None
        z = self.renderer.zoom
        cx, cy = self.screen_point((0, 0))
        return self.data.tile_at((pos[0] - cx) / z, (pos[1] - cy) / z)

    # -- walking -------------------------------------------------------------------------------------------------
    def step(self, dc: int, dr: int) -> None:
        target = (self.pos[0] + dc, self.pos[1] + dr)
        if self.data.is_blocked(*target):
            return
        self.message = None
        self._last_step_at = self.ctx.now()
        old = self.px
        self.pos = target
        self.px = self._center(target)
        if not self.ctx.settings.reduce_motion:
            dur = SLOW_STEP_SECONDS if self.story.walk_slowed else STEP_SECONDS
            self.glide = (old, self.px, self.ctx.now(), dur)
        self.story.map_position = self.px
        self._update_near()
        self._arrived()

    def _arrived(self) -> None:
        now_inside = self._places_here()
        new, self.inside = sorted(now_inside - self.inside), now_inside
        for name in new:
            if self._story(self.story.enter(name)):
                return
        self._moved_at = self.ctx.now()

    def _save(self) -> None:
        """The story state (with the figure's position) and what the story screen needs to reopen this map."""
        self._last_save = self.ctx.now()
        self._moved_at = None
        host = self.host
        prefix = [host.scene, *host.scene_perceptions] if host.scene is not None else []
        self.ctx.nav.write_autosave(host.session, self.story.save(), prefix + [self.menu], host.history)

    def use_here(self) -> None:
        near = [n for n, o in self.data.places.items() if self.pos in self.data.approach_tiles(o)
                and (p := self.map_scene.place(n)) is not None and p.trigger == "use"]
        if not near:
            self.message = "Nothing to use here. Walk up to someone or something, or pick a place from the list."
            self.ctx.speak(self.message)
            return
        self._story(self.story.use(near[0]))

    def _story(self, events: list[Any]) -> bool:
        """Events from walking or using. True when the story took over (the map closes until the next list)."""
        notify(self.ctx.hooks, "story_events", self.host.session, events)
        for e in events:
            if isinstance(e, ev.PlaceLocked):
                label = next((o.text for o in self.menu.options if o.choice_id == e.place), e.place)
                self.message = f"{label}: {e.reason or 'not now'}"
                self.ctx.speak(f"Out of reach: {self.message}")
        if not any(not isinstance(e, (ev.ZoneEntered, ev.PlaceLocked)) for e in events):
            self.ctx.mark_dirty()
            return False
        host = self.host
        self.ctx.pop()
        host.history.extend((None, f"You went to: {o.text}", "choice") for o in self.menu.options
                            if any(isinstance(e, ev.ZoneEntered) and e.place == o.choice_id for e in events))
        host.menu_event = None
        host.queue.extend(events)
        host.mode = "busy"
        if not any(isinstance(e, ev.EndingReached) for e in events):
            host.save()
        host.process()
        return True

    def choose(self, index: int) -> None:
        """A place picked from the Places list: the figure goes there and the story screen makes the choice."""
        if not 0 <= index < len(self.menu.options):
            return
        opt = self.menu.options[index]
        self.focus = index
        if not opt.available:
            self.message = f"{opt.text}: {opt.locked_reason or 'not now'}"
            self.ctx.speak(f"Out of reach: {self.message}")
            notify(self.ctx.hooks, "locked_tried", self.host.session, self.menu, opt)
            self.ctx.mark_dirty()
            return
        obj = self.data.places.get(opt.choice_id)
        if obj is not None:  # the figure is put on the nearest tile of the place (no walk to watch: no waiting)
            route = self.data.path_to(self.pos, self.data.approach_tiles(obj))
            if route:
                self.pos = route[-1]
                self.px = self._center(self.pos)
                self.story.map_position = self.px
                self.inside = self._places_here()
        host = self.host
        self.ctx.pop()
        host.choose(index)

    # -- input ---------------------------------------------------------------------------------------------------
    def handle_key(self, key: int, unicode: str = "") -> None:
        n = len(self.menu.options)
        if key in (pygame.K_ESCAPE, pygame.K_p):
            self._save()
            self.host.pause()
        elif key == pygame.K_h:
            self.host.open_history()
        elif key == pygame.K_r:
            self.ctx.speak(self.spoken_summary())
        elif key == pygame.K_l:
            self.ctx.speak(self.places_spoken())
        elif key in KEYS:
            self._key_down_at = self.ctx.now()
            self.list_active = False
            self.path.clear()
            self._use_on_arrival = None
            self.step(*KEYS[key])
        elif pygame.K_1 <= key <= pygame.K_9:
            self.choose(key - pygame.K_1)
        elif pygame.K_KP1 <= key <= pygame.K_KP9:
            self.choose(key - pygame.K_KP1)
        elif key == pygame.K_TAB and n:
            back = bool(pygame.key.get_mods() & pygame.KMOD_SHIFT)
            self.focus = (self.focus + (-1 if back else 1)) % n if self.list_active else self.focus
            self.list_active = True
            self._say_focus()
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            if self.list_active:
                self.choose(self.focus)
            else:
                self.use_here()
        self.ctx.mark_dirty()

    def _say_focus(self) -> None:
        o = self.menu.options[self.focus]
        state = "" if o.available else f", out of reach: {o.locked_reason or ''}"
        self.ctx.speak(f"Place {self.focus + 1} of {len(self.menu.options)}: {o.text}{state}")

    def handle_wheel(self, dy: int) -> None:
        n = len(self.menu.options)
        if n:
            self.list_active = True
            self.focus = max(0, min(n - 1, self.focus - dy))
            self.ctx.mark_dirty()

    def handle_pointer(self, kind: str, pos: tuple[int, int]) -> None:
        if kind == "click" and (self.pause_button.handle_pointer(kind, pos)
                                or self.history_button.handle_pointer(kind, pos)):
            return
        i = self.panel.hit(pos)
        if i is not None:
            if kind == "move" and (i != self.focus or not self.list_active):
                self.focus, self.list_active = i, True
                self.ctx.mark_dirty()
            elif kind == "click":
                self.choose(i)
            return
        if kind == "click":
            tile = self.tile_at_screen(pos)
            if tile is None:
                return
            # a tap on someone or something that can be used goes there and uses it (touch has no Enter key)
            usable = next((n for n, o in self.data.places.items() if tile in o.tiles
                           and (p := self.map_scene.place(n)) is not None and p.trigger == "use"), None)
            self.list_active = False
            goals = self.data.approach_tiles(self.data.places[usable]) if usable else {tile}
            self.path = deque(self.data.path_to(self.pos, goals))
            self._use_on_arrival = usable
            if usable and not self.path and self.pos in goals:
                self._use_on_arrival = None
                self._story(self.story.use(usable))
            self.ctx.mark_dirty()

    # -- time ----------------------------------------------------------------------------------------------------
    def update(self, now: float, dt: float) -> bool:
        self.t = now
        self.host._sound(now)  # muffled hearing and the heartbeat go on while the student walks
        changed = False
        if self.glide is not None:
            a, b, t0, dur = self.glide
            k = min(1.0, (now - t0) / dur) if dur > 0 else 1.0
            self.px = (a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k)
            if k >= 1.0:
                self.glide = None
                self.px = b
            changed = True
        if self.glide is None and not self.path and self._held(now):
            changed = True
        if self.glide is None and self.path:
            c, r = self.path.popleft()
            before = self.ctx.stack.top if self.ctx.stack else None
            self.step(c - self.pos[0], r - self.pos[1])
            if self.ctx.stack and self.ctx.stack.top is not before:
                self.path.clear()  # the story took over
                self._use_on_arrival = None
            elif not self.path and self._use_on_arrival:
                name, self._use_on_arrival = self._use_on_arrival, None
                self._story(self.story.use(name))
            changed = True
        if self.host.effects.expire(now):
            changed = True
        if (self._moved_at is not None and self.glide is None and not self.path
                and now - self._moved_at >= SAVE_AFTER_STILL):
            self._save()
        return changed

    def _held(self, now: float) -> bool:
        """Holding a movement key keeps walking (the window sends one key press; this reads the keyboard)."""
        step = SLOW_STEP_SECONDS if self.story.walk_slowed else STEP_SECONDS
        if now - self._key_down_at < HOLD_DELAY or now - self._last_step_at < step:
            return False
        pressed = pygame.key.get_pressed()
        for key, (dc, dr) in KEYS.items():
            if pressed[key]:
                self.step(dc, dr)
                return True
        return False

    def wake_at(self) -> float | None:
        times = [t for t in (self.host.effects.next_expiry(),
                             None if self._moved_at is None else self._moved_at + SAVE_AFTER_STILL) if t is not None]
        return min(times) if times else None

    def animating(self) -> bool:
        if self.glide is not None or self.path or self.host.effects.animating():
            return True
        pressed = pygame.key.get_pressed()
        return any(pressed[k] for k in KEYS)

    def _update_near(self) -> None:
        """Perception tied to places: each zone's `near` effect grows as the figure comes closer; and a caption
        while the walk is slow (with Reduce motion there is no glide to show it)."""
        fx = self.host.effects
        slow = self.story.walk_slowed
        if slow != self._near.get("\0slow"):
            self._near["\0slow"] = slow
            fx.add("slow-walk", 1.0 if slow else 0.0, None, self.map_scene.slow_walk_caption, self.ctx.now())
        for p in self.map_scene.places:
            obj = self.data.places.get(p.name)
            if p.near is None or obj is None or not obj.tiles:
                continue
            d = min(max(abs(c - self.pos[0]), abs(r - self.pos[1])) for c, r in obj.tiles)
            level = round(p.near.intensity * max(0.0, 1.0 - d / NEAR_TILES), 2)
            if self._near.get(p.name) != level:
                self._near[p.name] = level
                fx.add(p.near.effect, level, None, p.near.caption, self.ctx.now())

    # -- drawing -------------------------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        ctx, th = self.ctx, self.ctx.theme
        reg = self.regions()
        self.text_rects: list[tuple[pygame.Rect, pygame.Rect]] = []  # (text, its box): tests check nothing is clipped
        canvas.fill(th.background)
        self._fit_renderer(reg["view"])
        self.renderer.center(self._camera())
        # into a surface of the view's own size: pyscroll scales its zoom buffer to the whole target
        self.renderer.draw(canvas.subsurface(reg["view"]), pygame.Rect((0, 0), reg["view"].size))
        self._draw_places(canvas)
        view = canvas.subsurface(reg["view"])
        self.host.effects.apply_static(view)
        self.host.effects.apply_dynamic(view, self.t)
        pygame.draw.rect(canvas, th.muted, reg["view"], 1)
        label = ctx.fonts.get("label")
        title = ctx.text.wrap(label, self.scene_title, reg["title"].w)[0]
        self._blit(canvas, ctx.text.render(label, title, th.text), reg["title"].topleft, reg["title"])
        self.history_button.draw(ctx, canvas, reg["history"].topleft)
        self.pause_button.draw(ctx, canvas, reg["pause"].topleft)
        self._draw_captions(canvas, reg["captions"])
        small = ctx.fonts.get("small")
        y = reg["hint"].y
        for part in ctx.text.wrap(small, self.message or HINT, reg["hint"].w):
            self._blit(canvas, ctx.text.render(small, part, th.text if self.message else th.muted),
                       (reg["hint"].x, y), reg["hint"])
            y += line_height(small)
        self.panel.draw(ctx, canvas, reg["places"], self.menu.options, self.focus, self.list_active)
        self.text_rects += self.panel.text_rects

    def _draw_places(self, canvas: pygame.Surface) -> None:
        ctx, th = self.ctx, self.ctx.theme
        z = self.renderer.zoom
        size = max(8, int(self.tile * z))
        small = ctx.fonts.get("small")
        clip = canvas.get_clip()
        canvas.set_clip(self.view)
        placed: list[pygame.Rect] = []
        self.place_names: list[tuple[str, pygame.Rect]] = []  # the names drawn on the map, where (for tests)
        for p in self.map_scene.places:
            obj: "MapObject | None" = self.data.places.get(p.name)
            if obj is None:
                continue
            if p.kind == "person":
                x, y = self.screen_point(self._center(obj.tiles[0]) if obj.tiles else (obj.x, obj.y))
                canvas.blit(sprite("person", size), (x - size // 2, y - size // 2))
            elif any(o.choice_id == p.name for o in self.menu.options):
                x0, y0 = self.screen_point((obj.x, obj.y))
                rect = pygame.Rect(x0, y0, max(size, int(obj.width * z)), max(size, int(obj.height * z)))
                pygame.draw.rect(canvas, th.accent, rect, 2, border_radius=4)
                x, y = rect.midtop
            else:
                continue
            number = next((o.position for o in self.menu.options if o.choice_id == p.name), None)
            names = [p.label if len(p.label) <= 28 else p.label[:27] + "…"] + ([str(number)] if number else [])
            for name in names:  # the name, or where it would cover another name, the place's number in the list
                tag = ctx.text.render(small, name, th.text, bg=th.panel)
                where = tag.get_rect(midbottom=(x, y - size // 2 - 2))
                # a place in view whose name would run off the map's edge: slide the name in (a place out of
                # view gets no name: it would seem to be somewhere it is not)
                if self.view.collidepoint(x, y) and where.w <= self.view.w and where.h <= self.view.h:
                    where = where.clamp(self.view)
                if self.view.contains(where) and where.collidelist(placed) < 0:
                    canvas.blit(tag, where)
                    placed.append(where)
                    self.place_names.append((name, where))
                    break
        fx, fy = self.screen_point(self.px)
        canvas.blit(sprite("figure", size), (fx - size // 2, fy - size // 2))
        canvas.set_clip(clip)

    def _draw_captions(self, canvas: pygame.Surface, rect: pygame.Rect) -> None:
        caps = self.host.effects.captions()
        if not caps:
            return
        ctx, th = self.ctx, self.ctx.theme
        draw_panel(canvas, rect, th.caption_bg, 255, border=th.caption_text, width=1)
        small = ctx.fonts.get("small")
        y = rect.y + PAD // 2
        for c in caps:
            for part in ctx.text.wrap(small, c, rect.w - 2 * PAD)[:1]:
                self._blit(canvas, ctx.text.render(small, part, th.caption_text, bg=th.caption_bg), (rect.x + PAD, y),
                           rect)
            y += line_height(small)

    def _blit(self, canvas: pygame.Surface, surf: pygame.Surface, pos: tuple[int, int], box: pygame.Rect) -> None:
        canvas.blit(surf, pos)
        self.text_rects.append((pygame.Rect(pos, surf.get_size()), box))

    # -- autoplay, screenshots, speech ---------------------------------------------------------------------------
    def auto_step(self, rng: Any) -> bool:
        """Autoplay plays a map from the Places list, as a student who does not walk would."""
        avail = [i for i, o in enumerate(self.menu.options) if o.available]
        if not avail:
            return False
        self.choose(rng.choice(avail))
        return True

    def screenshot_tag(self) -> str | None:
        return None if self.glide is not None else f"{self.menu.scene_id}-map"

    def places_spoken(self) -> str:
        parts = []
        for i, o in enumerate(self.menu.options, 1):
            parts.append(f"{i}: {o.text}" + ("" if o.available else f", out of reach: {o.locked_reason or ''}"))
        return "Places: " + ". ".join(parts) + "."

    def spoken_summary(self) -> str:
        here = [o.text for o in self.menu.options
                if (obj := self.data.places.get(o.choice_id)) is not None and self.pos in self.data.approach_tiles(obj)]
        where = f"You are at: {', '.join(here)}. " if here else ""
        return f"{self.scene_title}. {where}{self.places_spoken()} Press a number to go there."

    def enter(self) -> None:
        seen = self.host.__dict__.setdefault("maps_seen", set())
        if self.menu.scene_id in seen:  # back from a zone's lines: a short reminder, not the whole introduction
            self.ctx.speak(f"Back on the map. {len(self.menu.options)} places. Press L to hear them.")
        else:
            seen.add(self.menu.scene_id)
            self.ctx.speak(f"{self.scene_title}. A place you can walk around. Press L to hear the places, or Tab to "
                           "choose one.")
