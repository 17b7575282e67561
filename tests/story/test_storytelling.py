"""The storytelling format as a writer and a player rely on it: values, alternatives, emphasis, words, the stage,
sound cues, pauses, subroutines and seen(), resolved by the runner into events, and shown by the terminal player."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from game.content import load_narrative
from game.content.text import Rich, TextError, parse_text
from game.story import (CharacterHidden, CharacterShown, Line, MusicCue, Pause, SceneEntered, SoundCue, Story,
                        Thought)
from tests.content.story_cases import ASSETS, STAGED
from tests.storykit import stand_in_asset, write_story
from tools.text_player import play_text

SCENE = """\
id: s
title: Scene S
ambient: bell
beats:
  - id: a
    lines:
      - id: first
        narrate: "{seq First time.|Again.|Third time.} You have {energy} energy and feel *very* **{mood}**."
      - say: "{if brave then Hi!|Hello.} {cycle one|two}"
        speaker: jo
        expression: worried
      - pause: 1.5
      - sound: bell
      - thought: "{once Only the first time.}"
      - narrate: You have been here before.
        if: seen("a.first") >= 2
        slow: true
      - music:
          track: bell
          fade: 2
    prompt: Where now, {jo}?
    choices:
      - id: go
        text: "{if brave then Stride off|Shuffle off} to breathe"
        call: breathe
        goto: a
      - id: brave
        text: Feel braver
        effects: ['brave = true', 'mood = "tense"']
        goto: a
      - id: other
        text: Somewhere else
        goto: t.b
      - id: stay
        text: Stay
        ending: good
  - id: breathe
    lines:
      - show: jo
        expression: calm
      - narrate: In for four.
    call: count
    goto: breathe-end
  - id: count
    lines:
      - narrate: One, two, three, four.
    return: true
  - id: breathe-end
    lines:
      - hide: jo
      - stop_music: 1
    return: true
"""
SCENE_T = """\
id: t
title: Scene T
beats:
  - id: b
    lines:
      - narrate: Somewhere else, {mood}.
      - stop_music: true
      - music: bell
    ending: bad
"""


@pytest.fixture
def narrative(tmp_path):
    path = write_story(tmp_path, scene=SCENE, scenes={"t.yaml": SCENE_T}, narrative=STAGED)
    for rel in ASSETS:
        (tmp_path / "assets" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "assets" / rel).write_bytes(stand_in_asset(rel))
    res = load_narrative(path, use_cache=False)
    assert res.ok and not res.diagnostics, [d.format() for d in res.diagnostics]
    return res.narrative


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def test_values_emphasis_and_names_in_lines(narrative):
    events = Story(narrative, 1).start()
    first = of(events, Line)[0]
    assert first.text == "First time. You have 5 energy and feel very calm."
    assert ("very", "i") in first.runs and ("calm", "b") in first.runs
    assert "".join(t for t, _ in first.runs) == first.text
    jo = of(events, Line)[1]
    assert jo.text == "Hello. one" and jo.speaker == "Jo" and jo.runs is None


def test_sequence_cycle_once_and_seen_across_visits(narrative):
    story = Story(narrative, 1)
    visits = [story.start(), story.choose("brave"), story.choose("brave"), story.choose("brave")]
    firsts = [of(ev, Line)[0].text.split(".")[0] for ev in visits]
    assert firsts == ["First time", "Again", "Third time", "Third time"]  # a sequence stops at its last
    says = [of(ev, Line)[1].text for ev in visits]
    assert says == ["Hello. one", "Hi! two", "Hi! one", "Hi! two"]  # {if} follows the flag; cycle goes round
    thoughts = [[t.text for t in of(ev, Thought)] for ev in visits]
    assert thoughts == [["Only the first time."], [], [], []]  # used up: no empty thought is shown
    before = [any(ln.text == "You have been here before." for ln in of(ev, Line)) for ev in visits]
    assert before == [False, True, True, True]  # seen() counts earlier showings, not the current one
    slow = [ln for ln in of(visits[1], Line) if ln.text == "You have been here before."]
    assert slow[0].slow


def test_choice_text_prompt_and_words_follow_state(narrative):
    story = Story(narrative, 1)
    story.start()
    assert story.menu.prompt == "Where now, Jo?"
    assert story.menu.options[0].text == "Shuffle off to breathe"
    story.choose("brave")
    assert story.menu.options[0].text == "Stride off to breathe"
    assert story.values["mood"] == "tense"
    events = story.choose("other")
    assert of(events, Line)[0].text == "Somewhere else, tense."


def test_stage_characters_sounds_music_and_pause(narrative):
    story = Story(narrative, 1)
    events = story.start()
    scene = of(events, SceneEntered)[0]
    assert scene.ambient == "sounds/bell.ogg" and scene.ambient_caption == "A bell rings"
    shown = of(events, CharacterShown)
    assert [(c.character_id, c.expression, c.description) for c in shown] == [("jo", "worried", "Jo frowning")]
    assert events.index(shown[0]) < events.index(of(events, Line)[1])  # the face changes before the words
    assert of(events, Pause)[0].seconds == 1.5
    assert of(events, SoundCue)[0].caption == "A bell rings"
    assert of(events, MusicCue)[0].track_id == "bell" and of(events, MusicCue)[0].fade == 2
    events = story.choose("go")
    assert [(type(e).__name__, getattr(e, "expression", None)) for e in events
            if isinstance(e, (CharacterShown, CharacterHidden))][:2] == [("CharacterShown", "calm"),
                                                                       ("CharacterHidden", None)]
    stops = of(events, MusicCue)
    assert stops[0].track_id is None  # stop_music, then the menu beat starts the music again
    events = story.choose("other")  # a new scene empties the stage
    assert of(events, SceneEntered) and story.stage.on == {}
    stop, start = of(events, MusicCue)  # the short forms: `stop_music: true` and `music: bell`
    assert (stop.track_id, stop.fade) == (None, 1.0) and (start.track_id, start.fade) == ("bell", 1.0)


def test_call_returns_to_goto_through_nested_subroutines(narrative):
    story = Story(narrative, 1)
    story.start()
    events = story.choose("go")
    narr = [ln.text for ln in of(events, Line)]
    assert narr[:2] == ["In for four.", "One, two, three, four."]
    assert story.beat == "s.a" and story.calls == []  # both returns went back where they were called from


def test_save_and_load_keep_counters_stage_and_music(narrative):
    story = Story(narrative, 3)
    story.start()
    story.choose("brave")
    saved = story.save()
    again = Story.load(narrative, saved)
    resumed = again.resume_events()
    assert [type(e).__name__ for e in resumed] == ["SceneEntered", "CharacterShown", "MusicCue", "ChoicesOffered"]
    assert again.choose("brave") == story.choose("brave")  # the same story goes on, alternatives included


def test_old_save_without_storytelling_state_still_loads(narrative):
    import json
    story = Story(narrative, 3)
    story.start()
    data = json.loads(story.save())
    for key in ("calls", "alts", "stage"):
        del data[key]
    again = Story.load(narrative, json.dumps(data))
    assert again.calls == [] and again.menu is not None


def test_terminal_player_shows_faces_sounds_and_emphasis(narrative):
    out = io.StringIO()
    code, _ = play_text(narrative, stdin=io.StringIO("4\n"), stdout=out, seed=1)
    text = out.getvalue()
    assert code == 0
    assert "feel *very* **calm**" in text
    assert "[Jo: Jo frowning]" in text
    assert "[Sound: A bell rings]" in text and "A bell rings" in text
    assert "  ..." in text  # the pause
    assert "Where now, Jo?" in text


# -- the mini-language itself -------------------------------------------------------------------------------------

def test_escapes_write_the_signs_themselves():
    rich = parse_text("{{ a }} {*} b {|}")
    assert isinstance(rich, Rich) and "".join(n for n in rich.nodes if isinstance(n, str)) == "{ a } * b |"


def test_nested_braces_close_together():
    rich = parse_text("{if brave then {jo} waves|Nobody}")
    kind, cond, yes, no = rich.nodes[0]
    assert kind == "if" and cond == "brave" and yes[0][0] == "v" and no == ("Nobody",)


def test_colon_form_works_in_quoted_text():
    assert parse_text("{if brave: a|b}").nodes[0][0] == "if"
    assert parse_text("{seq: a|b}").nodes[0][:2] == ("alt", "seq")


def test_plain_text_stays_a_plain_string():
    assert parse_text("Just words, no markup.") == "Just words, no markup."


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="{}*|: abif-then.seqcyl", max_size=40))
def test_any_text_parses_or_gives_a_located_text_error(text):
    try:
        parse_text(text)
    except TextError as exc:
        assert 1 <= exc.col <= len(text) + 1 and exc.code.startswith("V0")


SHARED = """\
id: calm
title: Calming down
shared: true
beats:
  - id: breathe
    lines:
      - narrate: In for four.
    choices:
      - id: again
        text: Once more
        goto: breathe
      - id: done
        text: That's enough
        goto: back
  - id: back
    return: true
"""


def test_a_saved_menu_inside_a_shared_subroutine_resumes_in_the_callers_scene(tmp_path):
    scene = SCENE_T.replace("""    lines:
      - narrate: Somewhere else, {mood}.
      - stop_music: true
      - music: bell
    ending: bad""", """    lines:
      - narrate: Somewhere else, {mood}.
    call: calm.breathe
    goto: c
  - id: c
    ending: bad""")
    path = write_story(tmp_path, scene=SCENE, scenes={"t.yaml": scene, "calm.yaml": SHARED}, narrative=STAGED)
    for rel in ASSETS:
        (tmp_path / "assets" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "assets" / rel).write_bytes(stand_in_asset(rel))
    res = load_narrative(path, use_cache=False)
    assert res.ok, [d.format() for d in res.diagnostics]
    story = Story(res.narrative, 2)
    story.start()
    events = story.choose("other")
    assert [e.scene_id for e in of(events, SceneEntered)] == ["t"]  # the subroutine shows no scene of its own
    assert story.menu.menu_id == "calm.breathe" and story.scene == "t" and story.calls == ["t.c"]
    again = Story.load(res.narrative, story.save())
    assert again.scene == "t" and again.calls == ["t.c"]
    assert of(again.resume_events(), SceneEntered)[0].scene_id == "t"
    assert again.choose("done")[-1].ending_id == "bad"  # returned to the caller's goto


def test_a_sound_file_removed_after_caching_is_reported_not_served(narrative, tmp_path):
    manifest = Path(narrative.path)
    first = load_narrative(manifest)  # checked, and written to the compiled cache
    assert first.ok and load_narrative(manifest).from_cache
    (tmp_path / "assets" / "sounds" / "bell.ogg").unlink()
    again = load_narrative(manifest)
    assert not again.from_cache and [d.code for d in again.errors] == ["V050"]
