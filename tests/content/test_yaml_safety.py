"""YAML that would trick a naive loader: 1.1 booleans and sexagesimals, duplicate keys, anchors, tags."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.content import load_narrative
from tests.storykit import NARRATIVE, write_story

TRAPS_SCENE = """\
id: s
title: No
beats:
  - id: a
    prompt: off
    lines:
      - narrate: yes
      - narrate: 12:30
      - narrate: 1e3
      - narrate: ~
      - narrate: null
      - say: Norway
        speaker: jo
      - thought: 0o17
    choices:
      - id: go
        text: Yes
        once: yes
        ending: good
      - id: stay
        text: On
        ending: bad
"""


def test_yaml_11_words_stay_text_where_text_is_expected(tmp_path):
    res = load_narrative(write_story(tmp_path, scene=TRAPS_SCENE,
                                     narrative=NARRATIVE.replace('version: "1"', "version: 1.10")), use_cache=False)
    assert res.ok, [d.format() for d in res.diagnostics]
    n = res.narrative
    assert n.version == "1.10"  # not the float 1.1
    assert n.scenes["s"].title == "No"
    beat = n.beats["s.a"]
    assert beat.prompt == "off"
    assert [ln.texts[0] for ln in beat.lines] == ["yes", "12:30", "1e3", "~", "null", "Norway", "0o17"]
    assert [c.text for c in beat.choices] == ["Yes", "On"]
    # ...while a field that wants true/false still reads `yes` as true
    assert beat.choices[0].once is True and beat.choices[1].once is False


def test_numbers_where_numbers_are_expected(tmp_path):
    narrative = NARRATIVE.replace("    max: 10\n    start: 5", "    max: 1e1\n    start: 2.5")
    res = load_narrative(write_story(tmp_path, narrative=narrative), use_cache=False)
    assert res.ok, [d.format() for d in res.diagnostics]
    assert res.narrative.stats["energy"].max == 10 and res.narrative.stats["energy"].start == 2.5


@pytest.mark.parametrize("value", ["12:30", "0x10", "ten", '"5"', "[5]", ".inf", ".nan"])
def test_non_numbers_are_refused_where_numbers_are_expected(tmp_path, value):
    narrative = NARRATIVE.replace("    start: 5", f"    start: {value}")
    res = load_narrative(write_story(tmp_path, narrative=narrative), use_cache=False)
    start_line = next(i for i, ln in enumerate(narrative.splitlines(), 1) if ln.startswith("    start:"))
    assert not res.ok
    assert ("V012", start_line, 12) in [(d.code, d.line, d.col) for d in res.diagnostics]


def test_duplicate_keys_are_errors_not_silently_merged(tmp_path):
    scene = "id: s\ntitle: First\ntitle: Second\nbeats:\n  - id: a\n    ending: good\n    ending: bad\n"
    res = load_narrative(write_story(tmp_path, scene=scene), use_cache=False)
    v005 = [(d.line, d.col) for d in res.diagnostics if d.code == "V005"]
    assert v005 == [(3, 1), (7, 5)]
    assert "line 2" in next(d.message for d in res.diagnostics if d.code == "V005")
    assert not res.ok


def test_duplicate_stat_names_in_the_narrative(tmp_path):
    narrative = NARRATIVE.replace("flags:\n  brave: false", "flags:\n  brave: false\n  brave: true")
    res = load_narrative(write_story(tmp_path, narrative=narrative), use_cache=False)
    assert "V005" in [d.code for d in res.diagnostics] and not res.ok


BILLION_LAUGHS = """\
id: s
title: T
beats:
  - &a {id: a, lines: [{narrate: lol}, {narrate: lol}, {narrate: lol}, {narrate: lol}], ending: good}
  - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  - &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  - &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  - &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  - &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  - &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  - &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
  - &j [*i, *i, *i, *i, *i, *i, *i, *i, *i]
"""


def test_billion_laughs_is_refused_without_expanding(tmp_path):
    res = load_narrative(write_story(tmp_path, scene=BILLION_LAUGHS), use_cache=False)
    assert not res.ok
    v003 = [d for d in res.diagnostics if d.code == "V003"]
    # each anchor and the first use of each alias, at its place; not one message per expansion
    assert (4, 5) in [(d.line, d.col) for d in v003] and (5, 9) in [(d.line, d.col) for d in v003]
    assert len(v003) <= 20


def test_alias_of_a_plain_value_is_refused(tmp_path):
    scene = ("id: s\ntitle: &t Hello\nbeats:\n  - id: a\n    prompt: *t\n    choices:\n"
             "      - {id: go, text: Go, ending: good}\n      - {id: stay, text: Stay, ending: bad}\n")
    res = load_narrative(write_story(tmp_path, scene=scene), use_cache=False)
    assert {(d.code, d.line, d.col) for d in res.diagnostics} >= {("V003", 2, 8), ("V003", 5, 13)}
    assert not res.ok


@pytest.mark.parametrize("tagged", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object:builtins.dict {{}}",
    "!!python/name:os.system",
    "!custom x",
    "!!binary aGVsbG8=",
    "!!set {{a, b}}",
])
def test_explicit_tags_are_refused_and_never_constructed(tmp_path, tagged):
    marker = tmp_path / "pwned"
    scene = f"id: s\ntitle: {tagged.format(marker=marker)}\nbeats:\n  - id: a\n    ending: good\n"
    res = load_narrative(write_story(tmp_path, scene=scene), use_cache=False)
    assert ("V003", 2, 8) in [(d.code, d.line, d.col) for d in res.diagnostics]
    assert not res.ok
    assert not marker.exists()


def test_second_document_is_an_error(tmp_path):
    scene = "id: s\ntitle: T\nbeats:\n  - id: a\n    ending: good\n---\nid: t\n"
    res = load_narrative(write_story(tmp_path, scene=scene), use_cache=False)
    d = next(d for d in res.diagnostics if d.code == "V002")
    assert d.line == 6 and "---" in (d.hint or "")


def test_undefined_alias_is_a_syntax_error_with_place(tmp_path):
    scene = "id: s\ntitle: *nothing\nbeats:\n  - id: a\n    ending: good\n"
    res = load_narrative(write_story(tmp_path, scene=scene), use_cache=False)
    assert ("V002", 2, 8) in [(d.code, d.line, d.col) for d in res.diagnostics]


def test_merge_keys_are_not_merged(tmp_path):
    scene = "id: s\n<<: {title: T}\nbeats:\n  - id: a\n    ending: good\n"
    res = load_narrative(write_story(tmp_path, scene=scene), use_cache=False)
    codes = {(d.code, d.line) for d in res.diagnostics}
    assert ("V010", 2) in codes and ("V011", 1) in codes


def test_a_bom_is_accepted(tmp_path):
    path = write_story(tmp_path)
    scene = tmp_path / "scenes" / "s.yaml"
    scene.write_bytes(b"\xef\xbb\xbf" + scene.read_bytes())
    assert load_narrative(path, use_cache=False).ok


def test_non_utf8_is_reported_at_the_byte(tmp_path):
    path = write_story(tmp_path)
    scene = tmp_path / "scenes" / "s.yaml"
    scene.write_bytes(b"id: s\ntitle: Caf\xe9\nbeats: []\n")
    res = load_narrative(path, use_cache=False)
    assert ("V001", 2, 11) in [(d.code, d.line, d.col) for d in res.diagnostics]


@pytest.mark.parametrize("data,words", [
    ("id: s\ntitle: T\n".encode("utf-16"), "UTF-16"),
    ("id: s\ntitle: T\n".encode("utf-16-le"), "UTF-16"),
    ("id: s\ntitle: T\n".encode("utf-16-be"), "UTF-16"),
    (bytes(range(256)) * 4, "binary"),
    (b"\x00\x00\x00\x01\x02garbage\xff", "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
])
def test_unreadable_files_say_why(tmp_path, data, words):
    path = write_story(tmp_path)
    (tmp_path / "scenes" / "s.yaml").write_bytes(data)
    res = load_narrative(path, use_cache=False)
    d = next(d for d in res.diagnostics if d.code == "V001")
    assert words in d.message and d.line >= 1


def test_alias_right_after_a_colon_in_flow_style_is_refused(tmp_path):
    """JSON-style flow mappings allow `"key":*alias` with no space; it must not slip past the checks."""
    scene = ('{"id": "s", "title":&t "Hello", "beats": [{"id": "a", "prompt":*t, "choices": ['
             '{"id": "go", "text": "Go", "ending": "good"}, {"id": "stay", "text": "Stay", "ending": "bad"}]}]}\n')
    res = load_narrative(write_story(tmp_path, scene=scene), use_cache=False)
    assert [(d.line, d.col) for d in res.diagnostics if d.code == "V003"] == [(1, 21), (1, 64)]
    assert not res.ok


@pytest.mark.parametrize("text", [
    # deepest nesting each way that still looks harmless to a quick scan of the text
    "".join(" " * i + f"k{i}:\n" for i in range(990)) + " " * 990 + "v: " + "[" * 990 + "]" * 990 + "\n",
    "".join(" " * (2 * i) + "- " * 49 + "\n" for i in range(0, 500, 50)) + "x\n",
])
def test_nesting_is_safe_on_a_small_thread_stack(tmp_path, text):
    """Loading may run off the main thread (macOS gives threads 512 KB of stack): libyaml's C composer recurses,
    so deep-but-plausible nesting must not crash it there. Run in a child process: a crash would kill pytest."""
    import subprocess
    import sys
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    code = ("import sys, threading\nsys.path.insert(0, sys.argv[1])\n"
            "from game.content.yamlwalk import compose\n"
            "threading.stack_size(512 * 1024)\n"
            "text = open(sys.argv[2]).read()\n"
            "t = threading.Thread(target=lambda: compose(text, 'deep.yaml', []))\n"
            "t.start(); t.join(); print('survived')\n")
    root = str(Path(__file__).resolve().parents[2])
    proc = subprocess.run([sys.executable, "-c", code, root, str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "survived" in proc.stdout, (proc.returncode, proc.stderr[-300:])


@pytest.mark.parametrize("old,new", [
    ("min_age: 13", "min_age: " + "9" * 5000),  # int() refuses more than 4,300 digits
    ("min_age: 13", "min_age: " + "9" * 30),
    ("    max: 10", "    max: 1e400"),  # reads as infinity
    ("    min: 0", "    min: -1e999"),
])
def test_huge_numbers_are_diagnostics(tmp_path, old, new):
    narrative = NARRATIVE.replace(old, new)
    res = load_narrative(write_story(tmp_path, narrative=narrative), use_cache=False)
    line = next(i for i, ln in enumerate(narrative.splitlines(), 1) if ln.strip().startswith(new.strip()[:7]))
    assert ("V013", line) in [(d.code, d.line) for d in res.diagnostics]
    assert not res.ok
