"""Bad-file rows for the storytelling diagnostics (V070-V082), added to test_diagnostic_codes.CASES.

Each is a minimal story with one mistake; the table gives the code, the file, the line and the column.
"""
from __future__ import annotations

from tests.storykit import NARRATIVE

# the base narrative with a character who has portraits, a word stat and a sound
STAGED = NARRATIVE.replace("""  jo:
    name: Jo
""", """  jo:
    name: Jo
    portraits:
      calm: {image: portraits/jo-calm.png, description: Jo with a small smile}
      worried: {image: portraits/jo-worried.png, description: Jo frowning}
  sam:
    name: Sam
""").replace("{extra}", """words:
  mood:
    one_of: [calm, tense, numb]
    start: calm
sounds:
  bell:
    file: sounds/bell.ogg
    caption: "A bell rings"
""")
ASSETS = ("portraits/jo-calm.png", "portraits/jo-worried.png", "sounds/bell.ogg")
MENU = """    choices:
      - {id: go, text: Go, ending: good}
      - {id: stay, text: Stay, ending: bad}
"""


def one_line(line: str) -> str:
    """A scene whose only beat shows `line` (YAML text of one list item, indented for `lines:`) then a menu."""
    return "id: s\ntitle: T\nbeats:\n  - id: a\n    lines:\n" + line + MENU


def storytelling_cases(Case, scene_with):  # noqa: N803 - the table's own Case class, passed in to avoid a cycle
    return [
        # V070: an unknown name in braces, at the name
        Case("unknown value in text", "V070", "scene", 6, 28, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - narrate: You have {enrgy} energy left.\n")),
        Case("flag written as a value", "V070", "scene", 6, 24, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - narrate: \"Are {brave}?\"\n")),
        # V071: a brace never closed
        Case("brace never closed", "V071", "scene", 6, 27, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - narrate: You have {energy energy.\n")),
        # V072: an unknown kind of alternative
        Case("unknown alternative", "V072", "scene", 6, 28, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - narrate: You feel {maybe ok|bad}.\n")),
        Case("condition in text", "V031", "scene", 6, 27, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - narrate: Then {if brav then Yes.|No.}\n")),
        # V073: emphasis never closed, at the asterisk
        Case("italic never closed", "V073", "scene", 6, 27, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - thought: Breathe. *In for four.\n")),
        # V074: a word outside its set, in an effect and in a condition
        Case("word not in the set", "V074", "scene", 5, 23, narrative=STAGED, assets=ASSETS,
             scene=scene_with("""
        - id: a
          effects: ['mood = "happy"']
          ending: good
        - id: b
          ending: bad
    """)),
        Case("word compared with a stranger", "V074", "scene", 7, 21, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - narrate: Hm.\n        if: mood == \"angry\"\n")),
        # V075: an expression the character does not have
        Case("unknown expression", "V075", "scene", 8, 21, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - say: Hi.\n        speaker: jo\n        expression: angry\n")),
        Case("show a character without portraits", "V075", "scene", 6, 15, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - show: sam\n")),
        # V076: show/hide someone not declared
        Case("show nobody", "V076", "scene", 6, 15, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - show: joe\n")),
        # V077: a sound never declared
        Case("unknown sound", "V077", "scene", 6, 16, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - sound: bel\n")),
        # V050 also covers a sound file that is missing
        Case("missing sound file", "V050", "narrative", STAGED.splitlines().index("    file: sounds/bell.ogg") + 1,
             11, narrative=STAGED, assets=ASSETS[:2], scene=one_line("      - sound: bell\n")),
        # V078: a call with nowhere to come back to, at `call`
        Case("call without goto", "V078", "scene", 5, 5, narrative=STAGED, assets=ASSETS, scene=scene_with("""
        - id: a
          call: breathe
          ending: good
        - id: breathe
          return: true
        - id: z
          ending: bad
    """)),
        # V079: a return the story reaches without a call
        Case("return without call", "V079", "scene", 6, 9, narrative=STAGED, assets=ASSETS, scene=scene_with("""
        - id: a
          goto: b
        - id: b
          return: true
        - id: c
          choices:
            - {id: go, text: Go, ending: good}
            - {id: stay, text: Stay, ending: bad}
    """)),
        # V080 (warning): a subroutine that never returns, at the beat that calls it
        Case("subroutine never returns", "V080", "scene", 4, 9, severity="warning", narrative=STAGED, assets=ASSETS,
             scene=scene_with("""
        - id: a
          call: sub
          goto: b
        - id: b
          ending: good
        - id: sub
          choices:
            - {id: go, text: Go, ending: good}
            - {id: stay, text: Stay, ending: bad}
    """)),
        # V083 (warning): a subroutine that calls itself, at the beat that does it
        Case("subroutine calls itself", "V083", "scene", 9, 9, severity="warning", narrative=STAGED, assets=ASSETS,
             scene=scene_with("""
        - id: a
          call: sub
          goto: b
        - id: b
          ending: good
        - id: sub
          choices:
            - {id: again, text: Again, call: sub, goto: back}
            - {id: done, text: Done, goto: back}
        - id: back
          return: true
        - id: z
          ending: bad
    """)),
        # V081: seen() of a line that has no such id
        Case("seen an unknown line", "V081", "scene", 7, 18, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - narrate: Hm.\n        if: seen(\"a.frist\") == 0\n")),
        # V082: an option on a line that does not take it
        Case("slow pause", "V082", "scene", 7, 9, narrative=STAGED, assets=ASSETS,
             scene=one_line("      - pause: 1\n        slow: true\n")),
    ]
