"""Walking on a map, for the runner: the Places list as a menu, and the two things walking can do, entering a zone
(or an exit) and using a zone or a person. Pure: positions and movement are the player's; the runner hears only
"entered `queue`" or "used `jo`", exactly as it hears a choice id.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.map_schema import HUB_BEAT
from .events import ChoiceOption, PlaceLocked, PlacesOffered, StoryEvent, ZoneEntered

if TYPE_CHECKING:
    from ..content.places import MapScene
    from .runner import Story


def hub_scene(story: "Story", menu_id: str) -> "MapScene | None":
    """The map scene whose walking beat is menu_id, or None for an ordinary menu."""
    scene_id, _, beat_id = menu_id.partition(".")
    if beat_id != HUB_BEAT:
        return None
    sc = story.narrative.scenes.get(scene_id)
    return None if sc is None else sc.map


def places_menu(story: "Story", menu_id: str, options: tuple[ChoiceOption, ...]) -> PlacesOffered:
    scene_id = menu_id.partition(".")[0]
    return PlacesOffered(menu_id, options, scene_id=scene_id, map_path=story.narrative.scenes[scene_id].map.path)


def _current(story: "Story", verb: str) -> tuple["MapScene", PlacesOffered]:
    from .runner import StoryError

    menu = story.menu
    if story.ending is not None:
        raise StoryError(f"the story has ended: there is nowhere to {verb}")
    if not isinstance(menu, PlacesOffered):
        raise StoryError(f"the story is not on a map: there is nowhere to {verb}")
    return story.narrative.scenes[menu.scene_id].map, menu


def enter(story: "Story", name: str) -> list[StoryEvent]:
    """The figure walked into zone or exit `name`. A zone with `on_enter` (still live) starts its beat; an exit is
    taken, or says why it is locked. Entering anything else is recorded and changes nothing."""
    from .runner import StoryError

    scene, menu = _current(story, "walk")
    place = scene.place(name)
    if place is None or place.kind == "person":
        raise StoryError(f"there is no zone or exit `{name}` on this map")
    events: list[StoryEvent] = [ZoneEntered(menu.scene_id, name, "entered")]
    if place.trigger != "enter":
        return events
    return events + _go(story, menu, name)


def use(story: "Story", name: str) -> list[StoryEvent]:
    """Enter/Space at zone `name` (with `on_use`) or beside person `name`: their beat starts. Anything else: no-op."""
    from .runner import StoryError

    scene, menu = _current(story, "go")
    place = scene.place(name)
    if place is None:
        raise StoryError(f"there is no place `{name}` on this map")
    if place.trigger != "use":
        return []
    return [ZoneEntered(menu.scene_id, name, "used")] + _go(story, menu, name)


def _go(story: "Story", menu: PlacesOffered, name: str) -> list[StoryEvent]:
    option = next((o for o in menu.options if o.choice_id == name), None)
    if option is None:
        return []  # spent (`once`), or its `if` does not hold: the place is quiet now
    if not option.available:
        return [PlaceLocked(menu.scene_id, name, option.locked_reason)]
    return story.choose(name)


def walk_slowed(story: "Story") -> bool:
    """True while the map scene's `slow_walk_if` holds (the player then walks the figure slowly)."""
    menu = story.menu
    if not isinstance(menu, PlacesOffered):
        return False
    cond = story.narrative.scenes[menu.scene_id].map.slow_walk_if
    return cond is not None and bool(cond.compiled()(story.values, story.visits))
