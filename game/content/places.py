"""Map scenes in the story model: a scene with `map:` gets a walking state, the beat `scene.map`, whose menu is the
Places list (its zones, people and exits as choices). Checks the YAML against the map: names on both sides, places
the figure cannot walk to, and a map with no way out.

Walking is the player's business; to the story a map is this menu plus `Story.enter` / `Story.use`.
"""
from __future__ import annotations

import hashlib
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import expr as ex
from .diagnostics import Diagnostic, did_you_mean
from .map_schema import HUB_BEAT
from .maps import MapData, read_map
from .model import BeatDef, ChoiceDef, Narrative, PerceiveDef
from .yamlwalk import key_mark, value_mark

SECTIONS = (("zones", "zone"), ("people", "person"), ("exits", "exit"))


@dataclass(frozen=True, slots=True)
class PlaceDef:
    name: str  # the Tiled object's name; also the choice id in the Places list
    kind: str  # zone | person | exit
    label: str
    trigger: str | None  # "enter" (walk in), "use" (Enter/Space there), or None (a zone that only colours the air)
    near: PerceiveDef | None  # perception growing as the figure comes closer


@dataclass(frozen=True)
class MapScene:
    path: str  # as written, under assets/
    file: str  # absolute path of the .tmx
    places: tuple[PlaceDef, ...]
    slow_walk_if: ex.Expr | None
    data: MapData | None  # None only when the map could not be read (then the story has errors anyway)

    def place(self, name: str) -> PlaceDef | None:
        return next((p for p in self.places if p.name == name), None)


def is_map_scene(doc: Any) -> bool:
    return hasattr(doc, "get") and isinstance(doc.get("map"), str)


def map_digest(assets_root: Path, docs: list[tuple[str, Any]]) -> bytes:
    """The bytes of every map the scenes use, hashed, for the content hash: a changed map is changed content."""
    h = hashlib.sha256()
    for _, doc in docs:
        if is_map_scene(doc):
            h.update(doc["map"].encode())
            tmx = assets_root / doc["map"]
            try:
                data = tmx.read_bytes()
            except OSError:
                h.update(b"\0missing")
                continue
            h.update(data)
            # the tilesets too: a tile marked `blocked` there changes where the figure can walk
            for src in sorted(set(re.findall(rb'<tileset[^>]*\ssource="([^"]+)"', data))):
                try:
                    h.update(src + b"\0" + (tmx.parent / src.decode("utf-8", "replace")).read_bytes())
                except (OSError, ValueError):
                    h.update(src + b"\0missing")
    return h.digest()


def _perceive(p: Any, captions: dict[str, str]) -> PerceiveDef | None:
    if not p or "effect" not in p or "intensity" not in p:
        return None
    return PerceiveDef(p["effect"], float(p["intensity"]), None, p.get("caption") or captions[p["effect"]])


def build_map_scene(b: Any, sid: str, doc: Any, assets_root: Path, captions: dict[str, str]) -> tuple[MapScene, BeatDef]:
    """The MapScene and its hub beat (`sid.map`), with every check of the YAML against the map. `b` is the Builder."""
    rel = doc["map"]
    if not rel.lower().endswith(".tmx"):
        b.err(value_mark(doc, "map"), "V013", f"`map: {rel}` should name a Tiled map, a `.tmx` file",
              "in Tiled, File > Save As... and choose the .tmx format")
    b.check_asset(assets_root, rel, value_mark(doc, "map"), picture=False)
    file = assets_root / rel
    data: MapData | None = None
    if file.is_file() and not Path(rel).is_absolute() and ".." not in Path(rel).parts:
        shown = _shown(file)
        data, problems = read_map(file, shown)
        if b.checks:
            b.diags.extend(problems)
    full = f"{sid}.{HUB_BEAT}"
    places: list[PlaceDef] = []
    choices: list[ChoiceDef] = []
    seen: dict[str, tuple[int, int]] = {}
    for section, kind in SECTIONS:
        for item in doc.get(section) or ():
            name = item.get("name")
            if name is None or "label" not in item:
                continue
            mark = value_mark(item, "name")
            if name in seen:
                b.err(mark, "V020", f"`{name}` is named twice in this scene's zones, people and exits "
                      f"(first on line {seen[name][0]})")
                continue
            seen[name] = mark
            trigger = None
            goto = ending = None
            requires = None
            effects: tuple = ()
            if kind == "zone":
                if "on_enter" in item and "on_use" in item:
                    b.err(key_mark(item, "on_use"), "V013", f"zone `{name}` has both `on_enter` and `on_use`",
                          "a zone starts one beat: make two zones, or choose one")
                key = "on_enter" if "on_enter" in item else "on_use" if "on_use" in item else None
                if key:
                    trigger = "enter" if key == "on_enter" else "use"
                    goto = b.resolve_goto(item[key], sid, item, key)
            elif kind == "person":
                trigger = "use"
                goto = b.resolve_goto(item["talk"], sid, item, "talk")
            else:
                trigger = "enter"
                if "goto" in item and "ending" in item:
                    b.err(key_mark(item, "ending"), "V013", f"exit `{name}` has both `goto` and `ending`")
                if "goto" in item:
                    goto = b.resolve_goto(item["goto"], sid, item, "goto")
                elif "ending" in item:
                    ending = b.resolve_ending(item["ending"], item, "ending")
                else:
                    b.err(mark, "V041", f"exit `{name}` leads nowhere", "give it a `goto` or an `ending`")
                requires = b.condition(sid, item, "requires")
                if "requires" in item and "locked_reason" not in item:
                    b.err(key_mark(item, "requires"), "V011", f"exit `{name}` can be locked but has no "
                          "`locked_reason`", "students see why a way is closed: add e.g. "
                          "`locked_reason: You can't face it yet.`")
                effects = b.effects(sid, item)
            places.append(PlaceDef(name, kind, item["label"], trigger, _perceive(item.get("near"), captions)))
            if trigger is not None and (goto or ending):
                choices.append(ChoiceDef(name, f"{full}.{name}", item["label"], b.condition(sid, item, "if"), requires,
                                         item.get("locked_reason"), bool(item.get("once", False)), effects, (),
                                         goto, ending))
    scene = MapScene(rel, str(file), tuple(places), b.condition(sid, doc, "slow_walk_if"), data)
    hub = BeatDef(HUB_BEAT, full, sid, (), (), None, tuple(choices), None, (), None)
    if b.checks and data is not None:
        _check_against_map(b, sid, doc, scene, data)
    return scene, hub


def _shown(path: Path) -> str:
    from .maps import display_path
    return display_path(path)


def _check_against_map(b: Any, sid: str, doc: Any, scene: MapScene, data: MapData) -> None:
    named = {p.name: p for p in scene.places}
    for section, kind in SECTIONS:
        for item in doc.get(section) or ():
            name = item.get("name")
            if name not in named:
                continue
            obj = data.places.get(name)
            if obj is None:
                b.err(value_mark(item, "name"), "V111", f"{kind} `{name}` is not on the map {data.shown}",
                      did_you_mean(name, data.places) or f"in Tiled, name an object `{name}` and set its class to "
                                                         f"`{kind}`")
            elif obj.kind != kind:
                b.err(value_mark(item, "name"), "V111", f"`{name}` is a {obj.kind} on the map, but listed under "
                      f"`{section}` here", f"set its class to `{kind}` in Tiled, or move it to the right list")
    for name, obj in sorted(data.places.items()):
        if name not in named:
            b.diags.append(Diagnostic(data.shown, obj.line, 1 if obj.line else 0, "warning", "V112",
                                      f"{obj.kind} `{name}` (layer `{obj.layer}`) is not used by scene `{sid}`",
                                      f"add it under `{dict((k, s) for s, k in SECTIONS)[obj.kind]}:` in the "
                                      "scene, or delete it in Tiled"))
    mark = value_mark(doc, "map")
    if data.spawn is None:
        b.err(mark, "V110", f"the map {data.shown} has no spawn point",
              "in Tiled, add a point object of class `spawn` where the student starts")
        return
    if not data.spawn.tiles or data.is_blocked(*data.spawn.tiles[0]):
        b.diags.append(Diagnostic(data.shown, data.spawn.line, 1 if data.spawn.line else 0, "error", "V115",
                                  "the spawn point is on a blocked tile or outside the map",
                                  "move it onto a floor tile"))
        return
    walk = data.reachable_tiles()
    reach_ok: set[str] = set()
    for section, kind in SECTIONS:
        for item in doc.get(section) or ():
            name = item.get("name")
            obj = data.places.get(name)
            if name not in named or obj is None:
                continue
            if data.approach_tiles(obj) & walk:
                reach_ok.add(name)
            else:
                b.err(value_mark(item, "name"), "V113", f"{kind} `{name}` cannot be reached from the spawn point "
                      f"over walkable tiles", "open a way to it in Tiled (a blocked tile or the collision layer "
                      "is in the way), or move it")
    b.map_reach[sid] = reach_ok


def check_way_out(n: Narrative, reach: dict[str, set[str]], marks: dict) -> list[Diagnostic]:
    """A map from which, walking only where the figure can walk, no ending and no other scene can be reached."""
    from .analysis import ends_here, successors

    diags = []
    for sid, ok in reach.items():
        hub = n.beats.get(f"{sid}.{HUB_BEAT}")
        if hub is None:
            continue
        if any(c.ending for c in hub.choices if c.id in ok):
            continue  # an exit to an ending can be walked to
        start = [c.goto for c in hub.choices if c.id in ok and c.goto]
        seen = set(start)
        queue = deque(start)
        found = False
        while queue:
            cur = n.beats.get(queue.popleft())
            if cur is None:
                continue
            if cur.full_id != hub.full_id and (cur.scene != sid or ends_here(cur)):
                found = True  # out of the map, or an ending
                break
            # back on the map, only the places the figure can walk to count
            nexts = ([c.goto for c in cur.choices if c.id in ok and c.goto] if cur.full_id == hub.full_id
                     else successors(cur))
            for nxt in nexts:
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        if not found:
            path, mark = marks.get(sid, (n.path, (0, 0)))
            diags.append(Diagnostic(path, mark[0], mark[1], "error", "V114",
                                    f"from the map of scene `{sid}` no exit and no ending can be reached by walking: "
                                    "the student would be stuck there", "open a way to an exit in Tiled, or give "
                                    "a reachable zone or person a beat that leads on"))
    return diags
