"""Class-wide labels (report, debrief sheet, live dashboard) show what students read, never a writer's markup."""
from tools.report.analysis import readable, story_labels


def test_markup_in_prompts_and_choices_never_reaches_a_label():
    warnings: list[str] = []
    labels = story_labels(["morning-bus"], warnings)
    assert labels and not warnings
    texts = [t for prompt, options, title in labels.values() for t in (prompt, *options.values()) if t]
    assert any("…" in t for t in texts), "the bundled story has a prompt with a value in it"
    for t in texts:
        assert "{" not in t and "*" not in t, t


def test_readable_keeps_escaped_signs_and_drops_emphasis():
    assert readable("Your chest feels {chest}.") == "Your chest feels …."
    assert readable("Say it *once* more, {{really}} {*} {|}") == "Say it once more, {really} * |"
    assert readable("plain words") == "plain words"
