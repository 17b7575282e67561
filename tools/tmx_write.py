"""Writing small Tiled maps (.tmx) from a picture made of characters: used by tools/draw_map.py for the bundled map
and by tests that need a map of a given shape. Writes what Tiled itself saves (CSV tile data, an external .tsx).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

# the bundled tileset (assets/maps/school.tsx), one tile per character of a map picture
TILE_CHARS = {".": 1, "#": 2, "L": 3, "D": 4, "W": 5, "T": 6, ",": 7, "P": 8, "B": 9}
TILE_NAMES = ["floor", "wall", "lockers", "door", "window", "desk", "mat", "plant", "board"]
BLOCKING = {"wall", "lockers", "window", "desk", "plant", "board"}


@dataclass(frozen=True)
class Obj:
    name: str
    kind: str  # spawn | zone | person | exit (written as the object's class, or `type` with old_style)
    col: float
    row: float
    cols: float = 1
    rows: float = 1


def tsx_text(image: str, tile: int = 32, columns: int = 8, *, names: list[str] | None = None,
             blocking: set[str] | None = None, tileset_name: str = "school") -> str:
    """A tileset of one tile per name (the school set unless `names` and `blocking` are given)."""
    names = TILE_NAMES if names is None else names
    blocking = BLOCKING if blocking is None else blocking
    tiles = []
    for i, name in enumerate(names):
        props = f'   <property name="name" value="{name}"/>\n'
        if name in blocking:
            props += '   <property name="blocked" type="bool" value="true"/>\n'
        tiles.append(f'  <tile id="{i}">\n  <properties>\n{props}  </properties>\n  </tile>\n')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<tileset version="1.10" tiledversion="1.10.2" name={quoteattr(tileset_name)} tilewidth="{tile}" '
            f'tileheight="{tile}" tilecount="{len(names)}" columns="{columns}">\n'
            f' <image source={quoteattr(image)} width="{tile * columns}" height="{tile * -(-len(names) // columns)}"/>\n'
            + "".join(tiles) + "</tileset>\n")


def tmx_text(rows: list[str], objects: list[Obj], tileset: str = "school.tsx", tile: int = 32,
             old_style: bool = False, collision: list[str] | None = None,
             chars: dict[str, int] | None = None) -> str:
    """A map whose tiles follow `rows` (characters of TILE_CHARS, or of `chars` for another tileset), with objects
    on a layer `places`. `collision` is an optional second picture: `#` marks tiles of a layer named `collision`."""
    chars = TILE_CHARS if chars is None else chars
    h, w = len(rows), max(len(r) for r in rows)

    def csv(pic: list[str], lookup) -> str:
        return ",\n".join(",".join(str(lookup(pic[r][c] if c < len(pic[r]) else ".")) for c in range(w))
                          for r in range(h))

    layers = [f' <layer id="1" name="floor" width="{w}" height="{h}">\n  <data encoding="csv">\n'
              f'{csv(rows, lambda ch: chars.get(ch, 1))}\n</data>\n </layer>\n']
    if collision is not None:
        layers.append(f' <layer id="2" name="collision" width="{w}" height="{h}" visible="0">\n'
                      f'  <data encoding="csv">\n{csv(collision, lambda ch: 2 if ch == "#" else 0)}\n</data>\n'
                      ' </layer>\n')
    objs = []
    for i, o in enumerate(objects, 1):
        kind = f'type="{o.kind}"' if old_style else f'class="{o.kind}"'
        name = f" name={quoteattr(o.name)}" if o.name else ""
        if o.kind == "spawn":
            objs.append(f'  <object id="{i}"{name} {kind} x="{(o.col + 0.5) * tile:g}" y="{(o.row + 0.5) * tile:g}">\n'
                        '   <point/>\n  </object>\n')
        else:
            objs.append(f'  <object id="{i}"{name} {kind} x="{o.col * tile:g}" y="{o.row * tile:g}" '
                        f'width="{o.cols * tile:g}" height="{o.rows * tile:g}"/>\n')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<map version="1.10" tiledversion="1.10.2" orientation="orthogonal" renderorder="right-down" '
            f'width="{w}" height="{h}" tilewidth="{tile}" tileheight="{tile}" infinite="0" '
            f'nextlayerid="4" nextobjectid="{len(objects) + 1}">\n'
            f' <tileset firstgid="1" source={quoteattr(tileset)}/>\n' + "".join(layers)
            + ' <objectgroup id="3" name="places">\n' + "".join(objs) + " </objectgroup>\n</map>\n")


def write_map(folder: Path, name: str, rows: list[str], objects: list[Obj], *, image: str = "school-tiles.png",
              **kwargs) -> Path:
    """Write folder/name (.tmx) and, when missing, folder/school.tsx. The tileset image is not written here."""
    folder.mkdir(parents=True, exist_ok=True)
    tsx = folder / "school.tsx"
    if not tsx.exists():
        tsx.write_text(tsx_text(image), encoding="utf-8")
    path = folder / name
    path.write_text(tmx_text(rows, objects, **kwargs), encoding="utf-8")
    return path
