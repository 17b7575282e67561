"""The bundled story *Until It Feels Right* (just-right, OCD) meets the library's standard: clean, 12-15 minutes on
the median path, at least 25 choices (some out of reach, with their reasons), three endings each reached by at least
5% of random players, rituals that cost minutes and energy, help and sourced facts in its debrief."""
from __future__ import annotations

import io
import json

import pytest

from game.content import load_narrative
from game.story.runner import Story
from tools.check import check
from tools.playtest import all_choices


@pytest.fixture(scope="module")
def story():
    res = load_narrative("just-right")
    assert res.ok, [d.format() for d in res.diagnostics]
    return res.narrative


def test_clean_under_check_strict_and_the_lint(story):
    from game import paths
    diags = check([paths.NARRATIVES_DIR / "just-right.yaml"])
    assert diags == [], [d.format() for d in diags]  # warnings too: `check --strict` fails on any


def test_vantage_test_passes_with_the_lesson_figures(capsys):
    from tools.cli import main
    code = main(["test", "just-right", "--runs", "2000", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"]
    assert 12 <= report["minutes"]["median"] <= 15  # a 50-minute lesson plans 12 to 15 minutes for the story
    shares = {e: v["share"] for e, v in report["endings"].items()}
    assert set(shares) == {"a-name-for-it", "kemi-knows", "told-mum"}
    assert min(shares.values()) >= 0.05


def test_at_least_25_choices_and_some_are_out_of_reach(story):
    assert len(all_choices(story)) >= 25
    locked = [c for b in story.beats.values() for c in b.choices if c.requires is not None]
    assert len(locked) >= 8
    assert all(c.locked_reason for c in locked)
    reasons = " ".join(c.locked_reason for c in locked)
    assert "You can't leave until it feels right" in reasons


def _play(story, picks):
    """Plays from the start, taking at each menu the first offered choice whose id is in `picks` (else the first
    unlocked one); returns the runner and the ids of the choices seen locked on the way."""
    runner = Story(story, seed=1)
    runner.start()
    locked_seen: list[str] = []
    for _ in range(200):
        if runner.finished:
            break
        options = runner.menu.options
        locked_seen += [o.choice_id for o in options if not o.available]
        open_ = [o for o in options if o.available]
        pick = next((o for o in open_ if o.choice_id in picks), open_[0])
        runner.choose(pick.choice_id)
    assert runner.finished
    return runner, locked_seen


def test_the_light_switch_must_feel_right_before_theo_can_leave_and_it_costs_minutes(story):
    runner, locked = _play(story, {"click-again", "click-more"})
    assert "go-down" in locked  # on the first menu: visible, crossed out, with its reason
    assert runner.stat("late") >= 4  # two switch rituals at 2 minutes each, at least
    assert runner.stat("energy") < 7  # and energy spent


def test_each_ending_can_be_reached_and_the_nurse_path_tells_mum(story):
    runner, _ = _play(story, {"click-again", "click-more", "go-down-now", "tell-true", "to-nurse", "phone-mum",
                              "ask-sure", "leaflet"})
    assert runner.ending.ending_id == "a-name-for-it"
    assert runner.flag("nurse_called_mum") and runner.flag("told_kemi")
    runner, _ = _play(story, {"say-maybe", "to-maths", "answer-kemi"})
    assert runner.ending.ending_id == "kemi-knows"
    runner, _ = _play(story, {"say-family", "to-maths", "tell-mum"})
    assert runner.ending.ending_id == "told-mum"


def test_characters_have_portraits_and_sounds_have_captions(story):
    from game import paths
    for ch in story.characters.values():
        assert ch.portraits, ch.id
        for p in ch.portraits:
            assert (paths.ASSETS_DIR / p.image).is_file() and p.description
    for s in story.sounds.values():
        assert (paths.ASSETS_DIR / s.file).is_file() and s.caption
    credits = (paths.ASSETS_DIR / "CREDITS.md").read_text(encoding="utf-8")
    for name in ("ana-", "kemi-", "mr-doyle-", "callum-", "ms-price-", "switch-click.ogg", "tap-water.ogg",
                 "food-corridor.tmx", "foodroom.png", "nurse.png"):
        assert name in credits, name


def test_debrief_has_facts_with_sources_and_help(story):
    assert 2 <= len(story.debrief.facts) <= 3
    for f in story.debrief.facts:
        assert "https://" in f.source and f.checked == "2026-12-06"
    assert story.debrief.help and 4 <= sum(p.when is None for p in story.debrief.prompts) <= 6
    assert not any("phone" in (h.contact or "").lower() and any(ch.isdigit() for ch in h.contact)
                   for h in story.debrief.help)  # the story's own help is people, not numbers


def test_terminal_player_shows_the_facts_and_place_help(story):
    from tools.text_player import write_debrief
    out = io.StringIO()
    write_debrief(story.debrief, out, "GB")
    text = out.getvalue()
    assert 'Myth: Being "a bit OCD"' in text
    assert "Source: YoungMinds" in text and "Samaritans" in text


def test_picker_card_says_who_minutes_review_and_notes(story):
    from game.content.story_cards import card_lines, story_card
    card = story_card(story)
    assert card.about == "Theo, 15, who lives with OCD"
    assert card.review == "draft: not yet reviewed" and not card.reviewed
    text = "\n".join(card_lines(card))
    assert "About 14 minutes" in text and "intrusive thoughts" in text


def test_cohort_new_without_a_story_lists_it(tmp_path, capsys):
    from tools.cli import main
    assert main(["cohort", "new", "--data-dir", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "Until It Feels Right (just-right)" in out and "who lives with OCD" in out


def test_the_nurses_door_opens_after_the_sign_in_the_corridor(story):
    """The drop-in is out of reach ("what would you even say?") until Theo has read the sign on the corridor map, told
    Kemi the truth, or heard Kemi answer Callum's joke."""
    quiet = {"click-again", "click-more", "laugh-along", "say-maybe", "to-nurse"}
    runner, locked = _play(story, quiet | {"kemi"})  # straight to Kemi on the map, past the nurse's door
    assert "to-nurse" in locked and not runner.flag("saw_nurse")
    runner, locked = _play(story, quiet | {"nurse", "field"})  # read the sign, then out to the field
    assert runner.flag("saw_sign") and runner.flag("saw_nurse") and "to-nurse" not in locked


def test_the_toilets_on_the_map_cost_minutes_and_energy(story):
    runner, _ = _play(story, {"click-again", "click-more", "laugh-along", "toilets", "field", "say-maybe",
                              "to-maths"})
    other, _ = _play(story, {"click-again", "click-more", "laugh-along", "field", "say-maybe", "to-maths"})
    assert runner.stat("late") == other.stat("late") + 4  # two visits to the sinks, 2 minutes each


def test_the_shipped_corridor_map_is_what_the_script_writes():
    from game import paths
    from tools import draw_map
    from tools.tmx_write import tmx_text
    shipped = (paths.ASSETS_DIR / "maps" / "food-corridor.tmx").read_text(encoding="utf-8")
    assert shipped == tmx_text(draw_map.FOOD_CORRIDOR, draw_map.FOOD_PLACES)
