"""Translating a story: `vantage translate extract|update|compile|status`, fuzzy lines, play in the language, and the
translation diagnostics of `vantage check` (V140-V144) at the place a translator would look."""
from __future__ import annotations

import gettext
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from game import i18n
from game.content import catalogue, load_narrative
from game.content.load import find_narrative
from game.content.translation import in_language, model_strings, source_strings
from game.content.yamlwalk import load_document
from game.content.schema import NARRATIVE_SCHEMA, SCENE_SCHEMA
from game.story import Story
from game.story.events import Line
from tests.storykit import SCENE, write_story
from tools.cli import main

ROOT = Path(__file__).resolve().parents[2]

SPOKEN = SCENE.replace("  - id: a\n", "  - id: a\n    lines:\n      - id: l1\n        say: Hello there.\n"
                       "        speaker: jo\n      - id: l2\n        narrate:\n          - It rains.\n"
                       "          - It snows.\n")


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def translate_all(po_path: Path, fill=lambda ctx, msgid: f"ES {msgid}", only=None) -> None:
    """What a translator does in Poedit: fill every (or some) entries, save."""
    with open(po_path, "rb") as fh:
        cat = read_po(fh, locale="es")
    for m in cat:
        if m.id and (only is None or m.context in only):
            m.string = fill(m.context, m.id)
            m.flags.discard("fuzzy")
    buf = io.BytesIO()
    write_po(buf, cat)
    po_path.write_bytes(buf.getvalue())


@pytest.fixture
def story(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_story(tmp_path, scene=SPOKEN)
    return path


def test_update_writes_a_po_keyed_by_stable_ids_with_locations_and_speaker(story, capsys):
    code, out, err = run(capsys, "translate", "update", "--locale", "es", str(story))
    assert code == 0, err
    text = (story.parent / "translations" / "t" / "es.po").read_text(encoding="utf-8")
    assert 'msgctxt "s.a.l1"\nmsgid "Hello there."' in text
    assert "#. spoken by Jo" in text and "#: scenes/s.yaml:7" in text
    assert 'msgctxt "s.a.l2#2"\nmsgid "It snows."' in text  # each variant of a line has its own key
    assert 'msgctxt "choice:s.a.go"' in text and 'msgctxt "ending:good.text"' in text
    assert "Plural-Forms: nplurals=3;" in text  # Spanish has one/many/other in CLDR


def test_translated_story_plays_in_spanish_and_keeps_its_ids(story, capsys):
    run(capsys, "translate", "update", "--locale", "es", str(story))
    translate_all(story.parent / "translations" / "t" / "es.po")
    code, out, err = run(capsys, "translate", "compile", str(story))
    assert code == 0, err
    n = load_narrative(story, use_cache=False).narrative
    es, note = in_language(n, "es")
    assert note is None and es.extra["locale"] == "es" and es.extra["reviewed"] is False
    events = Story(es, seed=1).start()
    lines = [e for e in events if isinstance(e, Line)]
    assert lines[0].text == "ES Hello there." and lines[0].speaker == "ES Jo" and lines[0].string_id == "s.a.l1"
    assert lines[1].text in ("ES It rains.", "ES It snows.")
    assert es.content_hash == n.content_hash and es.title == "ES Test story"
    code, out, _ = run(capsys, "translate", "status", str(story))
    assert "100% translated" in out and "not yet reviewed by a native reader" in out


def test_a_changed_source_line_is_fuzzy_and_plays_in_its_new_wording(story, capsys, tmp_path):
    run(capsys, "translate", "update", "--locale", "es", str(story))
    po_path = story.parent / "translations" / "t" / "es.po"
    translate_all(po_path)
    run(capsys, "translate", "compile", str(story))
    scene = tmp_path / "scenes" / "s.yaml"
    scene.write_text(scene.read_text().replace("Hello there.", "Hi, you."), encoding="utf-8")
    n = load_narrative(story, use_cache=False).narrative
    # compiled before the change: the old translation is not shown for the new line
    first = [e for e in Story(in_language(n, "es")[0]).start() if isinstance(e, Line)][0]
    assert first.text == "Hi, you."
    code, out, _ = run(capsys, "translate", "status", str(story))
    assert "to review" in out and "s.a.l1: the source changed since it was translated" in out
    code, out, _ = run(capsys, "check", str(story))
    assert "scenes/s.yaml:7:14: warning[V141]" in out
    code, out, _ = run(capsys, "translate", "update", "--locale", "es", str(story))
    assert "1 to review" in out
    text = po_path.read_text(encoding="utf-8")
    entry = text[text.index("#. spoken by Jo"):].split("\n\n")[0]
    assert entry.endswith('#, fuzzy\n#| msgid "Hello there."\nmsgctxt "s.a.l1"\nmsgid "Hi, you."\n'
                          'msgstr "ES Hello there."'), entry
    run(capsys, "translate", "compile", str(story))
    compiled = catalogue.read(po_path.with_suffix(".json"))
    assert "s.a.l1" not in compiled.by_context  # fuzzy entries are not used


def test_story_without_translation_falls_back_with_a_note(story):
    n = load_narrative(story, use_cache=False).narrative
    same, note = in_language(n, "fr")
    assert same is n and "no fr translation" in note


def test_damaged_compiled_catalogue_is_named_and_the_story_still_plays(story, capsys):
    folder = story.parent / "translations" / "t"
    folder.mkdir(parents=True)
    (folder / "es.json").write_text("{not json", encoding="utf-8")
    n = load_narrative(story, use_cache=False).narrative
    same, note = in_language(n, "es")
    assert same is n and "es.json: damaged" in note
    (folder / "es.json").write_text(json.dumps({"format": "vantage-catalogue", "version": 1, "locale": "es",
                                                "language": "x", "reviewed": False, "source": "t",
                                                "po_sha256": "", "messages": [{"id": 3}]}), encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError, match="message 1 is malformed"):
        catalogue.read(folder / "es.json")


def test_keys_from_the_files_are_the_keys_the_game_translates(tmp_path):
    """The template is made from the YAML (with lines), the game translates the model: the keys must agree."""
    for ref in ("morning-bus", write_story(tmp_path, scene=SPOKEN)):
        res = load_narrative(find_narrative(ref)[0], use_cache=False)
        n = res.narrative
        manifest, _ = load_document(Path(n.path), NARRATIVE_SCHEMA, [], "n")
        scenes = [(sc.path, load_document(Path(sc.path), SCENE_SCHEMA, [], "s")[0]) for sc in n.scenes.values()]
        from_files = {(s.ctx, s.text) for s in source_strings(manifest, n.path, scenes)}
        built = set(model_strings(n))
        assert from_files <= built  # every key read from the files is one the game translates
        from tools.translate import story_domain
        assert {(s.ctx, s.text) for s in story_domain(find_narrative(ref)[0]).strings} == built  # and all of them
        assert all(k.startswith(("choice:", "locked:", "prompt:")) for k, _t in built - from_files)  # map places


# --- V140-V144: (code, file, line, col) for a small bad translation, like tests/content/test_diagnostic_codes.py ---

@dataclass
class TCase:
    name: str
    code: str
    file: str
    line: int
    col: int
    severity: str = "warning"


def _prepare(story: Path, case: str, capsys) -> None:
    run(capsys, "translate", "update", "--locale", "es", str(story))
    po_path = story.parent / "translations" / "t" / "es.po"
    if case == "missing":
        translate_all(po_path, only={"s.a.l1"})
    else:
        translate_all(po_path)
    if case == "fuzzy":
        scene = story.parent.parent / "scenes" / "s.yaml"
        scene.write_text(scene.read_text().replace("text: Stay", "text: Stay here"), encoding="utf-8")
    run(capsys, "translate", "compile", str(story))
    if case == "damaged":
        po_path.write_text(po_path.read_text(encoding="utf-8") + "\nmsgid 'oops'\n", encoding="utf-8")
    if case == "stale":
        translate_all(po_path, fill=lambda ctx, msgid: f"ES2 {msgid}")
    if case == "placeholder":
        translate_all(po_path, fill=lambda ctx, msgid: "Vamos {sitio}" if ctx == "choice:s.a.go" else f"ES {msgid}")
        run(capsys, "translate", "compile", str(story))
    if case == "glyph":
        translate_all(po_path, fill=lambda ctx, msgid: "Vamos ➜" if ctx == "choice:s.a.go" else f"ES {msgid}")
        run(capsys, "translate", "compile", str(story))


T_CASES = [
    TCase("missing", "V140", "scenes/s.yaml", 15, 15),  # `text: Go`
    TCase("fuzzy", "V141", "scenes/s.yaml", 18, 15),  # `text: Stay here`
    TCase("damaged", "V142", "narratives/translations/t/es.po", 0, 0, "error"),
    TCase("stale", "V143", "narratives/translations/t/es.po", 0, 0),
    TCase("glyph", "V144", "narratives/translations/t/es.po", 0, 1),  # line of the entry: looked up below
    TCase("placeholder", "V145", "narratives/translations/t/es.po", 0, 1, "error"),
]


@pytest.mark.parametrize("case", T_CASES, ids=[f"{c.code}-{c.name}" for c in T_CASES])
def test_translation_problem_gives_code_at_place(story, capsys, case):
    _prepare(story, case.name, capsys)
    code, out, _ = run(capsys, "check", "--format", "json", str(story))
    got = [(d["path"], d["code"], d["line"], d["col"], d["severity"]) for d in json.loads(out)["diagnostics"]]
    line = case.line
    if case.name in ("glyph", "placeholder"):
        po_lines = (story.parent / "translations" / "t" / "es.po").read_text(encoding="utf-8").splitlines()
        line = po_lines.index('msgctxt "choice:s.a.go"') + 2  # Babel gives the msgid's line
    elif case.name == "damaged":
        line = len((story.parent / "translations" / "t" / "es.po").read_text(encoding="utf-8").splitlines())
    assert (case.file, case.code, line, case.col if case.name != "damaged" else 1, case.severity) in got, got
    assert code == (1 if case.severity == "error" else 0)


def test_a_translation_that_changes_a_placeholder_is_not_used(story, capsys):
    _prepare(story, "placeholder", capsys)
    compiled = catalogue.read(story.parent / "translations" / "t" / "es.json")
    assert "choice:s.a.go" not in compiled.by_context and "choice:s.a.stay" in compiled.by_context


def test_source_strings_are_checked_for_glyphs_too(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    story = write_story(tmp_path, scene=SCENE.replace("text: Go", "text: Go ➜"))
    (story.parent / "translations" / "t").mkdir(parents=True)
    code, out, _ = run(capsys, "check", str(story))
    assert "scenes/s.yaml:7:15: warning[V144]" in out and "OpenDyslexic-Regular.otf" in out


# --- engine strings: gettext with Babel's CLDR plural rules ------------------------------------------------------

def test_engine_plurals_follow_cldr_and_the_po_header_agrees(tmp_path, monkeypatch):
    from babel.messages.plurals import get_plural
    compiled = catalogue.Compiled("es", "Español", False, "vantage", "", {}, {
        "%(n)d student": catalogue.Entry("%(n)d student", ("%(n)d estudiante", "%(n)d de estudiantes",
                                                           "%(n)d estudiantes"), "%(n)d students"),
        "Settings": catalogue.Entry("Settings", ("Ajustes",))})
    (tmp_path / "es.json").write_text(catalogue.dumps(compiled), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    try:
        assert i18n.set_language("es-MX") == "es"  # a regional variant falls back to the language
        assert i18n._("Settings") == "Ajustes" and i18n._("Quit") == "Quit"
        forms = [i18n.ngettext("%(n)d student", "%(n)d students", n) % {"n": n} for n in (1, 2, 1_000_000)]
        assert forms == ["1 estudiante", "2 estudiantes", "1000000 de estudiantes"]
        # the header translators' tools use picks the same form as the game for every count
        header = gettext.c2py(get_plural("es")[1])  # stdlib, test only: the game never evaluates it
        index = i18n.plural_index("es")
        assert all(header(n) == index(n) for n in [*range(0, 3000), 1_000_000, 2_000_000, 3_500_000])
    finally:
        i18n.set_language(None)
    assert i18n._("Settings") == "Settings"


def test_translate_refuses_an_unknown_language_and_a_story_with_errors(story, capsys, tmp_path):
    code, _, err = run(capsys, "translate", "update", "--locale", "zz-top", str(story))
    assert code == 2 and "not a language" in err
    scene = tmp_path / "scenes" / "s.yaml"
    scene.write_text(SCENE.replace("ending: good", "ending: goood"), encoding="utf-8")
    code, _, err = run(capsys, "translate", "extract", str(story))
    assert code == 1 and "error[V023]" in err and "fix these problems first" in err


def test_lines_given_ids_after_translation_keep_their_translations(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    scene = SCENE.replace("  - id: a\n", "  - id: a\n    lines:\n      - narrate: It is late.\n"
                          "      - narrate: The bus is gone.\n")
    story = write_story(tmp_path, scene=scene)
    run(capsys, "translate", "update", "--locale", "es", str(story))
    po_path = story.parent / "translations" / "t" / "es.po"
    translate_all(po_path)
    assert 'msgctxt "s.a.1"' in po_path.read_text(encoding="utf-8")  # known by position until `vantage ids`
    code, _, err = run(capsys, "ids", str(tmp_path / "scenes" / "s.yaml"))
    assert code == 0, err
    code, out, _ = run(capsys, "translate", "update", "--locale", "es", str(story))
    assert "0 new, 0 to review" in out
    text = po_path.read_text(encoding="utf-8")
    assert 'msgctxt "s.a.l1"\nmsgid "It is late."\nmsgstr "ES It is late."' in text
    assert 'msgctxt "s.a.1"' not in text
    code, out, _ = run(capsys, "translate", "status", str(story))
    assert "100% translated" in out


def test_the_terminal_player_plays_morning_bus_in_spanish(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n" * 20))
    code, out, err = run(capsys, "play", "--text", "--no-record", "--locale", "es", "morning-bus")
    assert code == 0, err
    assert "El autobús de la mañana" in out and "La alarma suena por" in out and "{jo}" not in out
    assert "Dónde encontrar ayuda:" in out and "Ending: " in out  # the ending id line stays for scripts
    code, _, err = run(capsys, "play", "--text", "--no-record", "--locale", "klingon", "morning-bus")
    assert code == 2 and "no such language (it has: en, es)" in err


def test_hostile_catalogues_are_refused_with_the_file_named(story, capsys, monkeypatch):
    from tools import translate_po
    run(capsys, "translate", "update", "--locale", "es", str(story))
    po_path = story.parent / "translations" / "t" / "es.po"
    po_path.write_bytes(b'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "caf\xe9"\n')  # Latin-1, not UTF-8
    code, out, _ = run(capsys, "check", str(story))
    assert "narratives/translations/t/es.po:5:1: error[V142]: not UTF-8 text" in out and code == 1
    po_path.write_text("x" * 2000, encoding="utf-8")
    monkeypatch.setattr(translate_po, "MAX_PO_BYTES", 1000)  # as if it were a 9 MB file
    code, out, _ = run(capsys, "check", str(story))
    assert "es.po: error[V142]: larger than 0 MB, so it was not read" in out.replace(":0:0", "")
    monkeypatch.setattr(catalogue, "MAX_BYTES", 10)
    (po_path.with_suffix(".json")).write_text("{}" * 10, encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError, match="es.json: larger than"):
        catalogue.read(po_path.with_suffix(".json"))


def test_an_untranslated_new_engine_string_does_not_fail_check_but_is_in_status(monkeypatch, capsys):
    from game.content.translation import SourceString
    from tools import translate_po
    real = translate_po.engine_strings
    monkeypatch.setattr(translate_po, "engine_strings",
                        lambda: real() + [SourceString("", "A brand new button", "game/ui/x.py", 1, 0)])
    code, out, _ = run(capsys, "check", "--strict")
    assert code == 0 and "No problems found." in out
    code, out, _ = run(capsys, "translate", "status", "engine")
    assert "game/ui/x.py:1: A brand new button: not translated" in out


def test_a_catalogue_for_a_language_cldr_does_not_know_still_loads(tmp_path, monkeypatch):
    compiled = catalogue.Compiled("qq", "Qq", False, "vantage", "", {}, {
        "Settings": catalogue.Entry("Settings", ("Qettings",))})
    (tmp_path / "qq.json").write_text(catalogue.dumps(compiled), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert i18n.set_language("qq") == "qq" and i18n._("Settings") == "Qettings"
    assert i18n.ngettext("{n} file", "{n} files", 2) == "{n} files"


def test_a_line_inserted_above_does_not_shift_translations_onto_other_lines(tmp_path, monkeypatch, capsys):
    """Lines without ids are known by position: inserting one moves the others' keys, and each keeps its own
    translation (matched by its unchanged text) instead of inheriting its neighbour's."""
    monkeypatch.chdir(tmp_path)
    lines = "      - narrate: It is late.\n      - narrate: The bus is gone.\n"
    scene = SCENE.replace("  - id: a\n", "  - id: a\n    lines:\n" + lines)
    story = write_story(tmp_path, scene=scene)
    run(capsys, "translate", "update", "--locale", "es", str(story))
    po_path = story.parent / "translations" / "t" / "es.po"
    translate_all(po_path)
    (tmp_path / "scenes" / "s.yaml").write_text(
        SCENE.replace("  - id: a\n", "  - id: a\n    lines:\n      - narrate: Rain.\n" + lines), encoding="utf-8")
    code, out, _ = run(capsys, "translate", "update", "--locale", "es", str(story))
    assert "1 new, 0 to review" in out
    text = po_path.read_text(encoding="utf-8")
    assert 'msgctxt "s.a.2"\nmsgid "It is late."\nmsgstr "ES It is late."' in text
    assert 'msgctxt "s.a.3"\nmsgid "The bus is gone."\nmsgstr "ES The bus is gone."' in text
    assert 'msgctxt "s.a.1"\nmsgid "Rain."\nmsgstr ""' in text


def test_update_with_nothing_new_leaves_the_compiled_catalogue_current(story, capsys):
    run(capsys, "translate", "update", "--locale", "es", str(story))
    translate_all(story.parent / "translations" / "t" / "es.po")
    run(capsys, "translate", "compile", str(story))
    run(capsys, "translate", "update", "--locale", "es", str(story))  # rewrites the file (its own line widths)
    code, out, _ = run(capsys, "check", "--strict", str(story))
    assert code == 0 and "V143" not in out


def test_debrief_prompt_keys_stay_the_same_when_a_prompt_gains_a_when(tmp_path):
    """`debrief:prompt.N` is the prompt's place in the list, whether it is a text or `{text, when}`: a translation
    made before a condition was added still applies, and the translator is told when the prompt is shown."""
    from tests.storykit import NARRATIVE
    plain = NARRATIVE.replace("    - What happened?\n", "    - What happened?\n    - It went well. Why?\n")
    keyed = NARRATIVE.replace("    - What happened?\n", "    - What happened?\n    - text: It went well. Why?\n"
                              "      when: ending == \"good\"\n")
    found = []
    for i, text in enumerate((plain, keyed)):
        path = write_story(tmp_path / str(i), narrative=text)
        manifest, _ = load_document(path, NARRATIVE_SCHEMA, [], "n")
        strings = [s for s in source_strings(manifest, str(path), []) if s.ctx.startswith("debrief:prompt")]
        found.append(strings)
        n = load_narrative(path, use_cache=False).narrative
        assert {(s.ctx, s.text) for s in strings} <= set(model_strings(n))
    assert [(s.ctx, s.text) for s in found[0]] == [(s.ctx, s.text) for s in found[1]] == [
        ("debrief:prompt.1", "What happened?"), ("debrief:prompt.2", "It went well. Why?")]
    assert found[1][1].line == found[0][1].line and 'ending == "good"' in found[1][1].comment
