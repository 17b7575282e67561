"""The stage in the window: characters standing left and right of the text box with their current expression,
the speaker picked out (their colour, plus a raised, framed portrait and a marker by the name: never colour alone),
scene title cards with a short fade (none with Reduce motion), and captions for sound and music cues.

Holds no story rules: it shows what the runner's events say (CharacterShown/Hidden, SoundCue, MusicCue, SceneEntered).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.story import events as ev
from game.ui.widgets import PAD, draw_panel, line_height

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext

log = logging.getLogger(__name__)

TITLE_SECONDS = 2.2  # how long a scene's title card stays
FADE_SECONDS = 0.6  # the fade from dark into a new scene (none with Reduce motion)
FADE_DEPTH = 170  # how dark the picture starts (of 255): a dip, not a black frame
CAPTION_SECONDS = 5.0  # how long a sound's caption stays
PORTRAIT_SHARE = 0.62  # portrait height as a share of the canvas height
# Where the face is in a portrait, as shares of the picture (left, top, width, height): portraits are head-and-shoulders
# pictures with the face in the upper middle, as tools/draw_portraits.py draws them (brows to mouth, ear to ear).
# The text panels in front of the stage keep clear of it (see StoryScreen): a face is how a reader knows who it is.
FACE_BOX = (0.2, 0.3, 0.6, 0.36)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio of two colours."""
    def lum(c: tuple[int, int, int]) -> float:
        ch = [v / 255 for v in c]
        ch = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def hex_colour(text: str | None) -> tuple[int, int, int] | None:
    if not text or len(text) != 7 or not text.startswith("#"):
        return None
    try:
        return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)
    except ValueError:
        return None


class StageView:
    def __init__(self, ctx: "ScreenContext", narrative: Any) -> None:
        self.ctx = ctx
        self.root = Path(getattr(narrative, "assets_root", "") or ".")
        self.on: dict[str, ev.CharacterShown] = {}  # in the order they came on
        self.speaker_id: str | None = None
        self.title: str | None = None
        self.title_at = -1e9
        self.captions: list[tuple[str, float]] = []  # (caption, shown at)
        self._images: dict[tuple[str, int], pygame.Surface | None] = {}
        self.music: ev.MusicCue | None = None  # what plays now, so a resumed story plays it again

    def resume_events(self) -> list[Any]:
        """The stage as events, for an autosave: who stands there with which face, and the music."""
        return [*self.on.values(), *([self.music] if self.music else [])]

    # -- events --------------------------------------------------------------------------------------------------
    def scene(self, e: ev.SceneEntered, now: float) -> None:
        self.on.clear()
        self.speaker_id = None
        self.title, self.title_at = e.title, now
        sound = self.ctx.sound
        if e.ambient:
            sound.play_ambient_file(str(self.root / e.ambient))
            self.caption(e.ambient_caption, now)
        else:
            sound.play_ambience(e.mood)

    def caption(self, text: str | None, now: float) -> None:
        if text and getattr(self.ctx.settings, "captions", True):
            self.captions = [(c, t) for c, t in self.captions if now - t < CAPTION_SECONDS][-2:] + [(text, now)]

    def handle(self, e: Any, now: float) -> str | None:
        """Apply a stage event; returns words to say before the next line (read-aloud), or None."""
        if isinstance(e, ev.CharacterShown):
            self.on[e.character_id] = e
            return e.description  # the picture in words: who came on, or how their face changed
        if isinstance(e, ev.CharacterHidden):
            self.on.pop(e.character_id, None)
            return f"{e.name} leaves."
        if isinstance(e, ev.SoundCue):
            self.ctx.sound.play_cue(str(self.root / e.file))
            self.caption(f"Sound: {e.caption}", now)
            return f"Sound: {e.caption}."
        if isinstance(e, ev.MusicCue):
            self.music = e if e.track_id else None
            self.ctx.sound.play_music(str(self.root / e.file) if e.file else None, e.fade)
            self.caption(f"Music: {e.caption}" if e.track_id else "The music stops", now)
            return None
        return None

    def speaking(self, speaker_id: str | None) -> None:
        self.speaker_id = speaker_id

    # -- time ----------------------------------------------------------------------------------------------------
    def busy(self, now: float) -> bool:
        """True while the stage moves by itself (the fade). A title card or a caption only goes away, which
        next_change() wakes the loop for: waiting for them costs no frames."""
        return not self.ctx.settings.reduce_motion and 0 <= now - self.title_at < FADE_SECONDS

    def next_change(self, now: float) -> float | None:
        """When the stage next changes by itself (a title card or a caption goes), or None."""
        ends = [self.title_at + TITLE_SECONDS] + [t + CAPTION_SECONDS for _, t in self.captions]
        later = [e for e in ends if e > now]
        return min(later) if later else None

    def motion_key(self, now: float) -> tuple:
        reduced = self.ctx.settings.reduce_motion
        fade = 0 if reduced else int(min(1.0, (now - self.title_at) / FADE_SECONDS) * 8)
        return (fade, now - self.title_at < TITLE_SECONDS,
                tuple(c for c, t in self.captions if now - t < CAPTION_SECONDS))

    # -- drawing -------------------------------------------------------------------------------------------------
    def _image(self, path: str, height: int) -> pygame.Surface | None:
        key = (path, height)
        if key not in self._images:
            try:
                img = pygame.image.load(str(self.root / path))
                img = img.convert_alpha() if pygame.display.get_surface() is not None else img
                w = round(img.get_width() * height / img.get_height())
                self._images[key] = pygame.transform.smoothscale(img, (w, height))
            except (pygame.error, FileNotFoundError, OSError) as exc:
                log.info("portrait %s: %s", path, exc)
                self._images[key] = None
        return self._images[key]

    def portrait_rects(self, canvas_size: tuple[int, int], bottom: int) -> dict[str, pygame.Rect]:
        """Where each character stands: left ones from the left edge inwards, right ones from the right."""
        cw, ch = canvas_size
        height = int(ch * PORTRAIT_SHARE)
        width = int(height * 0.75)
        out: dict[str, pygame.Rect] = {}
        sides = {"left": 0, "right": 0}
        wanted = {cid: (e.side if e.side in sides else "left") for cid, e in self.on.items()}
        for cid, shown in self.on.items():
            side = wanted[cid]
            other = "right" if side == "left" else "left"
            if sides[side] and not sides[other] and other not in wanted.values():
                side = other  # both would stand on one side while the other is empty: one crosses over
            n = sides[side]
            sides[side] += 1
            x = 24 + n * (width * 2 // 3) if side == "left" else cw - 24 - width - n * (width * 2 // 3)
            lift = 14 if cid == self.speaker_id else 0
            out[cid] = pygame.Rect(x, bottom - height - lift, width, height)
        return out

    def face_rects(self, canvas_size: tuple[int, int], bottom: int) -> dict[str, pygame.Rect]:
        """Where each shown character's face is on the canvas (characters whose picture cannot be read have none)."""
        out: dict[str, pygame.Rect] = {}
        fx, fy, fw, fh = FACE_BOX
        for cid, rect in self.portrait_rects(canvas_size, bottom).items():
            img = self._image(self.on[cid].image, rect.h)
            if img is None:
                continue
            r = img.get_rect(midbottom=rect.midbottom)
            out[cid] = pygame.Rect(r.x + round(fx * r.w), r.y + round(fy * r.h), round(fw * r.w), round(fh * r.h))
        return out

    def portrait_key(self) -> tuple:
        """What the portraits look like now: the picture is redrawn only when this changes."""
        return (tuple((cid, e.expression) for cid, e in self.on.items()), self.speaker_id,
                self.ctx.theme.name, getattr(self.ctx.settings, "high_contrast", False))

    def draw_portraits(self, canvas: pygame.Surface, bottom: int) -> None:
        th = self.ctx.theme
        for cid, rect in self.portrait_rects(canvas.get_size(), bottom).items():
            shown = self.on[cid]
            img = self._image(shown.image, rect.h)
            if img is None:
                continue
            if cid != self.speaker_id and self.speaker_id is not None:
                img = img.copy()
                img.fill((170, 170, 170, 255), special_flags=pygame.BLEND_RGBA_MULT)  # listeners step back
            canvas.blit(img, img.get_rect(midbottom=rect.midbottom))
            if cid == self.speaker_id:  # the speaker: a marker over their head, not only a colour
                top = img.get_rect(midbottom=rect.midbottom).top + int(rect.h * 0.06)
                cx, r = rect.centerx, 14
                tri = [(cx - r, top - 2 * r), (cx + r, top - 2 * r), (cx, top - 4)]
                pygame.draw.polygon(canvas, self.name_colour(cid) or th.accent, tri)
                pygame.draw.polygon(canvas, th.text, tri, 3)

    def name_colour(self, cid: str | None) -> tuple[int, int, int] | None:
        """The character's colour for their name, when it reads clearly on the panel (never in high contrast)."""
        shown = self.on.get(cid) if cid else None
        colour = hex_colour(shown.colour if shown else None)
        th = self.ctx.theme
        if colour is None or getattr(self.ctx.settings, "high_contrast", False):
            return None
        return colour if contrast(colour, th.panel[:3]) >= 4.5 else None

    def draw_fade(self, canvas: pygame.Surface, now: float) -> None:
        """The new scene's picture comes up out of the dark (the text is drawn after, never dimmed)."""
        since = now - self.title_at
        if not self.ctx.settings.reduce_motion and 0 <= since < FADE_SECONDS:
            veil = pygame.Surface(canvas.get_size())
            veil.fill((0, 0, 0))
            veil.set_alpha(int(FADE_DEPTH * (1 - since / FADE_SECONDS)))
            canvas.blit(veil, (0, 0))

    def draw_overlay(self, canvas: pygame.Surface, now: float, top: int) -> None:
        """The title card and the sound captions, over everything else."""
        ctx, th = self.ctx, self.ctx.theme
        since = now - self.title_at
        if self.title and 0 <= since < TITLE_SECONDS:
            font = ctx.fonts.get("heading")
            s = ctx.text.render(font, self.title, th.text, bg=th.panel)
            card = s.get_rect(center=(canvas.get_width() // 2, top + s.get_height()))
            box = card.inflate(4 * PAD, 2 * PAD)
            draw_panel(canvas, box, th.panel, 255, border=th.text, width=2)
            canvas.blit(s, card)
        live = [c for c, t in self.captions if 0 <= now - t < CAPTION_SECONDS]
        if live:
            small = ctx.fonts.get("small")
            y = top + (2 * line_height(ctx.fonts.get("heading")) + 2 * PAD if self.title and since < TITLE_SECONDS
                       else 0)
            room = canvas.get_width() // 2
            for text in live:
                rows = ctx.text.wrap(small, f"[{text}]", room - 2 * PAD)  # 200% text wraps, never runs off
                width = max(small.size(r)[0] for r in rows)
                box = pygame.Rect(0, 0, width + 2 * PAD, len(rows) * line_height(small) + PAD // 2)
                box.topright = (canvas.get_width() - 20, y)
                draw_panel(canvas, box, th.caption_bg, 255, border=th.caption_text, width=1)
                for i, row in enumerate(rows):
                    s = ctx.text.render(small, row, th.caption_text, bg=th.caption_bg)
                    canvas.blit(s, (box.x + PAD, box.y + PAD // 4 + i * line_height(small)))
                y += box.h + 6
