"""The story screen: presents the runner's events (scene, lines, thoughts, stats, effects, choices) and sends back
choice ids. It holds no story rules: what is available, locked or next is the runner's answer.

Saves at every choice (the runner's state plus the lines still to show), so a closed window or a crash resumes here.
"""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

import pygame

from game.i18n import _
from game.story import events as ev
from game.ui.effects import HEARTBEAT_HZ, Effects
from game.ui.flow import PlaySession, notify, ready_for_choice
from game.ui.screens.base import H, W, Screen
from game.ui.stage import StageView
from game.ui.tts import emphasis_ssml
from game.ui.widgets import NO_FOCUS, PAD, Button, ChoiceList, StatPanel, StatView, TextBox, draw_panel, line_height

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext

EDGE = 20
FACE_GAP = 12  # between a character's face and a text panel beside it
MIN_BESIDE = 420  # the narrowest a text panel may become to stand beside faces (narrower: it goes in front)
LAYER_KEY = (255, 0, 254)  # the transparent colour of the cached text layer (never used by a theme)


# A choice is not taken by the Enter, Space or click that was meant to advance the last line.
MENU_GUARD_SECONDS = 0.6
# a held choice goes ahead after this long even if the disk has not answered (the recorder waited as long)
HOLD_LIMIT_SECONDS = 2.0
STAT_NOTE_SECONDS = 5.0  # how long "Anxiety rises: 5 of 10" stays in the captions strip
SLOW_LINE = 0.4  # a line the writer marked `slow` types at this share of the player's text speed
STAGE_EVENTS = (ev.CharacterShown, ev.CharacterHidden, ev.SoundCue, ev.MusicCue)

class StoryScreen(Screen):
    name = "story"

    def __init__(self, ctx: "ScreenContext", session: PlaySession, events: list[Any],
                 history: list[tuple[str | None, str, str]] | None = None) -> None:
        super().__init__(ctx)
        self.session = session
        self.story = session.story
        self.narrative = session.narrative
        self.effects = Effects(ctx.settings.reduce_motion)
        self.effects.captioned = ctx.settings.captions
        self.queue: deque[Any] = deque(events)
        self.textbox = TextBox()
        self.choices = ChoiceList()
        self.menu_event: ev.ChoicesOffered | None = None
        self.mode = "busy"  # busy | line | choices | ended
        self.scene: ev.SceneEntered | None = None
        self.scene_perceptions: list[ev.Perception] = []
        self.beat = ""
        self.history: list[tuple[str | None, str, str]] = list(history or [])
        self.thoughts: list[str] = []
        self.menu_shown_at = 0.0
        self.held: tuple[int, float] | None = None
        self.menu_prompt: str | None = None  # the beat's question, shown above its choices
        self._prompt_rects: list[tuple[pygame.Rect, pygame.Rect]] = []  # a choice waiting for the previous one to reach the disk
        self.t = 0.0
        self._bg_key: tuple | None = None
        self._bg: pygame.Surface | None = None
        self._world: pygame.Surface | None = None
        self.choice_rect = pygame.Rect(0, 0, 0, 0)
        self.panel_band = pygame.Rect(0, 0, 0, 0)  # what the menu's panels take, together
        self.panels: list[pygame.Rect] = []  # the text panels of the last drawing (tests check they cover no face)
        self.prompt_shown = False
        self.stats = StatPanel()
        self._init_stats(events)
        self.pause_button = Button(_("Pause (Esc)"), self.pause, "pause")
        self.history_button = Button(_("History (H)"), self.open_history, "history")
        self._crowd_words: list[str] = []
        self._beat = -1
        self._last_motion: tuple | None = None
        self._layer: pygame.Surface | None = None
        self._spoken_notes: list[str] = []
        self._layer_key: tuple | None = None
        self._bands: dict[tuple, pygame.Rect] = {}  # where text panels stand beside the faces, by what they hold
        self._regions_key: tuple | None = None
        self._regions: dict[str, pygame.Rect] = {}
        self.stage = StageView(ctx, self.narrative)  # characters, title cards, sound cues and their captions
        self.pause_until = 0.0
        self.slow = False
        self._stage_key: tuple | None = None
        self.text_rects: list[tuple[pygame.Rect, pygame.Rect]] = []

    # -- setup ---------------------------------------------------------------------------------------------------
    def _init_stats(self, pending: list[Any]) -> None:
        values: dict[str, float] = {}
        for sid, sd in getattr(self.narrative, "stats", {}).items():
            try:
                values[sid] = float(self.story.stat(sid))
            except Exception:  # noqa: BLE001 — a stat the runner does not know: show its start value
                values[sid] = float(sd.start)
        # the runner is already past the pending events: rewind to the values before them
        for e in reversed(pending):
            if isinstance(e, ev.StatChanged) and e.stat in values:
                values[e.stat] = float(e.old)
        for sid, sd in getattr(self.narrative, "stats", {}).items():
            if sd.show != "hidden":
                self.stats.stats[sid] = StatView(sid, sd.label, values[sid], float(sd.min), float(sd.max), sd.show)

    def enter(self) -> None:
        if self.mode == "busy":
            self.process()

    def relayout(self) -> None:
        self.effects.reduced = self.ctx.settings.reduce_motion
        self.effects.captioned = self.ctx.settings.captions
        self._bg_key = None
        self.textbox._layout_key = None
        self.choices._layout_key = self.choices._need_key = None  # line spacing changes heights, not font ids
        self._regions_key = self._layer_key = None
        self._bands.clear()
        self.stats._key = None

    # -- events from the runner ----------------------------------------------------------------------------------
    def process(self) -> None:
        ctx = self.ctx
        while self.queue:
            e = self.queue.popleft()
            if isinstance(e, ev.SceneEntered):
                self.scene = e
                self.effects.clear()
                self.scene_perceptions = []
                self.thoughts = []
                self.history.append((None, e.title, "scene"))
                self._bg_key = None
                self.stage.scene(e, ctx.now())  # title card, empty stage, the scene's ambient sound
            elif isinstance(e, ev.BeatEntered):
                self.beat = f"{e.scene_id}.{e.beat_id}"
            elif isinstance(e, ev.Line):
                self.textbox.set(e.speaker, e.text, "line", e.runs)
                self.stage.speaking(e.speaker_id)
                if e.speaker_id in self.stage.on:  # their colour when it reads clearly, and always the marker
                    self.textbox.name_colour = self.stage.name_colour(e.speaker_id)
                    self.textbox.name_mark = True
                self.slow = e.slow
                self.history.append((e.speaker, e.text, "line"))
                self._crowd_words = [w for w in e.text.split() if len(w) > 3][:12]
                self.mode = "line"
                before = self._notes() + (_("{speaker} says:").format(speaker=e.speaker) + " " if e.speaker else "")
                ctx.speak(before + e.text, emphasis_ssml(before, e.runs) if e.runs else None)
                ctx.mark_dirty()
                return
            elif isinstance(e, ev.Thought):
                self.textbox.set(None, e.text, "thought", e.runs)
                self.stage.speaking(None)
                self.slow = e.slow
                self.history.append((None, e.text, "thought"))
                self.thoughts.append(e.text)
                self.mode = "line"
                before = self._notes() + _("A thought:") + " "
                ctx.speak(before + e.text, emphasis_ssml(before, e.runs) if e.runs else None)
                ctx.mark_dirty()
                return
            elif isinstance(e, ev.StatChanged):
                self.stats.set_value(e.stat, float(e.new))
                sv = self.stats.stats.get(e.stat)
                if sv is not None and e.new != e.old:  # a meter is visual: say and show the change in words
                    way = _("rises") if e.new > e.old else _("falls")
                    note = _("{label} {way}: {value}").format(label=sv.label, way=way, value=self.stats.value_text(sv))
                    self._spoken_notes.append(note + ".")
                    # shown a few seconds in the captions strip (a name no effect has: captioned, never drawn)
                    self.effects.add(f"stat:{e.stat}", 1.0, STAT_NOTE_SECONDS, note, ctx.now())
            elif isinstance(e, ev.Perception):
                self.effects.add(e.effect, e.intensity, e.duration, e.caption, ctx.now())
                self.scene_perceptions.append(e)
                if e.caption and e.intensity > 0:
                    self._spoken_notes.append(e.caption)
                self._bg_key = None
            elif isinstance(e, STAGE_EVENTS):
                note = self.stage.handle(e, ctx.now())
                if note:
                    self._spoken_notes.append(note)
                ctx.mark_dirty()
            elif isinstance(e, ev.Pause):
                # a silence the writer asked for; none when text is instant or a demo plays itself
                if ctx.settings.chars_per_second > 0 and not ctx.autoplay:
                    self.mode = "pause"
                    self.pause_until = ctx.now() + e.seconds
                    ctx.mark_dirty()
                    return
            elif isinstance(e, ev.PlacesOffered):  # a map: walk it, or pick from its Places list
                from game.ui.map_screen import MapScreen
                self.menu_event = e
                self.choices.set(e.options)
                self.mode = "choices"
                self.menu_shown_at = ctx.now()
                ctx.push(MapScreen(ctx, self, e))
                return
            elif isinstance(e, ev.ChoicesOffered):
                self.stage.speaking(None)
                self.menu_event = e
                beat = getattr(self.narrative, "beats", {}).get(e.menu_id)
                self.menu_prompt = getattr(beat, "prompt", None) or None
                self.choices.set(e.options)
                self.mode = "choices"
                self.menu_shown_at = ctx.now()
                ask = f"{self.menu_prompt} " if self.menu_prompt else ""
                ctx.speak(self._notes() + ask + self.choices.spoken())
                ctx.mark_dirty()
                return
            elif isinstance(e, ev.EndingReached):
                self.mode = "ended"
                ctx.nav.story_ended(self.session, e)
                return
        # the runner always ends a batch with a menu or an ending; if not, say so rather than hang
        if self.mode == "busy":
            self.mode = "ended"
            ctx.nav.story_ended(self.session, self.story.leave())

    def _notes(self) -> str:
        """Stat changes and effect captions since the last thing spoken, to say before the next line."""
        notes, self._spoken_notes = self._spoken_notes, []
        return " ".join(notes) + (" " if notes else "")

    def save(self) -> None:
        prefix: list[Any] = []
        if self.scene is not None and not (self.queue and isinstance(self.queue[0], ev.SceneEntered)):
            prefix = [self.scene, *self.scene_perceptions, *self.stage.resume_events()]
        self.ctx.nav.write_autosave(self.session, self.story.save(), prefix + list(self.queue), self.history)

    # -- player actions ------------------------------------------------------------------------------------------
    def advance(self) -> None:
        if self.mode == "pause":  # a pause is never a wait the player must sit out
            self.mode = "busy"
            self.process()
            self.ctx.mark_dirty()
            return
        if self.mode != "line":
            return
        if not self.textbox.complete:
            self.textbox.finish()
        elif not self.textbox.next_page():
            self.mode = "busy"
            self.process()
        self.ctx.mark_dirty()

    def choose(self, index: int, forced: bool = False) -> None:
        if self.mode != "choices" or not (0 <= index < len(self.choices.options)):
            return
        opt = self.choices.options[index]
        self.choices.focus = index
        if not opt.available:
            reason = opt.locked_reason or _("not possible right now")
            self.choices.message = reason
            self.ctx.speak(_("Out of reach: {text}. {reason}").format(text=opt.text, reason=reason))
            notify(self.ctx.hooks, "locked_tried", self.session, self.menu_event, opt)
            self.ctx.mark_dirty()
            return
        if not forced and not ready_for_choice(self.ctx.hooks, self.session):
            # the previous choice is not on disk yet: hold this one (drawn as chosen) and take it in update(),
            # so the game thread never waits on the disk and no choice overtakes the one before it
            self.held = (index, self.ctx.now())
            self.ctx.mark_dirty()
            return
        self.held = None
        seconds = self.ctx.now() - self.menu_shown_at
        menu = self.menu_event
        events = self.story.choose(opt.choice_id)
        notify(self.ctx.hooks, "choice_made", self.session, menu, opt, seconds)
        notify(self.ctx.hooks, "story_events", self.session, events)
        self.history.append((None, _("You chose: {text}").format(text=opt.text), "choice"))
        self.queue.extend(events)
        self.menu_event = None
        self.mode = "busy"
        if not any(isinstance(e, ev.EndingReached) for e in events):
            self.save()
        self.process()
        self.ctx.mark_dirty()

    def pause(self) -> None:
        from game.ui.screens.overlays import PauseScreen
        self.ctx.push(PauseScreen(self.ctx, self))

    def open_history(self) -> None:
        from game.ui.screens.overlays import HistoryScreen
        self.ctx.push(HistoryScreen(self.ctx, self.history))

    def leave(self) -> None:
        ending = self.story.leave()
        self.mode = "ended"
        self.ctx.nav.story_ended(self.session, ending)

    # -- input ---------------------------------------------------------------------------------------------------
    def handle_key(self, key: int, unicode: str = "") -> None:
        if key in (pygame.K_ESCAPE, pygame.K_p):
            self.pause()
        elif key == pygame.K_h:
            self.open_history()
        elif key == pygame.K_r:
            self.ctx.speak(self.spoken_summary())
        elif self.mode == "pause":  # any key ends a pause: it is never a wait the player must sit out
            self.advance()
        elif self.mode == "line" and key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_RIGHT):
            self.advance()
        elif self.mode == "choices":
            n = len(self.choices.options)
            if pygame.K_1 <= key <= pygame.K_9:
                self.choose(key - pygame.K_1)
            elif pygame.K_KP1 <= key <= pygame.K_KP9:
                self.choose(key - pygame.K_KP1)
            elif key in (pygame.K_UP, pygame.K_LEFT) and n:
                self.choices.focus = n - 1 if self.choices.focus == NO_FOCUS else (self.choices.focus - 1) % n
                self.choices.message = None
                self._say_focus()
            elif key in (pygame.K_DOWN, pygame.K_RIGHT, pygame.K_TAB) and n:
                self.choices.focus = 0 if self.choices.focus == NO_FOCUS else (self.choices.focus + 1) % n
                self.choices.message = None
                self._say_focus()
            elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                if self.choices.focus == NO_FOCUS:
                    # the Enter that read on never takes a choice: nothing is highlighted until the student moves
                    self.ctx.speak("Choose with the arrow keys or a number key. " + self.choices.spoken())
                elif self._menu_settled():
                    self.choose(self.choices.focus)
        self.ctx.mark_dirty()

    def _menu_settled(self) -> bool:
        """Enter, Space and clicks also advance lines: right after a menu appears they are taken as the end of
        that rhythm, not as a choice (number keys always choose)."""
        return self.ctx.now() - self.menu_shown_at >= MENU_GUARD_SECONDS

    def _say_focus(self) -> None:
        o = self.choices.options[self.choices.focus]
        if o.available:
            self.ctx.speak(_("Choice {n}: {text}.").format(n=self.choices.focus + 1, text=o.text))
        else:
            self.ctx.speak(_("Choice {n}, out of reach: {text}. Because: {reason}.").format(
                n=self.choices.focus + 1, text=o.text, reason=o.locked_reason or _("not possible")))

    def handle_pointer(self, kind: str, pos: tuple[int, int]) -> None:
        if kind == "click" and (self.pause_button.handle_pointer(kind, pos)
                                or self.history_button.handle_pointer(kind, pos)):
            return
        if self.mode == "choices":
            i = self.choices.menu.hit(pos)
            if i is None:
                return
            if kind == "move":
                if i != self.choices.focus:
                    self.choices.focus = i
                    self.ctx.mark_dirty()
            elif kind == "click" and self._menu_settled():
                self.choose(i)
        elif self.mode in ("line", "pause") and kind == "click":
            self.advance()

    def handle_wheel(self, dy: int) -> None:
        if dy > 0:
            self.open_history()

    # -- time ----------------------------------------------------------------------------------------------------
    def _sound(self, now: float) -> None:
        factor = self.effects.volume_factor()
        snd = self.ctx.sound
        if abs(factor - snd.factor) > 1e-3:  # muffled hearing: everything quieter
            snd.set_volumes(snd.music_volume, snd.effects_volume, factor)
        beat = int(now * HEARTBEAT_HZ)
        level = self.effects.level("heartbeat")
        if level > 0 and beat != self._beat:
            snd.thump(level)
        self._beat = beat

    def update(self, now: float, dt: float) -> bool:
        self.t = now
        self._sound(now)
        changed = False
        if self.held is not None:
            index, since = self.held
            if ready_for_choice(self.ctx.hooks, self.session) or now - since >= HOLD_LIMIT_SECONDS:
                self.choose(index, forced=True)
                changed = True
        if self.effects.expire(now):
            self._bg_key = None
            changed = True
        if self.mode == "pause" and now >= self.pause_until:
            self.mode = "busy"
            self.process()
            changed = True
        if self.mode == "line":
            cps = self.ctx.settings.chars_per_second
            changed |= self.textbox.update(dt, cps * SLOW_LINE if self.slow and cps > 0 else cps)
        stage_key = self.stage.motion_key(now)
        if stage_key != self._stage_key:  # a fade step, a title card or a caption coming or going
            self._stage_key = stage_key
            changed = True
        if self.effects.animating():
            # redraw only when the picture would differ: a tremor of a few pixels repeats its offsets often
            key = self._motion_key(now)
            if key != self._last_motion:
                self._last_motion = key
                changed = True
        return changed

    def _motion_key(self, t: float) -> tuple:
        fx = self.effects
        area = self.layout_regions()["content"]
        return (fx.shake_offset(t), fx.heartbeat_alpha(t) // 3, fx.intrusive_alpha(t) // 4,
                fx.intrusive_index(t), tuple(fx.crowd_positions(t, 10, area)) if self._crowd_words else ())

    def animating(self) -> bool:
        return ((self.mode == "line" and not self.textbox.complete) or self.effects.animating()
                or self.stage.busy(self.t))

    def wake_at(self) -> float | None:
        if self.held is not None:
            return self.ctx.now() + 0.005  # look again soon: a commit takes a few milliseconds
        wake = self.effects.next_expiry()
        stage = self.stage.next_change(self.t)
        if stage is not None:
            wake = stage if wake is None else min(wake, stage)
        if self.mode == "pause":
            wake = self.pause_until if wake is None else min(wake, self.pause_until)
        return wake

    # -- drawing -------------------------------------------------------------------------------------------------
    def _background(self) -> pygame.Surface:
        th = self.ctx.theme
        sc = self.scene
        key = (sc, th.name, self.effects.static_key(), self.stage.portrait_key())
        if key != self._bg_key or self._bg is None:
            base = self.ctx.backdrops.scene(sc.background if sc else None, sc.mood if sc else None,
                                            sc.scene_id if sc else "", th)
            bg = base.copy()
            # the characters are part of the picture: a blur or a vignette changes them too, never the text
            self.stage.draw_portraits(bg, H)
            self.effects.apply_static(bg)
            self._bg, self._bg_key = bg, key
        return self._bg

    def layout_regions(self) -> dict[str, pygame.Rect]:
        """Where things go at the current text size (also used by tests to check that text fits)."""
        key = (id(self.ctx.fonts.get("label")), id(self.ctx.fonts.get("button")), tuple(self.effects.captions()),
               tuple((s.label, s.value, s.hi) for s in self.stats.stats.values()))
        if key != self._regions_key:
            self._regions = self._compute_regions()
            self._regions_key = key
        return self._regions

    def _compute_regions(self) -> dict[str, pygame.Rect]:
        ctx = self.ctx
        sw, sh = self.stats.size(ctx)
        pw, ph = self.pause_button.size(ctx)
        hw, hh = self.history_button.size(ctx)
        top = EDGE + max(sh, ph, hh) + 12
        caps = self.effects.captions()
        small = ctx.fonts.get("small")
        cap_h = (len(caps) * line_height(small) + PAD) if caps else 0
        content_top = top + cap_h + (8 if caps else 0)
        return {
            "stats": pygame.Rect(EDGE, EDGE, sw, sh),
            "pause": pygame.Rect(W - EDGE - pw, EDGE, pw, ph),
            "history": pygame.Rect(W - EDGE - pw - 12 - hw, EDGE, hw, hh),
            "captions": pygame.Rect(EDGE, top, W - 2 * EDGE, cap_h),
            "content": pygame.Rect(EDGE, content_top, W - 2 * EDGE, H - EDGE - content_top),
        }

    def draw(self, canvas: pygame.Surface) -> None:
        self._draw_scene(canvas)
        self.stage.draw_overlay(canvas, self.t, self.layout_regions()["content"].y)

    def _draw_scene(self, canvas: pygame.Surface) -> None:
        ctx, th = self.ctx, self.ctx.theme
        # a shake trembles the picture; text and buttons keep still, so they stay readable
        shake = self.effects.shake_offset(self.t)
        dx, dy = shake
        if dx:  # only the strips the moved picture uncovers (a whole-canvas fill cost a frame 0.1 ms)
            canvas.fill((0, 0, 0), (0 if dx > 0 else W + dx, 0, abs(dx), H))
        if dy:
            canvas.fill((0, 0, 0), (0, 0 if dy > 0 else H + dy, W, abs(dy)))
        canvas.blit(self._background(), shake)
        self.effects.apply_dynamic(canvas, self.t)
        self.stage.draw_fade(canvas, self.t)
        regions = self.layout_regions()
        content = regions["content"]
        self._draw_intrusive(canvas, content)
        self.stats.draw(ctx, canvas, regions["stats"].topleft)
        self.history_button.draw(ctx, canvas, regions["history"].topleft)
        self.pause_button.draw(ctx, canvas, regions["pause"].topleft)
        caps = self.effects.captions()
        caption_rects: list[tuple[pygame.Rect, pygame.Rect]] = []
        if caps:
            cr = regions["captions"]
            draw_panel(canvas, cr, th.caption_bg, 255, border=th.caption_text, width=1)
            small = ctx.fonts.get("small")
            y = cr.y + PAD // 2
            for c in caps:
                for part in ctx.text.wrap(small, c, cr.w - 2 * PAD)[:1]:
                    s = ctx.text.render(small, part, th.caption_text, bg=th.caption_bg)
                    canvas.blit(s, (cr.x + PAD, y))
                    caption_rects.append((pygame.Rect(cr.x + PAD, y, s.get_width(), s.get_height()), cr))
                y += line_height(small)
        self.text_rects = list(self.stats.text_rects) + caption_rects
        offset = (0, 0)  # text never moves with a shake
        if self.mode not in ("line", "choices"):
            return
        if self.mode == "line":
            self._draw_crowd(canvas, self._line_box(content))
        if self.mode == "line" and not self.textbox.complete:
            self._draw_text(canvas, content, offset)  # the typewriter changes every frame: draw directly
            self._collect_text_rects()
            return
        # a finished line or the choices: drawn once into a layer, then only blitted (moved by a shake)
        key = (self.mode, th.name, id(ctx.fonts.get("body")), id(ctx.fonts.get("choice")), tuple(content),
               self.textbox.text, self.textbox.kind, self.textbox.page, self.textbox.speaker, self.textbox.styles,
               self.textbox.name_colour, self.textbox.name_mark,
               self.choices.focus, id(self.choices.options), self.choices.message, self.stage.portrait_key())
        if key != self._layer_key or self._layer is None:
            layer = pygame.Surface(canvas.get_size())
            layer.fill(LAYER_KEY)
            self._draw_text(layer, content, (0, 0))
            # run-length encoded colour key: the empty parts of the layer cost nothing to blit
            layer.set_colorkey(LAYER_KEY, pygame.RLEACCEL)
            self._layer, self._layer_key = layer, key
        canvas.blit(self._layer, offset)
        self._collect_text_rects()

    def _collect_text_rects(self) -> None:
        """Every line of text of the last frame with the box it belongs in (the layout tests read them)."""
        if self.mode == "line" or self.prompt_shown:
            self.text_rects += [(r, self.textbox.box) for r in self.textbox.text_rects]
        if self.mode == "choices":
            self.text_rects += list(self.choices.text_rects) + self._prompt_rects

    def _draw_text(self, canvas: pygame.Surface, content: pygame.Rect, offset: tuple[int, int]) -> None:
        if self.mode == "line":
            self._draw_line(canvas, content, offset)
        elif self.mode == "choices":
            self._draw_choices(canvas, content, offset)

    def _thought_label(self) -> str:
        cond = getattr(getattr(self.narrative, "perspective", None), "condition", None)
        return _("Inner voice ({condition})").format(condition=cond) if cond else _("Inner voice")

    def _line_box(self, content: pygame.Rect) -> pygame.Rect:
        ctx = self.ctx
        thought = self.textbox.kind == "thought"
        label = self._thought_label() if thought else None
        page = self.textbox.page

        def place(x0: int, x1: int) -> pygame.Rect:
            if thought:  # the inner voice intrudes higher on the screen, narrower, in its own style
                x0, x1 = max(x0, content.x + 80), min(x1, content.right - 80)
                h = self.textbox.layout(ctx, x1 - x0, content.h, label=label)
                return pygame.Rect(x0, content.y + max(0, (content.h - h) // 3), x1 - x0, h)
            h = self.textbox.layout(ctx, x1 - x0, content.h, label=label)
            return pygame.Rect(x0, content.bottom - h, x1 - x0, h)
        box = self._beside_faces(content, place)
        self.textbox.layout(ctx, box.w, content.h, label=label)  # the width it is drawn at
        self.textbox.page = min(page, len(self.textbox.pages) - 1)  # trying widths must not turn the page
        return box

    def _beside_faces(self, area: pygame.Rect, place: Any) -> pygame.Rect:
        """Where text panels go: `place(left, right)` gives their rectangle between those edges. When it would cover
        the face of a character on stage, the panels are narrowed to stand beside the face (a face on the left
        pushes their left edge right, one on the right their right edge left). When that would leave too little room
        to read, they keep the whole width: the words matter more than the picture."""
        faces = tuple(self.stage.face_rects((W, H), H).values())
        key = (tuple(area), tuple(tuple(f) for f in faces), self.textbox.text, self.textbox.speaker,
               self.textbox.kind, self.mode, id(self.choices.options), id(self.ctx.fonts.get("body")),
               id(self.ctx.fonts.get("choice")), self.choices.message, self.menu_prompt)
        hit = self._bands.get(key)
        if hit is not None:
            return hit
        x0, x1 = area.left, area.right
        box = place(x0, x1)
        for _ in range(4):
            covered = [f for f in faces if f.colliderect(box)]
            if not covered:
                break
            for f in covered:
                if f.centerx < W // 2:
                    x0 = max(x0, f.right + FACE_GAP)
                else:
                    x1 = min(x1, f.left - FACE_GAP)
            if x1 - x0 < MIN_BESIDE:
                box = place(area.left, area.right)
                break
            box = place(x0, x1)
        if len(self._bands) > 64:
            self._bands.clear()
        self._bands[key] = box
        return box

    def _draw_line(self, canvas: pygame.Surface, content: pygame.Rect, offset: tuple[int, int]) -> None:
        label = self._thought_label() if self.textbox.kind == "thought" else None
        box = self._line_box(content)
        self.panels = [box]
        self.textbox.draw(self.ctx, canvas, box, offset, label=label)

    def _menu_height(self, content: pygame.Rect, width: int) -> int:
        """How tall the menu stands at this width: the out-of-reach message, the choices, the question above them and
        the last line above that when it fits (as _draw_choices places them)."""
        ctx = self.ctx
        msg_h = self._message_height(width) + 6 if self.choices.message else 0
        head = ctx.fonts.get("speaker")
        ask = ctx.text.wrap(head, self.menu_prompt, width - 2 * PAD) if self.menu_prompt else ()
        ask_h = len(ask) * line_height(head) + PAD + 6 if ask else 0
        used = min(self.choices.needed_height(ctx, width), content.h - msg_h - ask_h)
        total = msg_h + ask_h + used
        if self.textbox.text:
            label = self._thought_label() if self.textbox.kind == "thought" else None
            ph = self.textbox.layout(ctx, width, content.h, label=label)
            if len(self.textbox.pages) == 1 and ph + 12 <= content.h - total:
                total += ph + 12
        return total

    def _message_lines(self, width: int) -> list[str]:
        """"Out of reach: <reason>", wrapped to the menu's width: the whole reason, however narrow the menu is."""
        message = _("Out of reach: {reason}").format(reason=self.choices.message)
        return list(self.ctx.text.wrap(self.ctx.fonts.get("small"), message, width - 2 * PAD)) or [message]

    def _message_height(self, width: int) -> int:
        return len(self._message_lines(width)) * line_height(self.ctx.fonts.get("small")) + PAD

    def _draw_choices(self, canvas: pygame.Surface, content: pygame.Rect, offset: tuple[int, int]) -> None:
        ctx, th = self.ctx, self.ctx.theme
        # the menu stands beside the characters' faces when there is room, never in front of them
        band = self._beside_faces(content, lambda x0, x1: pygame.Rect(
            x0, content.bottom - self._menu_height(content, x1 - x0), x1 - x0, self._menu_height(content, x1 - x0)))
        content = pygame.Rect(band.x, content.y, band.w, content.h)
        self.panel_band = band
        self.panels = []
        need = self.choices.needed_height(ctx, content.w)
        msg_h = self._message_height(content.w) if self.choices.message else 0
        # the last line (usually the question) stays just above the choices when there is room for both
        self.prompt_shown = False
        area = pygame.Rect(content)
        if msg_h:
            mr = pygame.Rect(area.x, area.bottom - msg_h, area.w, msg_h)
            self.panels.append(mr)
            draw_panel(canvas, mr, th.caption_bg, 255, border=th.caption_text, width=1)
            small = ctx.fonts.get("small")
            for n, text in enumerate(self._message_lines(mr.w)):
                canvas.blit(ctx.text.render(small, text, th.caption_text, bg=th.caption_bg),
                            (mr.x + PAD, mr.y + PAD // 2 + n * line_height(small)))
            area = pygame.Rect(area.x, area.y, area.w, area.h - msg_h - 6)
        # the beat's own question ("What do you do?") sits right above the choices, always
        head = ctx.fonts.get("speaker")
        ask = ctx.text.wrap(head, self.menu_prompt, area.w - 2 * PAD) if self.menu_prompt else ()
        ask_h = len(ask) * line_height(head) + PAD if ask else 0
        used = min(need, area.h - (ask_h + 6 if ask else 0))
        choice_area = pygame.Rect(area.x, area.bottom - used, area.w, used)
        self._prompt_rects = []
        if ask:
            pr = pygame.Rect(area.x, choice_area.y - 6 - ask_h, area.w, ask_h)
            self.panels.append(pr)
            draw_panel(canvas, pr, th.panel, 255, border=th.accent, width=2)
            y = pr.y + PAD // 2
            for ln in ask:
                surf = ctx.text.render(head, ln, th.accent, bg=th.panel)
                canvas.blit(surf, (pr.x + PAD, y))
                self._prompt_rects.append((pygame.Rect(pr.x + PAD, y, surf.get_width(), surf.get_height()), pr))
                y += line_height(head)
            area = pygame.Rect(area.x, area.y, area.w, pr.y - area.y)
        if self.textbox.text:
            label = self._thought_label() if self.textbox.kind == "thought" else None
            ph = self.textbox.layout(ctx, content.w, content.h, label=label)
            if len(self.textbox.pages) == 1 and ph + 12 <= (pr.y if ask else choice_area.y) - area.y:
                self.textbox.finish()
                box = pygame.Rect(content.x, (pr.y if ask else choice_area.y) - 12 - ph, content.w, ph)
                self.panels.append(box)
                self.textbox.draw(ctx, canvas, box, offset, label=label, hint=False)
                self.prompt_shown = True
        self.choice_rect = choice_area
        self.choices.layout(ctx, choice_area.move(offset))
        self.choices.draw(ctx, canvas)
        self.panels += [r for i, r in enumerate(self.choices.menu.rows) if self.choices.menu.visible(i)]

    def _draw_crowd(self, canvas: pygame.Surface, box: pygame.Rect) -> None:
        if not self._crowd_words or self.effects.level("crowd") <= 0:
            return
        ctx, th = self.ctx, self.ctx.theme
        area = pygame.Rect(box.x, max(120, box.y - 200), box.w, 190)
        font = ctx.fonts.get("small")
        for i, pos in enumerate(self.effects.crowd_positions(self.t, 10, area)):
            word = self._crowd_words[i % len(self._crowd_words)]
            s = ctx.faded(font, word, th.muted, 120)
            canvas.blit(s, pos)

    def _draw_intrusive(self, canvas: pygame.Surface, content: pygame.Rect) -> None:
        alpha = self.effects.intrusive_alpha(self.t)
        if alpha <= 0:
            return
        e = self.effects.active.get("intrusive")
        pool = self.thoughts or ([e.caption] if e and e.caption else [])
        if not pool:
            return
        i = self.effects.intrusive_index(self.t)
        text = pool[i % len(pool)]
        ctx, th = self.ctx, self.ctx.theme
        font = ctx.fonts.get("thought")
        lines = ctx.text.wrap(font, text, content.w // 2)[:3]
        y = content.y + 20 + (i * 97) % max(1, content.h // 3)
        x = content.x + 40 + (i * 211) % max(1, content.w // 2 - 40)
        for ln in lines:
            s = ctx.faded(font, ln, th.thought_text, 255)
            s.set_alpha(alpha)
            canvas.blit(s, (x, y))
            y += line_height(font)

    # -- autoplay, screenshots, speech ---------------------------------------------------------------------------
    def auto_step(self, rng: Any) -> bool:
        if self.mode == "pause":
            self.advance()
            return True
        if self.mode == "line":
            if not self.textbox.complete and self.ctx.autoplay_delay > 0:
                return False  # a demo lets the line type itself out, as a player would see it
            self.advance()
            return True
        if self.mode == "choices":
            avail = [i for i, o in enumerate(self.choices.options) if o.available]
            if avail:
                self.choose(rng.choice(avail))
                return True
        return False

    def screenshot_tag(self) -> str | None:
        if self.mode == "line" and self.textbox.complete:
            return f"{self.beat or 'scene'}"
        if self.mode == "choices":
            return f"{self.beat or 'scene'}-choices"
        return None

    def spoken_summary(self) -> str:
        if self.mode == "choices":
            return self.choices.spoken()
        if self.mode == "line":
            return self.textbox.text
        return ""
