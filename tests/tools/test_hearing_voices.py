"""The bundled story *The Saturday Shift* (hearing-voices) meets the library's standard: clean, 12-15 minutes on the
median path, at least 25 choices, three endings each reached by at least 5% of random players, a café map to walk
(drawn by tools/draw_cafe_map.py, exactly as shipped), help and facts in its debrief, and the voices heard but never
seen (no portraits: nobody is there)."""
from __future__ import annotations

import io
import json

import pygame
import pytest

from game import paths
from game.content import load_narrative
from tools.check import check
from tools.playtest import all_choices

VOICES = {"sharp", "commentary", "softer"}


@pytest.fixture(scope="module")
def shift():
    res = load_narrative("hearing-voices")
    assert res.ok, [d.format() for d in res.diagnostics]
    return res.narrative


def test_clean_under_check_strict_and_the_lint():
    diags = check([paths.NARRATIVES_DIR / "hearing-voices.yaml"])
    assert diags == [], [d.format() for d in diags]  # warnings too: `check --strict` fails on any


def test_vantage_test_passes_with_the_lesson_figures(capsys):
    from tools.cli import main
    code = main(["test", "hearing-voices", "--runs", "2000", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"]
    assert 12 <= report["minutes"]["median"] <= 15  # a 50-minute lesson plans 12 to 15 minutes for the story
    shares = {e: v["share"] for e, v in report["endings"].items()}
    assert set(shares) == {"told-theo", "the-group", "home-to-gran"}
    assert min(shares.values()) >= 0.05
    assert report["random"]["never_unlockable"] == []  # random players find every locked choice open sometimes


def test_at_least_25_choices_and_some_are_out_of_reach(shift):
    assert len(all_choices(shift)) >= 25
    locked = [c for b in shift.beats.values() for c in b.choices if c.requires is not None]
    assert len(locked) >= 8  # the effort of concentrating, shown through choices visible but out of reach
    assert all(c.locked_reason for c in locked)


def test_the_cafe_is_a_map_to_walk_whose_way_out_waits_for_the_job(shift):
    """Start on the café floor (as a writer's `--start` does): the back door is locked with its reason until the
    till, Bernard and table four are done, in that order, and then it leads out to the yard."""
    from game.story import Story
    from game.story.events import BeatEntered, PlaceLocked, PlacesOffered

    story = Story(shift, seed=1)
    events = story.start("rush.arrive")
    assert isinstance(events[-1], PlacesOffered) and events[-1].map_path == "maps/cafe-floor.tmx"

    def places():
        return {o.choice_id: o.available for o in story.menu.options}

    assert places()["back-door"] is False and "machine" not in places()  # Bernard waits for the orders
    assert story.enter("back-door")[-1] == PlaceLocked("rush", "back-door", next(
        c.locked_reason for c in shift.beats["rush.map"].choices if c.id == "back-door"))
    story.use("till")
    story.choose("write-it")
    story.use("machine")
    story.choose("plain")
    story.use("table-four")
    story.choose("admire")
    assert places()["back-door"] is True
    assert any(isinstance(e, BeatEntered) and (e.scene_id, e.beat_id) == ("yard", "start") for e in story.enter("back-door"))


def test_the_shipped_cafe_map_is_what_the_script_writes():
    from tools import draw_cafe_map
    from tools.tmx_write import tmx_text, tsx_text
    maps = paths.ASSETS_DIR / "maps"
    assert (maps / "cafe-floor.tmx").read_text(encoding="utf-8") == tmx_text(
        draw_cafe_map.CAFE, draw_cafe_map.PLACES, tileset="cafe.tsx", chars=draw_cafe_map.CHARS)
    assert (maps / "cafe.tsx").read_text(encoding="utf-8") == tsx_text(
        "cafe-tiles.png", draw_cafe_map.T, draw_cafe_map.COLUMNS, names=draw_cafe_map.TILE_NAMES,
        blocking=draw_cafe_map.BLOCKING, tileset_name="cafe")
    img = pygame.image.load(str(maps / "cafe-tiles.png"))
    n = len(draw_cafe_map.TILE_NAMES)
    assert img.get_size() == (draw_cafe_map.COLUMNS * draw_cafe_map.T, draw_cafe_map.T * -(-n // draw_cafe_map.COLUMNS))
    assert set(draw_cafe_map.CHARS.values()) == set(range(1, n + 1))  # every tile has a character, none twice


def test_people_have_portraits_the_voices_have_none_and_sounds_have_captions(shift):
    for ch in shift.characters.values():
        if ch.id in VOICES:
            assert not ch.portraits, ch.id  # a voice is heard, never drawn: nobody is there to be seen
            continue
        assert ch.portraits, ch.id
        for p in ch.portraits:
            assert (paths.ASSETS_DIR / p.image).is_file() and p.description
    for s in shift.sounds.values():
        assert (paths.ASSETS_DIR / s.file).is_file() and s.caption


def test_every_ending_has_someone_on_nadias_side(shift):
    """Responsible content: every ending shows a connection or help that works (Theo, Dee and the group, Gran)."""
    who = {"told-theo": "Theo", "the-group": "Dee", "home-to-gran": "Gran"}
    for eid, name in who.items():
        assert name in shift.endings[eid].text


def test_debrief_has_facts_with_sources_and_help(shift):
    assert 2 <= len(shift.debrief.facts) <= 3
    for f in shift.debrief.facts:
        assert "https://" in f.source and f.checked == "2026-12-06"
    assert shift.debrief.help and 4 <= sum(p.when is None for p in shift.debrief.prompts) <= 6


def test_terminal_player_shows_the_facts_and_place_help(shift):
    from tools.text_player import write_debrief
    out = io.StringIO()
    write_debrief(shift.debrief, out, "GB")
    text = out.getvalue()
    assert "Myth: Only people who are seriously mentally ill hear voices." in text
    assert "Source: Berkshire Healthcare NHS Foundation Trust" in text and "Samaritans" in text


def test_picker_card_says_who_minutes_review_and_notes(shift):
    from game.content.story_cards import card_lines, story_card
    card = story_card(shift)
    assert card.about == "Nadia, 16, who hears voices"
    assert card.review == "draft: not yet reviewed" and not card.reviewed
    text = "\n".join(card_lines(card))
    assert "About 14 minutes" in text and "whispering" in text


def test_cohort_new_without_a_story_lists_it(tmp_path, capsys):
    from tools.cli import main
    assert main(["cohort", "new", "--data-dir", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "The Saturday Shift (hearing-voices)" in out and "who hears voices" in out


def test_the_picker_and_the_debrief_say_who_hears_voices_in_the_story_s_own_words(shift):
    """`perspective.about` says it as the story would ("who hears voices"), not "who lives with hearing voices"."""
    from game.content.story_cards import story_card, who
    assert story_card(shift).about == "Nadia, 16, who hears voices"
    assert who(shift.perspective) == "who hears voices"
    feed = load_narrative("the-feed").narrative  # without `about`, the default wording stays
    assert story_card(feed).about == "Maya, 15, who lives with depression"
