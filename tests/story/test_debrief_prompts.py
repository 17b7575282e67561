"""Debrief prompts that fit the path taken: `{text, when}` is shown only when `when` holds on the state at the end of
the play, where `ending` is the ending reached ("" when the student left before one)."""
from __future__ import annotations

import pytest

from game.content import load_narrative
from game.story import Story
from tests.storykit import NARRATIVE, dedent, write_story

PROMPTS = dedent('''
    - What happened?
    - text: It went well. What helped?
      when: ending == "good"
    - text: It went badly. What could Jo have done?
      when: ending == "bad"
    - text: You were brave at the door.
      when: brave
    - text: You went back to the hall before it ended.
      when: visited("s.hall") > 0 and ending == ""
    - text: You heard Jo out.
      when: seen("s.hall.jo-talks") >= 1 and mood == "calm"
    - text: You left early. Anything to talk over?
      when: ending == ""
''')

SCENE = dedent('''
    id: s
    title: Scene S
    beats:
      - id: a
        choices:
          - id: door
            text: Open the door
            effects: [brave = true]
            goto: hall
          - id: stay
            text: Stay
            goto: hall
      - id: hall
        lines:
          - id: jo-talks
            narrate: Jo talks for a while.
        choices:
          - id: go
            text: Go
            effects: [mood = "calm"]
            ending: good
          - id: home
            text: Home
            ending: bad
''')


@pytest.fixture
def story_path(tmp_path):
    narrative = NARRATIVE.replace("    - What happened?\n", "".join("    " + ln + "\n" for ln in PROMPTS.splitlines()))
    narrative = narrative.replace("{extra}", "words:\n  mood:\n    one_of: [tense, calm]\n    start: tense\n{extra}")
    return write_story(tmp_path, scene=SCENE, narrative=narrative)


@pytest.fixture
def narrative(story_path):
    res = load_narrative(story_path, use_cache=False)
    assert res.ok and res.diagnostics == [], [d.format() for d in res.diagnostics]
    return res.narrative


def play(n, *choices: str) -> Story:
    s = Story(n, seed=1)
    s.start()
    for c in choices:
        s.choose(c)
    return s


def test_ending_a_shows_a_prompts_and_not_b(narrative):
    shown = play(narrative, "door", "go").debrief_prompts()
    assert shown == ("What happened?", "It went well. What helped?", "You were brave at the door.",
                     "You heard Jo out.")
    shown = play(narrative, "stay", "home").debrief_prompts()
    assert shown == ("What happened?", "It went badly. What could Jo have done?")


def test_leaving_early_counts_as_no_ending(narrative):
    s = play(narrative, "door")
    s.leave()
    assert s.debrief_prompts() == ("What happened?", "You were brave at the door.",
                                   "You went back to the hall before it ended.", "You left early. Anything to talk over?")
    s = play(narrative)  # left at the very first menu
    s.leave()
    assert s.debrief_prompts() == ("What happened?", "You left early. Anything to talk over?")


def test_a_resumed_play_chooses_by_its_whole_path(narrative):
    s = play(narrative, "door")
    resumed = Story.load(narrative, s.save())  # the autosave: the flag set before it counts at the end
    resumed.choose("home")
    assert "You were brave at the door." in resumed.debrief_prompts()
    assert "It went badly. What could Jo have done?" in resumed.debrief_prompts()
    finished = Story.load(narrative, resumed.save())  # saved at the ending itself
    assert finished.debrief_prompts() == resumed.debrief_prompts()


def test_the_compiled_cache_gives_the_same_prompts(story_path, narrative):
    load_narrative(story_path)  # writes the cache
    warm = load_narrative(story_path).narrative
    assert [(p.text, p.when and p.when.source) for p in warm.debrief.prompts] == \
        [(p.text, p.when and p.when.source) for p in narrative.debrief.prompts]
    assert play(warm, "door", "go").debrief_prompts() == play(narrative, "door", "go").debrief_prompts()


def test_a_translated_prompt_keeps_its_condition(narrative):
    from game.content.translation import translate

    class Catalogue:  # what translate() asks of a compiled catalogue: the text for a key, or None
        texts = {"debrief:prompt.1": "¿Qué pasó?", "debrief:prompt.2": "Salió bien. ¿Qué ayudó?"}

        def text(self, key, source):
            return self.texts.get(key)
    es = translate(narrative, Catalogue())
    assert play(es, "door", "go").debrief_prompts()[:2] == ("¿Qué pasó?", "Salió bien. ¿Qué ayudó?")
    assert "Salió bien. ¿Qué ayudó?" not in play(es, "stay", "home").debrief_prompts()
    assert es.debrief.facts == narrative.debrief.facts


def test_a_when_that_also_depends_on_a_flag_is_not_warned_about(tmp_path):
    """V087 warns only when the ending alone rules every prompt out."""
    narrative = NARRATIVE.replace("    - What happened?\n", "    - text: Good\n      when: ending == \"good\"\n"
                                  "    - text: Bad and brave\n      when: ending == \"bad\" and brave\n"
                                  "    - text: Left\n      when: ending == \"\" or not brave\n")
    res = load_narrative(write_story(tmp_path, narrative=narrative), use_cache=False)
    assert res.ok and [d.code for d in res.diagnostics] == []


def test_a_bare_visited_or_seen_means_at_least_once(tmp_path):
    """`visited("s.hall")` on its own, where true/false is wanted, holds once the beat was entered; in the story's
    own conditions too (`not visited("hall")`). Used as a number it is still a count."""
    narrative = NARRATIVE.replace("    - What happened?\n", "    - What happened?\n"
                                  "    - text: Went through the hall\n      when: brave and visited(\"s.hall\")\n"
                                  "    - text: Never heard Jo\n      when: not seen(\"s.hall.jo-talks\")\n")
    narrative = narrative.replace("{extra}", "words:\n  mood:\n    one_of: [tense, calm]\n    start: tense\n{extra}")
    scene = SCENE.replace("          - id: stay\n            text: Stay\n",
                          "          - id: stay\n            text: Stay\n            if: not visited(\"hall\")\n")
    res = load_narrative(write_story(tmp_path, scene=scene, narrative=narrative), use_cache=False)
    assert res.ok and res.diagnostics == [], [d.format() for d in res.diagnostics]
    n = res.narrative
    assert "Went through the hall" in play(n, "door", "go").debrief_prompts()
    assert "Went through the hall" not in play(n, "stay", "go").debrief_prompts()  # not brave
    left = play(n)
    left.leave()
    assert "Never heard Jo" in left.debrief_prompts() and "Went through the hall" not in left.debrief_prompts()
    bad = NARRATIVE.replace("    - What happened?\n", "    - What happened?\n    - text: X\n"
                            "      when: visited(\"s.hall\") + 1\n")
    bad = bad.replace("{extra}", "words:\n  mood:\n    one_of: [tense, calm]\n    start: tense\n{extra}")
    res = load_narrative(write_story(tmp_path / "bad", scene=SCENE, narrative=bad), use_cache=False)
    assert [d.code for d in res.diagnostics] == ["V032"]
