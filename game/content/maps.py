"""Tiled maps (.tmx) as data: read with pytmx (no images), checked first for what we do not support, so that every
map either loads or gets a located diagnostic (file, line, and the layer or object), never a traceback.

What a map gives the story: its size, which tiles block walking (a tile property or a collision layer), the spawn
point, and the zones, people and exits (Tiled objects whose class, or `type` in older maps, says which).
"""
from __future__ import annotations

import base64
import math
import os
import re
import zlib
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import numpy as np

from .diagnostics import Diagnostic

MAX_MAP_BYTES = 16 * 1024 * 1024  # a 200x200 map with a few CSV layers is well under 1 MB
MAX_TILES = 1_000_000  # width x height: walking data and the flood fill stay small
PLACE_KINDS = ("zone", "person", "exit")
BLOCK_PROPERTIES = ("blocked", "collides", "solid", "wall")  # a tile with one of these set to true blocks walking


@dataclass(frozen=True, slots=True)
class MapObject:
    """A zone, person, exit or spawn point on the map, in pixels and in the tiles it covers."""
    id: int
    name: str
    kind: str  # spawn | zone | person | exit
    x: float
    y: float
    width: float
    height: float
    tiles: tuple[tuple[int, int], ...]  # (column, row) of every tile the object covers, inside the map
    layer: str
    line: int


@dataclass(frozen=True)
class MapData:
    path: str  # absolute path of the .tmx (the window loads it again with images)
    shown: str  # as messages show it
    width: int  # in tiles
    height: int
    tile_width: int  # in pixels
    tile_height: int
    blocked: bytes  # width*height, row-major, 1 where the figure cannot walk
    spawn: MapObject | None
    places: dict[str, MapObject] = field(default_factory=dict)  # zones, people and exits by name

    def is_blocked(self, col: int, row: int) -> bool:
        if not (0 <= col < self.width and 0 <= row < self.height):
            return True
        return self.blocked[row * self.width + col] == 1

    def tile_at(self, x: float, y: float) -> tuple[int, int]:
        return int(x // self.tile_width), int(y // self.tile_height)

    def reachable_tiles(self, start: tuple[int, int] | None = None) -> set[tuple[int, int]]:
        """Every walkable tile the figure can reach from start (the spawn point by default), in four directions."""
        if start is None:
            if self.spawn is None or not self.spawn.tiles:
                return set()
            start = self.spawn.tiles[0]
        if self.is_blocked(*start):
            return set()
        seen = {start}
        queue = deque([start])
        w, h, blocked = self.width, self.height, self.blocked
        while queue:
            c, r = queue.popleft()
            for nc, nr in ((c + 1, r), (c - 1, r), (c, r + 1), (c, r - 1)):
                if 0 <= nc < w and 0 <= nr < h and (nc, nr) not in seen and blocked[nr * w + nc] == 0:
                    seen.add((nc, nr))
                    queue.append((nc, nr))
        return seen

    def path_to(self, start: tuple[int, int], goals: set[tuple[int, int]]) -> list[tuple[int, int]]:
        """Tiles from start (excluded) to the nearest walkable goal, shortest first; [] when there is no way or the
        figure is already on a goal."""
        goals = {g for g in goals if not self.is_blocked(*g)}
        if start in goals or not goals:
            return []
        came: dict[tuple[int, int], tuple[int, int]] = {start: start}
        queue = deque([start])
        while queue:
            cur = queue.popleft()
            if cur in goals:
                out = []
                while cur != start:
                    out.append(cur)
                    cur = came[cur]
                return out[::-1]
            c, r = cur
            for nxt in ((c + 1, r), (c - 1, r), (c, r + 1), (c, r - 1)):
                if nxt not in came and not self.is_blocked(*nxt):
                    came[nxt] = cur
                    queue.append(nxt)
        return []

    def approach_tiles(self, obj: MapObject) -> set[tuple[int, int]]:
        """Tiles from which the figure is at a place: on it, or (for people, who stand on blocked tiles) beside it."""
        tiles = set(obj.tiles)
        if obj.kind == "person":
            for c, r in obj.tiles:
                tiles |= {(c + 1, r), (c - 1, r), (c, r + 1), (c, r - 1)}
        return {t for t in tiles if not self.is_blocked(*t)}


class _Node:
    __slots__ = ("tag", "attrs", "line", "col", "children", "text")

    def __init__(self, tag: str, attrs: dict, line: int, col: int):
        self.tag, self.attrs, self.line, self.col = tag, attrs, line, col
        self.children: list[_Node] = []
        self.text: list[str] = []

    def find_all(self, tag: str):
        for ch in self.children:
            if ch.tag == tag:
                yield ch
            yield from ch.find_all(tag)


class _MapProblem(Exception):
    def __init__(self, line: int, col: int, code: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.line, self.col, self.code, self.message, self.hint = line, col, code, message, hint


def _parse_xml(data: bytes) -> _Node:
    """The document as a small tree with line and column on every element. No DTD, no entities: a map never needs
    them, and entity expansion is how small hostile XML files become huge."""
    parser = expat.ParserCreate()
    root = _Node("#document", {}, 1, 1)
    stack = [root]

    def start(tag, attrs):
        node = _Node(tag, attrs, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        stack[-1].children.append(node)
        stack.append(node)

    def end(tag):
        stack.pop()

    def text(chars):
        stack[-1].text.append(chars)

    def doctype(*_):
        raise _MapProblem(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, "V109",
                          "the map has a DOCTYPE or entity declarations, which Tiled never writes",
                          "save the map again from Tiled")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except (LookupError, ValueError) as exc:  # an unknown `encoding=` in the XML declaration, and the like
        raise _MapProblem(1, 1, "V101", f"not a readable Tiled map: {exc}", "open it in Tiled and save it again") \
            from None
    except expat.ExpatError as exc:
        raise _MapProblem(exc.lineno, exc.offset + 1, "V101", f"not a readable Tiled map: {expat.errors.messages[exc.code]}"
                          if hasattr(expat.errors, "messages") else f"not a readable Tiled map: {exc}",
                          "open it in Tiled and save it again") from None
    return root


def _where(node: _Node, what: str) -> str:
    name = node.attrs.get("name")
    return f"{what} `{name}`" if name else f"{what} (id {node.attrs.get('id', '?')})"


def _int_attr(node: _Node, key: str, default: int | None = None) -> int:
    raw = node.attrs.get(key)
    if raw is None and default is not None:
        return default
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise _MapProblem(node.line, node.col, "V101", f"<{node.tag}> has `{key}=\"{raw}\"`, not a whole number",
                          "open it in Tiled and save it again") from None


def _check_tileset(ts: _Node, base: Path, shown_ts: str, diags: list[Diagnostic], shown: str) -> None:
    """Images of a tileset (inline or in a .tsx) must exist: the window draws them."""
    for img in ts.find_all("image"):
        src = img.attrs.get("source")
        if src and not (base / src).is_file():
            diags.append(Diagnostic(shown, img.line, img.col, "error", "V108",
                                    f"tileset `{ts.attrs.get('name', '?')}`{shown_ts}: image `{src}` not found",
                                    "put the image next to the map (or fix the path in Tiled's tileset properties)"))


def _prescan(path: Path, shown: str, data: bytes, diags: list[Diagnostic]) -> _Node | None:
    """Everything pytmx would stumble on, found with a location. Returns the <map> element when pytmx may go ahead."""
    try:
        root = _parse_xml(data)
    except _MapProblem as p:
        diags.append(Diagnostic(shown, p.line, p.col, "error", p.code, p.message, p.hint))
        return None
    top = root.children[0] if root.children else None
    if top is None or top.tag != "map":
        line, col = (top.line, top.col) if top else (1, 1)
        diags.append(Diagnostic(shown, line, col, "error", "V101", "not a Tiled map: the file does not start with <map>",
                                "a map is the .tmx file Tiled saves"))
        return None
    before = len(diags)
    try:
        width, height = _int_attr(top, "width"), _int_attr(top, "height")
        tw, th = _int_attr(top, "tilewidth"), _int_attr(top, "tileheight")
    except _MapProblem as p:
        diags.append(Diagnostic(shown, p.line, p.col, "error", p.code, p.message, p.hint))
        return None
    orientation = top.attrs.get("orientation", "orthogonal")
    if orientation != "orthogonal":
        diags.append(Diagnostic(shown, top.line, top.col, "error", "V102",
                                f"the map is {orientation}; Vantage walks orthogonal maps only",
                                "make a new map in Tiled with Orientation: Orthogonal"))
    if top.attrs.get("infinite", "0") == "1" or any(True for _ in top.find_all("chunk")):
        diags.append(Diagnostic(shown, top.line, top.col, "error", "V103",
                                "the map is infinite; Vantage needs a fixed size",
                                "in Tiled: Map > Map Properties, untick Infinite, then save"))
        return None  # its layers hold chunks: every layer would also be reported as damaged
    if width <= 0 or height <= 0 or tw <= 0 or th <= 0 or width * height > MAX_TILES:
        diags.append(Diagnostic(shown, top.line, top.col, "error", "V117",
                                f"map size {width}x{height} tiles of {tw}x{th} pixels is outside what Vantage plays "
                                f"(at least 1x1, at most {MAX_TILES:,} tiles)", "make the map smaller in Tiled"))
        return None
    for layer in top.find_all("layer"):
        where = _where(layer, "layer")
        for dnode in layer.children:
            if dnode.tag != "data":
                continue
            enc, comp = dnode.attrs.get("encoding"), dnode.attrs.get("compression")
            if enc is None or any(ch.tag == "tile" for ch in dnode.children):
                diags.append(Diagnostic(shown, dnode.line, dnode.col, "error", "V104",
                                        f"{where} stores its tiles as XML elements, which pytmx cannot read",
                                        "in Tiled: Map > Map Properties > Tile Layer Format: CSV, then save"))
            elif enc not in ("csv", "base64"):
                diags.append(Diagnostic(shown, dnode.line, dnode.col, "error", "V104",
                                        f"{where}: tile data encoding `{enc}` is not supported",
                                        "use CSV or Base64 (zlib) in Map Properties"))
            elif comp not in (None, "zlib", "gzip"):
                diags.append(Diagnostic(shown, dnode.line, dnode.col, "error", "V105",
                                        f"{where} is compressed with {comp}, which Vantage cannot read",
                                        "in Tiled: Map > Map Properties > Tile Layer Format: CSV or Base64 (zlib)"))
            elif enc == "base64":
                _check_base64(dnode, where, width, height, shown, diags)
            else:
                _check_csv(dnode, where, width, height, shown, diags)
    for obj in top.find_all("object"):
        if obj.attrs.get("template"):
            diags.append(Diagnostic(shown, obj.line, obj.col, "error", "V106",
                                    f"{_where(obj, 'object')} comes from the template `{obj.attrs['template']}`; "
                                    "templates are not supported",
                                    "in Tiled: select the object, right-click > Detach Template, then save"))
    for ts in top.find_all("tileset"):
        src = ts.attrs.get("source")
        if src is None:
            _check_tileset(ts, path.parent, "", diags, shown)
            continue
        ts_path = path.parent / src
        if not src.lower().endswith(".tsx"):
            diags.append(Diagnostic(shown, ts.line, ts.col, "error", "V118",
                                    f"tileset `{src}` is not a .tsx file; pytmx reads .tsx tilesets only",
                                    "in Tiled: open the tileset, File > Save As... and choose .tsx"))
            continue
        if not ts_path.is_file():
            diags.append(Diagnostic(shown, ts.line, ts.col, "error", "V107", f"tileset file `{src}` not found",
                                    f"looked in {ts_path.parent}; put the .tsx next to the map or fix the path"))
            continue
        try:
            ts_data = ts_path.read_bytes()[:MAX_MAP_BYTES + 1]
            if len(ts_data) > MAX_MAP_BYTES:
                raise _MapProblem(1, 1, "V100", "the tileset file is too large")
            ts_root = _parse_xml(ts_data)
        except OSError as exc:
            diags.append(Diagnostic(shown, ts.line, ts.col, "error", "V107",
                                    f"tileset file `{src}` cannot be read ({exc.strerror})"))
            continue
        except _MapProblem as p:
            diags.append(Diagnostic(shown, ts.line, ts.col, "error", p.code,
                                    f"tileset `{src}` line {p.line}: {p.message}", p.hint))
            continue
        for inner in ts_root.children:
            _check_tileset(inner, ts_path.parent, f" (in {src})", diags, shown)
    _check_properties(top, "the map", shown, diags)
    for il in top.find_all("imagelayer"):
        if not any(ch.tag == "image" for ch in il.children):
            diags.append(Diagnostic(shown, il.line, il.col, "error", "V120",
                                    f"{_where(il, 'image layer')} has no image, which pytmx cannot read",
                                    "give it an image in Tiled, or delete the empty layer"))
        for img in il.find_all("image"):
            src = img.attrs.get("source")
            if src and not (path.parent / src).is_file():
                diags.append(Diagnostic(shown, img.line, img.col, "error", "V108",
                                        f"{_where(il, 'image layer')}: image `{src}` not found"))
    return None if len(diags) > before else top


_OWNERS = {"map": "the map", "layer": "layer", "objectgroup": "object layer", "group": "group layer",
           "imagelayer": "image layer", "object": "object", "tileset": "tileset", "tile": "tile"}


def _check_properties(node: _Node, where: str, shown: str, diags: list[Diagnostic]) -> None:
    """Custom properties of type class or list: pytmx cannot read them (it stops with a bare KeyError)."""
    for ch in node.children:
        if ch.tag == "properties":
            for prop in ch.children:
                kind = prop.attrs.get("type")
                if prop.tag == "property" and kind in ("class", "list"):
                    diags.append(Diagnostic(shown, prop.line, prop.col, "error", "V119",
                                            f"{where}: custom property `{prop.attrs.get('name', '?')}` is a {kind}, "
                                            "which pytmx cannot read",
                                            "use plain properties (text, number, true/false) instead"))
        elif ch.tag in _OWNERS:
            _check_properties(ch, _where(ch, _OWNERS[ch.tag]) if ch.tag != "map" else "the map", shown, diags)


_CSV = re.compile(r"[0-9,\s]*")


def _check_csv(dnode: _Node, where: str, width: int, height: int, shown: str, diags: list[Diagnostic]) -> None:
    text = "".join(dnode.text).strip()
    if not _CSV.fullmatch(text):
        diags.append(Diagnostic(shown, dnode.line, dnode.col, "error", "V101",
                                f"{where}: tile data has something other than tile numbers",
                                "open the map in Tiled and save it again"))
    elif text.count(",") + 1 != width * height or ",," in re.sub(r"\s", "", text):
        diags.append(Diagnostic(shown, dnode.line, dnode.col, "error", "V101",
                                f"{where}: tile data has {text.count(',') + 1} tiles, the layer has {width * height}",
                                "open the map in Tiled and save it again"))


def _check_base64(dnode: _Node, where: str, width: int, height: int, shown: str, diags: list[Diagnostic]) -> None:
    """Decompress with a ceiling, so a small file cannot expand into gigabytes before pytmx sees it."""
    limit = width * height * 4
    try:
        raw = base64.b64decode("".join(dnode.text).strip(), validate=False)
        comp = dnode.attrs.get("compression")
        if comp:
            d = zlib.decompressobj(31 if comp == "gzip" else 15)
            out = d.decompress(raw, limit + 1)
            if len(out) > limit or d.unconsumed_tail:
                raise ValueError("more tile data than the layer has tiles")
        else:
            out = raw
    except (ValueError, zlib.error) as exc:
        diags.append(Diagnostic(shown, dnode.line, dnode.col, "error", "V101", f"{where}: tile data is damaged ({exc})",
                                "open the map in Tiled and save it again"))
        return
    if len(out) != limit:
        diags.append(Diagnostic(shown, dnode.line, dnode.col, "error", "V101",
                                f"{where}: tile data has {len(out) // 4} tiles, the layer has {width * height}",
                                "open the map in Tiled and save it again"))


def _truthy(value) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "1", "yes"))


def _object_lines(top: _Node) -> dict[int, int]:
    return {int(o.attrs["id"]): o.line for o in top.find_all("object") if o.attrs.get("id", "").isdigit()}


def read_map(path: Path, shown: str | None = None) -> tuple[MapData | None, list[Diagnostic]]:
    """A Tiled map as data, or None with diagnostics saying where and why. Never raises for a bad file."""
    shown = shown or str(path)
    diags: list[Diagnostic] = []
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_MAP_BYTES + 1)
    except FileNotFoundError:
        return None, [Diagnostic(shown, 0, 0, "error", "V100", "map file not found")]
    except OSError as exc:
        return None, [Diagnostic(shown, 0, 0, "error", "V100", f"map file cannot be read ({exc.strerror})")]
    if len(data) > MAX_MAP_BYTES:
        return None, [Diagnostic(shown, 0, 0, "error", "V100",
                                 f"map file is larger than {MAX_MAP_BYTES // (1024 * 1024)} MB",
                                 "a walkable scene needs far less: make the map smaller")]
    top = _prescan(path, shown, data, diags)
    if top is None:
        return None, diags
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # pytmx imports pygame when it is installed
    import pytmx  # here, not at the top: only stories with maps pay for it

    try:
        tmx = pytmx.TiledMap(str(path))  # the default image loader records file names and loads no image
    except Exception as exc:  # noqa: BLE001 - pytmx raises bare Exception and more; all mean "cannot read"
        return None, [Diagnostic(shown, 0, 0, "error", "V101", f"pytmx cannot read the map: {exc or type(exc).__name__}",
                                 "open it in Tiled and save it again")]
    return _from_tmx(tmx, path, shown, top, diags)


def _from_tmx(tmx, path: Path, shown: str, top: _Node, diags: list[Diagnostic]) -> tuple[MapData | None, list]:
    w, h = int(tmx.width), int(tmx.height)
    tw, th = int(tmx.tilewidth), int(tmx.tileheight)
    blocked = np.zeros((h, w), dtype=np.uint8)
    block_gid = np.zeros(max(1, int(tmx.maxgid)) + 1, dtype=bool)
    for gid in range(1, len(block_gid)):
        props = tmx.tile_properties.get(gid) or {}
        if any(_truthy(props.get(k)) for k in BLOCK_PROPERTIES) or props.get("colliders"):
            block_gid[gid] = True
    import pytmx
    for layer in tmx.layers:
        if not isinstance(layer, pytmx.TiledTileLayer):
            continue
        try:
            grid = np.asarray(layer.data, dtype=np.int64)
        except (ValueError, TypeError, OverflowError):
            grid = np.zeros(0)
        if grid.shape != (h, w):
            diags.append(Diagnostic(shown, 0, 0, "error", "V101",
                                    f"layer `{layer.name}` is {grid.shape[1] if grid.ndim == 2 else '?'} tiles wide, "
                                    f"the map {w}", "open the map in Tiled and save it again"))
            return None, diags
        grid = np.clip(grid, 0, len(block_gid) - 1)
        is_collision = (str(layer.name).strip().lower() == "collision"
                        or _truthy(getattr(layer, "properties", {}).get("collision")))
        blocked |= (grid > 0) if is_collision else block_gid[grid]
    lines = _object_lines(top)
    spawn: MapObject | None = None
    places: dict[str, MapObject] = {}
    budget = 4 * MAX_TILES
    for group in tmx.objectgroups:
        for obj in group:
            kind = str(getattr(obj, "class", None) or getattr(obj, "type", None) or "").strip().lower()
            if kind not in PLACE_KINDS and kind != "spawn":
                continue
            oid = int(getattr(obj, "id", 0) or 0)
            line = lines.get(oid, 0)
            name = obj.name
            if kind != "spawn" and not name:
                diags.append(Diagnostic(shown, line, 1 if line else 0, "error", "V116",
                                        f"a {kind} on layer `{group.name}` (object id {oid}) has no name",
                                        "give it a name in Tiled: the scene's YAML refers to it by name"))
                continue
            try:
                ox, oy, ow, oh = float(obj.x), float(obj.y), float(obj.width or 0), float(obj.height or 0)
            except (TypeError, ValueError):
                ox = oy = ow = oh = math.nan
            if not all(math.isfinite(v) and abs(v) < 1e9 for v in (ox, oy, ow, oh)) or ow < 0 or oh < 0:
                diags.append(Diagnostic(shown, line, 1 if line else 0, "error", "V101",
                                        f"{kind} `{name or oid}` on layer `{group.name}` has a position or size that "
                                        "is not a number on the map", "move it in Tiled and save again"))
                continue
            c0, r0 = int(ox // tw), int(oy // th)
            c1 = int((ox + ow - 1e-6) // tw) if ow > 0 else c0
            r1 = int((oy + oh - 1e-6) // th) if oh > 0 else r0
            cols, rows = range(max(0, c0), min(w - 1, c1) + 1), range(max(0, r0), min(h - 1, r1) + 1)
            budget -= len(cols) * len(rows)
            if budget < 0:  # thousands of map-sized zones would take gigabytes as tile lists
                diags.append(Diagnostic(shown, line, 1 if line else 0, "error", "V117",
                                        f"the zones, people and exits cover more than {4 * MAX_TILES:,} tiles in all",
                                        "use fewer or smaller places"))
                return None, diags
            tiles = tuple((c, r) for r in rows for c in cols)
            mo = MapObject(oid, str(name or "spawn"), kind, ox, oy, ow, oh, tiles, str(group.name), line)
            if kind == "spawn":
                if spawn is not None:
                    diags.append(Diagnostic(shown, line, 1 if line else 0, "error", "V110",
                                            f"a second spawn point (object id {oid} on layer `{group.name}`); "
                                            f"the first is on line {spawn.line}", "keep one object of class `spawn`"))
                    continue
                spawn = mo
            elif mo.name in places:
                diags.append(Diagnostic(shown, line, 1 if line else 0, "error", "V116",
                                        f"two places are called `{mo.name}` (object ids {places[mo.name].id} and "
                                        f"{oid})", "names of zones, people and exits must be different"))
            else:
                places[mo.name] = mo
    return MapData(str(path), shown, w, h, tw, th, blocked.tobytes(), spawn, places), diags


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith(os.pardir) else rel
