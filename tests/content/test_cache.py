"""The compiled cache: a second load skips parsing and gives the same model; any edit invalidates it; a damaged
cache file is ignored."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import paths
from game.content import load_narrative
from game.story import Story
from tests.storykit import SCENE, write_story

SCENE2 = """\
id: u
title: Scene U
beats:
  - id: b
    lines:
      - narrate: [one, two, three]
      - say: Hi
        speaker: jo
        if: brave
    choices:
      - id: on
        text: On
        requires: energy > 2
        locked_reason: Too tired.
        effects:
          - energy -= 1
          - brave = true
        goto: b
      - id: end
        text: End
        ending: good
"""


def cache_files() -> list[Path]:
    folder = paths.cache_dir() / "compiled"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


@pytest.fixture
def story(tmp_path):
    scene = SCENE.replace("ending: good", "goto: u.b")
    return write_story(tmp_path, scene=scene, scenes={"u.yaml": SCENE2})


def _events(narrative):
    s = Story(narrative, seed=4)
    events = s.start()
    picks = random.Random(1)
    while not s.finished:
        events += s.choose(picks.choice(s.menu.available).choice_id)
    return events


def test_second_load_comes_from_the_cache_and_is_equal(story):
    first = load_narrative(story)
    assert first.ok and not first.from_cache
    assert len(cache_files()) == 1
    second = load_narrative(story)
    assert second.from_cache
    assert second.narrative == first.narrative
    assert second.diagnostics == first.diagnostics
    assert _events(second.narrative) == _events(first.narrative)


def test_warnings_survive_the_cache(tmp_path):
    path = write_story(tmp_path, scene=SCENE + "  - id: lost\n    ending: bad\n")
    first = load_narrative(path)
    second = load_narrative(path)
    assert second.from_cache and [d.code for d in second.diagnostics] == ["V040"] == [d.code for d in first.diagnostics]
    assert second.diagnostics == first.diagnostics


@pytest.mark.parametrize("which", ["narratives/t.yaml", "scenes/s.yaml", "scenes/u.yaml"])
def test_editing_any_file_invalidates_the_cache(story, which):
    load_narrative(story)
    target = story.parent.parent / which
    text = target.read_text()
    target.write_text(text.replace("title: ", "title: Edited ", 1))
    res = load_narrative(story)
    assert not res.from_cache and res.ok
    titles = [res.narrative.title] + [s.title for s in res.narrative.scenes.values()]
    assert any(t.startswith("Edited ") for t in titles)
    assert load_narrative(story).from_cache  # and the new cache is used next time


def test_edit_that_breaks_the_story_is_reported_not_served_from_cache(story):
    load_narrative(story)
    target = story.parent.parent / "scenes" / "u.yaml"
    target.write_text(target.read_text().replace("goto: b", "goto: nowhere"))
    res = load_narrative(story)
    assert not res.ok and not res.from_cache and "V021" in [d.code for d in res.diagnostics]
    assert not load_narrative(story).from_cache  # a broken story is never cached


def test_use_cache_false_neither_reads_nor_writes(story):
    res = load_narrative(story, use_cache=False)
    assert res.ok and not res.from_cache and cache_files() == []


@pytest.mark.parametrize("damage", [
    b"", b"{", b"\xff\xfe garbage", b"[]", b"null", b'{"format": 1}', b'{"format": 999}',
])
def test_damaged_cache_file_is_ignored(story, damage):
    good = load_narrative(story)
    (cache,) = cache_files()
    cache.write_bytes(damage)
    res = load_narrative(story)
    assert res.ok and not res.from_cache and res.narrative == good.narrative
    assert load_narrative(story).from_cache  # rewritten


def _blob_paths(value, prefix=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _blob_paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _blob_paths(v, prefix + (i,))
    yield prefix


JUNK = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=5), st.just([]), st.just({}),
                 st.just([["x", {}]]), st.just({"a": 1}))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_damaged_cache_never_raises(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("cache")
    path = write_story(root, scene=SCENE.replace("ending: good", "goto: u.b"), scenes={"u.yaml": SCENE2})
    good = load_narrative(path)
    cache = next(c for c in cache_files() if json.loads(c.read_text())["manifest"] == str(path.resolve()))
    blob = json.loads(cache.read_text())
    where = data.draw(st.sampled_from([p for p in _blob_paths(blob) if p and p[0] not in ("content_hash",)]))
    target = blob
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = data.draw(JUNK)
    cache.write_text(json.dumps(blob))
    res = load_narrative(path)  # never raises
    if not res.from_cache:
        assert res.ok and res.narrative == good.narrative
