"""The docs writers copy from must stay true: the authoring example is a clean story, every diagnostic is documented."""
import re
from pathlib import Path

from game.content import CODES, load_narrative
from game.story import Story

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_authoring_example_is_a_clean_playable_story(tmp_path):
    text = (DOCS / "authoring.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(# yaml-language-server.*?)```", text, re.S)
    narrative, scene = blocks[1], blocks[2]
    (tmp_path / "narratives").mkdir()
    (tmp_path / "scenes" / "first-story").mkdir(parents=True)
    (tmp_path / "narratives" / "first-story.yaml").write_text(narrative, encoding="utf-8")
    (tmp_path / "scenes" / "first-story" / "bedroom.yaml").write_text(scene, encoding="utf-8")
    res = load_narrative(tmp_path / "narratives" / "first-story.yaml", use_cache=False)
    assert res.diagnostics == [], [d.format() for d in res.diagnostics]
    story = Story(res.narrative, seed=1)
    events = story.start()
    locked = [o for o in story.menu.options if not o.available]
    assert [o.choice_id for o in locked] == ["go"]
    assert locked[0].locked_reason.startswith("You can't make yourself")
    story.choose("reply")
    story.choose("say-ok")
    assert story.ending.ending_id == "reached-out"
    assert events
    # its debrief asks about the ending reached, not the other one
    assert story.debrief_prompts() == ("Why was replying so hard for Alex?",
                                       "Alex answered Sam in the end. What made that possible?")


def test_every_diagnostic_code_is_documented():
    text = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### (V\d{3})", text, re.M))
    assert documented == set(CODES)


def test_facilitator_guide_lists_each_bundled_story_with_its_review_status():
    from game.content.load import bundled_narratives
    from game.content.review import review_status
    text = (DOCS / "facilitator.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `([a-z0-9_-]+)` \| ([^|]+?) \|$", text, re.M))
    stories = {n.id: review_status(n).label for n in bundled_narratives()}
    assert table == stories, "update the table under 'Which stories are reviewed' in docs/facilitator.md"


def test_storytelling_examples_are_valid_yaml_and_markup():
    """Every example in the storytelling section of the authoring guide is valid YAML, and every text in it parses
    (so a writer who copies one gets no V002 or V07x)."""
    import yaml

    from game.content.text import parse_text

    text = (DOCS / "authoring.md").read_text(encoding="utf-8")
    section = text[text.index("## Telling it well"):text.index("## Writing responsibly")]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(blocks) >= 12  # one or more per construct
    texts = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("narrate", "say", "thought", "text") and isinstance(v, str):
                    texts.append(v)
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    for block in blocks:
        walk(yaml.safe_load(block))
    assert len(texts) >= 10
    for t in texts:
        parse_text(t)  # raises TextError on a mistake
