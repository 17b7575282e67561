"""Reading Tiled maps: every map of the shared corpus loads or gets a located diagnostic (never a traceback), each
unsupported feature has its own code, hostile files are refused, and walking data (blocking, places) is right."""
from __future__ import annotations

import base64
import zlib
from pathlib import Path

import pytest

from game.content import CODES
from game.content.maps import read_map
from tests.mapkit import OBJECTS, ROOM, copy_tileset
from tools.tmx_write import Obj, tmx_text

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "tiled"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpora/tiled")
MAPS = sorted(CORPUS.rglob("*.tmx")) if CORPUS.is_dir() else []

# corpus file (path ends with) -> the code it must get; every other corpus map must load
EXPECTED = {
    "tiled_base64_zlib_infinite.tmx": "V103",
    "tiled_base64_zstandard.tmx": "V105",
    "tiled_xml.tmx": "V104",
    "tiled_object_template.tmx": "V106",
    "templates/example.tmx": "V106",
    "desert_missing_tileset/desert.tmx": "V107",
    "desert_missing_image/desert.tmx": "V108",
    "isometric_grass_and_water.tmx": "V102",
    "isometric_staggered_grass_and_water.tmx": "V102",
    "staggered.tmx": "V102",
    "hexagonal-mini.tmx": "V102",
    "test_hexagonal_tile_60x60x30.tmx": "V102",
    "tiled_oblique.tmx": "V102",
    "tiled_class_property.tmx": "V119",
    "tiled_object_list_property.tmx": "V119",
    "tiled_object_nested_list_property.tmx": "V119",
    "tiled_image_layers.tmx": "V120",
}


@pytest.mark.skipif(not MAPS, reason="THE SHARED TILED CORPUS IS ABSENT (../shared/corpora/tiled): corpus not checked")
@pytest.mark.parametrize("path", MAPS, ids=[str(p.relative_to(CORPUS)) for p in MAPS])
def test_corpus_map_loads_or_gets_its_located_code(path):
    data, diags = read_map(path, str(path))
    want = next((code for tail, code in EXPECTED.items() if path.as_posix().endswith(tail)), None)
    if want is None:
        assert data is not None and not [d for d in diags if d.is_error], [d.format() for d in diags]
        assert data.width > 0 and len(data.blocked) == data.width * data.height
    else:
        assert data is None
        hits = [d for d in diags if d.code == want]
        assert hits, [d.format() for d in diags]
        assert all(d.line > 0 and d.col > 0 for d in hits), "a located diagnostic: line and column in the file"


def test_the_corpus_is_all_there():
    if not MAPS:
        pytest.skip("THE SHARED TILED CORPUS IS ABSENT (../shared/corpora/tiled)")
    names = {p.as_posix() for p in MAPS}
    for tail in EXPECTED:
        assert any(n.endswith(tail) for n in names), f"corpus map {tail} is gone: update EXPECTED"


def _write(tmp_path: Path, text: str | bytes, name: str = "m.tmx") -> Path:
    copy_tileset(tmp_path)
    p = tmp_path / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode())
    return p


def test_our_map_reads_places_spawn_and_blocking(tmp_path):
    data, diags = read_map(_write(tmp_path, tmx_text(ROOM, OBJECTS)))
    assert diags == [] and data is not None
    assert (data.width, data.height, data.tile_width) == (8, 5, 32)
    assert data.spawn.tiles == ((1, 1),)
    assert {n: o.kind for n, o in data.places.items()} == {"desk": "zone", "jo": "person", "door": "exit"}
    assert data.places["desk"].tiles == ((3, 2),) and data.places["desk"].line > 0
    assert data.is_blocked(0, 0) and not data.is_blocked(1, 1)  # walls carry the tile property `blocked`
    assert len(data.reachable_tiles()) == 6 * 3


def test_older_maps_with_type_instead_of_class_are_read_the_same(tmp_path):
    new, _ = read_map(_write(tmp_path, tmx_text(ROOM, OBJECTS)))
    old, _ = read_map(_write(tmp_path, tmx_text(ROOM, OBJECTS, old_style=True), "old.tmx"))
    assert 'type="zone"' in (tmp_path / "old.tmx").read_text()
    assert {n: (o.kind, o.tiles) for n, o in old.places.items()} == {n: (o.kind, o.tiles) for n, o in new.places.items()}


def test_a_collision_layer_blocks_walking(tmp_path):
    wall = ["........", "...#....", "...#....", "...#....", "........"]
    data, _ = read_map(_write(tmp_path, tmx_text(["." * 8] * 5, OBJECTS, collision=wall)))
    assert data.is_blocked(3, 2) and not data.is_blocked(2, 2)


@pytest.mark.parametrize("text, code", [
    ("not xml at all <", "V101"),
    ('<?xml version="1.0"?><tileset name="x"/>', "V101"),
    ('<?xml version="1.0"?>\n<!DOCTYPE map [<!ENTITY a "aaaa">]>\n<map width="1" height="1" tilewidth="1" '
     'tileheight="1"/>', "V109"),
    ('<map orientation="orthogonal" width="5000" height="5000" tilewidth="32" tileheight="32"/>', "V117"),
    ('<map orientation="orthogonal" width="x" height="2" tilewidth="32" tileheight="32"/>', "V101"),
    ('<map orientation="orthogonal" width="2" height="2" tilewidth="32" tileheight="32">\n'
     ' <tileset firstgid="1" source="school.json"/>\n</map>', "V118"),
])
def test_hostile_or_broken_maps_get_a_code_not_a_traceback(tmp_path, text, code):
    data, diags = read_map(_write(tmp_path, text))
    assert data is None and code in {d.code for d in diags}, [d.format() for d in diags]


def test_a_compressed_layer_that_expands_beyond_its_size_is_refused_before_pytmx(tmp_path):
    bomb = base64.b64encode(zlib.compress(b"\0" * 50_000_000)).decode()  # 50 MB of zeros for a 2x2 layer
    text = ('<?xml version="1.0"?>\n<map orientation="orthogonal" width="2" height="2" tilewidth="32" '
            'tileheight="32">\n <layer id="1" name="floor" width="2" height="2">\n  <data encoding="base64" '
            f'compression="zlib">{bomb}</data>\n </layer>\n</map>\n')
    data, diags = read_map(_write(tmp_path, text))
    assert data is None and [(d.code, d.line) for d in diags] == [("V101", 4)], [d.format() for d in diags]
    assert "floor" in diags[0].message


def test_a_missing_map_file_is_v100(tmp_path):
    data, diags = read_map(tmp_path / "nope.tmx")
    assert data is None and [d.code for d in diags] == ["V100"]


def test_two_spawn_points_and_nameless_or_twice_named_places(tmp_path):
    objs = OBJECTS + [Obj("", "spawn", 2, 1), Obj("", "zone", 4, 1), Obj("desk", "zone", 4, 3)]
    _, diags = read_map(_write(tmp_path, tmx_text(ROOM, objs)))
    assert sorted(d.code for d in diags) == ["V110", "V116", "V116"]
    assert all(d.line > 0 for d in diags)


@pytest.mark.parametrize("x", ["nan", "1e400", "-inf"])
def test_an_object_at_a_position_that_is_not_a_number_is_located_not_a_traceback(tmp_path, x):
    text = tmx_text(ROOM, OBJECTS).replace('x="96" y="64" width="32"', f'x="{x}" y="64" width="32"')
    assert x in text
    data, diags = read_map(_write(tmp_path, text))
    assert [(d.code, d.line > 0) for d in diags if d.is_error] == [("V101", True)], [d.format() for d in diags]


def test_places_covering_gigabytes_of_tiles_are_refused(tmp_path):
    big = ["." * 1000] * 1000
    objs = [Obj("", "spawn", 1, 1)] + [Obj(f"z{i}", "zone", 0, 0, 1000, 1000) for i in range(5)]
    data, diags = read_map(_write(tmp_path, tmx_text(big, objs)))
    assert data is None and "V117" in {d.code for d in diags}


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

GOOD = tmx_text(ROOM, OBJECTS)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.tuples(st.integers(0, len(GOOD)), st.integers(0, 40), st.text(max_size=12)), max_size=4))
def test_a_damaged_map_never_raises(tmp_path, cuts):
    """Any edit of a good map (characters cut out, text put in) loads or gives diagnostics: never a traceback."""
    text = GOOD
    for at, n, insert in cuts:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + n:]
    data, diags = read_map(_write(tmp_path, text))
    assert data is not None or diags
    assert all(d.code in CODES for d in diags)


def test_the_shortest_walk_goes_round_walls(tmp_path):
    rows = ["#######", "#..#..#", "#..#..#", "#.....#", "#######"]
    data, _ = read_map(_write(tmp_path, tmx_text(rows, [Obj("", "spawn", 1, 1)])))
    path = data.path_to((1, 1), {(5, 1)})
    assert path[-1] == (5, 1) and len(path) == 8 and (3, 3) in path  # down, under the wall, and up
    assert data.path_to((1, 1), {(3, 1)}) == []  # a wall tile is never a goal
    assert data.path_to((1, 1), {(1, 1)}) == []  # already there
