"""Map scenes as writers write them: the YAML against the map (names on both sides), places the figure cannot walk
to, no way out, the spawn point; each with its code at the line and column to look at (the table below is part of
the every-code-has-a-row check in test_diagnostic_codes)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from game.content import load_narrative
from tests.mapkit import MAP_SCENE, OBJECTS, ROOM, write_map_story
from tools.tmx_write import Obj


@dataclass
class MapCase:
    name: str
    code: str
    file: str  # relative to the story root
    line: int
    col: int
    scene: str = MAP_SCENE
    rows: list[str] | None = None
    objects: list[Obj] | None = None
    severity: str = "error"


WALLED = ["########", "#...#..#", "#...#..#", "#...#..#", "########"]  # jo and the door are behind a wall
MAP_CASES = [
    MapCase("zone named in YAML, absent on the map", "V111", "scenes/m.yaml", 5, 11,
            scene=MAP_SCENE.replace("name: desk", "name: dekk")),
    MapCase("map place not used by the scene", "V112", "assets/maps/room.tmx", 20, 1, severity="warning",
            objects=OBJECTS + [Obj("plant", "zone", 2, 3)]),
    MapCase("person behind a wall", "V113", "scenes/m.yaml", 10, 11, rows=WALLED),
    MapCase("a map with no exit, whose beats never lead out", "V114", "scenes/m.yaml", 3, 6,
            scene=MAP_SCENE[:MAP_SCENE.index("exits:")] + MAP_SCENE[MAP_SCENE.index("beats:"):],
            objects=OBJECTS[:3]),
    MapCase("no spawn point", "V110", "scenes/m.yaml", 3, 6, objects=OBJECTS[1:]),
    MapCase("spawn on a wall", "V115", "assets/maps/room.tmx", 14, 1,
            objects=[Obj("", "spawn", 0, 0)] + OBJECTS[1:]),
    MapCase("beat called map in a map scene", "V020", "scenes/m.yaml", 20, 9,
            scene=MAP_SCENE.replace("id: arrive", "id: map")),
    MapCase("map that is not a .tmx", "V013", "scenes/m.yaml", 3, 6,
            scene=MAP_SCENE.replace("maps/room.tmx", "maps/room.json")),
    MapCase("exit that can be locked without a reason", "V011", "scenes/m.yaml", 17, 5,
            scene=MAP_SCENE.replace("    locked_reason: Not yet.\n", "")),
    MapCase("zone with both on_enter and on_use", "V013", "scenes/m.yaml", 8, 5,
            scene=MAP_SCENE.replace("    once: true\n", "    on_use: sit\n")),
]


def _load(tmp_path: Path, case: MapCase):
    path = write_map_story(tmp_path, case.scene, case.rows, case.objects)
    return load_narrative(path, use_cache=False)


@pytest.mark.parametrize("case", MAP_CASES, ids=[f"{c.code}-{c.name}" for c in MAP_CASES])
def test_map_mistake_gives_code_at_place(tmp_path, case):
    res = _load(tmp_path, case)
    got = [(Path(d.path).resolve().relative_to(tmp_path.resolve()).as_posix(), d.code, d.line, d.col, d.severity)
           for d in res.diagnostics]
    assert (case.file, case.code, case.line, case.col, case.severity) in got, \
        "\n".join(d.format() for d in res.diagnostics)
    if case.severity == "error":
        assert not res.ok


def test_a_good_map_story_is_clean(tmp_path):
    res = load_narrative(write_map_story(tmp_path), use_cache=False)
    assert res.ok and res.diagnostics == [], [d.format() for d in res.diagnostics]
    scene = res.narrative.scenes["m"]
    assert scene.map.data.places["door"].kind == "exit"
    assert [p.name for p in scene.map.places] == ["desk", "jo", "door"]


def test_a_map_beat_that_just_ends_goes_back_to_walking_and_is_not_a_loose_end(tmp_path):
    res = load_narrative(write_map_story(tmp_path), use_cache=False)
    assert res.narrative.beats["m.sit"].goto == "m.map"
    assert "V041" not in {d.code for d in res.diagnostics}


def test_a_map_beat_in_an_ordinary_scene_still_needs_a_way_on(tmp_path):
    """Only map scenes go back to walking: the same beat in a scene without `map:` is a loose end (V041)."""
    scene = MAP_SCENE.replace("map: maps/room.tmx\n", "")
    scene = scene[:scene.index("zones:")] + scene[scene.index("beats:"):]
    res = load_narrative(write_map_story(tmp_path, scene), use_cache=False)
    assert "V041" in {d.code for d in res.diagnostics}


def test_the_cache_notices_a_changed_map(tmp_path):
    path = write_map_story(tmp_path)
    first = load_narrative(path)
    assert first.ok and load_narrative(path).from_cache
    from tools.tmx_write import tmx_text
    (tmp_path / "assets" / "maps" / "room.tmx").write_text(tmx_text(WALLED, OBJECTS))
    again = load_narrative(path)
    assert not again.from_cache and "V113" in {d.code for d in again.diagnostics}


def test_the_cache_notices_a_changed_tileset(tmp_path):
    path = write_map_story(tmp_path)
    assert load_narrative(path).ok and load_narrative(path).from_cache
    tsx = tmp_path / "assets" / "maps" / "school.tsx"
    # the floor tile (id 0) now blocks: the desk, Jo and the door can no longer be reached
    tsx.write_text(tsx.read_text().replace('value="floor"/>', 'value="floor"/>\n   <property name="blocked" '
                                           'type="bool" value="true"/>', 1))
    again = load_narrative(path)
    assert not again.from_cache and "V115" in {d.code for d in again.diagnostics}


def test_bundled_morning_bus_map_is_clean_and_reached():
    res = load_narrative("morning-bus", use_cache=False)
    assert res.ok and not res.diagnostics, [d.format() for d in res.diagnostics]
    assert res.narrative.scenes["hallway"].map is not None
    n = res.narrative
    into_map = [c.goto for b in n.beats.values() for c in b.choices] + [br.goto for b in n.beats.values()
                                                                         for br in b.branch]
    assert "hallway.arrive" in into_map
    from tools import playtest as pt
    assert pt.random_runs(n, 500, seed=1).beat_runs.get("hallway.arrive", 0) > 0  # and players get there
