"""The terminal player (`vantage play --text`): scripted play to an ending, locked choices, end of input, Ctrl-C,
playtest options, and clear usage errors."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from game.content import load_narrative
from tools.text_player import play_text

ROOT = Path(__file__).resolve().parents[2]


def vantage_play(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tools.cli", "play", "--text", *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.fixture(scope="module")
def bus():
    return load_narrative("morning-bus", use_cache=False).narrative


def test_scripted_play_reaches_an_ending(tmp_path):
    proc = vantage_play("morning-bus", "--no-record", "--seed", "3", stdin="1\n" * 40)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.rstrip("\n").splitlines()[-1]
    assert last.startswith("Ending: ")
    assert last.split(": ", 1)[1] in {"spoke-up", "asked-for-help", "went-home"}
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "Where to find help:" in proc.stdout  # the debrief is shown before the last line


def _typed(bus, path: list[str]) -> str:
    """The numbers a student types to take the choices on `path` (ids), as the menus number them."""
    from game.story import Story
    story = Story(bus, seed=0)
    story.start()
    typed = []
    for c in path:
        typed.append(str(next(o.position for o in story.menu.options if o.choice_id == c and o.available)))
        story.choose(c)
    return "".join(f"{t}\n" for t in typed)


def test_every_ending_through_the_terminal(bus):
    """Different scripted inputs end in each of the story's endings, always as the last line."""
    endings = set()
    morning = ["get-up", "rehearse-aloud", "eat", "reply", "greet-neighbour", "find-seat"]
    scripts = {"went-home": _typed(bus, morning + ["get-off", "ring-mum", "months", "truth-to-jo", "mum-talks",
                                                  "fill-form"]),
               "asked-for-help": "1\n" * 40,  # the first choice every time: Sam asks Ms Okafor first
               "spoke-up": _typed(bus, morning + ["sit-with-jo", "jo-seagull", "go-in", "speak", "answer-kai",
                                                  "just-presentations", "ask-pasta", "eat-library", "bird-to-mum",
                                                  "keep-quiet", "fine-jo", "one-good-thing"])}
    for ending, script in scripts.items():
        out = io.StringIO()
        code, story = play_text(bus, seed=0, stdin=io.StringIO(script), stdout=out)
        assert code == 0 and story.finished
        assert out.getvalue().rstrip("\n").splitlines()[-1] == f"Ending: {ending}"
        endings.add(story.ending.ending_id)
    assert endings == set(bus.endings)


def test_same_input_same_transcript(bus):
    outs = set()
    for _ in range(3):
        out = io.StringIO()
        play_text(bus, seed=9, stdin=io.StringIO("2\n3\n2\n2\n3\n"), stdout=out)
        outs.add(out.getvalue())
    assert len(outs) == 1


def test_locked_choice_shows_the_reason_and_asks_again():
    proc = vantage_play("morning-bus", "--start", "home.kitchen", "--set", "anxiety=9", stdin="1\n3\n")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr  # the script stops before an ending
    out = proc.stdout
    reason = "Your stomach won't let you."
    assert "[locked] Eat something anyway" in out
    after = out.split("You can't choose that:", 1)[1]
    assert after.lstrip().startswith(reason)
    assert after.count("> ") >= 1 and 'Mum: “Fine.”' in after  # asked again, then the third choice was taken


def test_not_a_number_asks_again(bus):
    out = io.StringIO()
    play_text(bus, stdin=io.StringIO("hello\n0\n99\n²\n1.0\n-1\n\n1\n"), stdout=out)
    assert out.getvalue().count("Type a number from 1 to 2") == 7
    assert "Get up now" in out.getvalue()


def test_end_of_input_mid_story_stops_cleanly():
    proc = vantage_play("morning-bus", "--no-record", stdin="1\n")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 1  # a transcript that runs out before an ending did not play the story through
    assert "Stopped at `home.desk` before an ending (input ended)" in proc.stdout.splitlines()[-1]


class CtrlC(io.StringIO):
    def readline(self, *args):
        raise KeyboardInterrupt


def test_ctrl_c_at_the_prompt_stops_cleanly(bus):
    out = io.StringIO()
    code, story = play_text(bus, stdin=CtrlC(), stdout=out)
    assert code == 130 and not story.finished
    assert "Stopped at `home.alarm` before an ending (Ctrl-C)" in out.getvalue()  # not "input ended"


def test_start_and_set_for_playtesting():
    # read the notes, answer Kai, then (anxiety 9 locks the rest) the quieter choices through the day, presented
    proc = vantage_play("morning-bus", "--start", "school.presentation", "--set", "anxiety=9",
                        stdin="2\n1\n3\n2\n1\n2\n1\n2\n2\n")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "== Second period ==" in out and "The alarm goes off" not in out
    assert "[locked] Start talking, slowly" in out  # anxiety 9 locks it
    assert out.rstrip().splitlines()[-1] == "Ending: spoke-up"


def test_set_flag_and_float():
    proc = vantage_play("morning-bus", "--start", "school.presentation", "--set", "anxiety=9.5",
                        "--set", "used_breathing=true", stdin="1\n1\n3\n2\n1\n2\n1\n2\n2\n")
    assert proc.returncode == 0, proc.stderr
    assert "[locked] Start talking" not in proc.stdout
    assert proc.stdout.rstrip().splitlines()[-1] == "Ending: spoke-up"


@pytest.mark.parametrize("args,words", [
    (["--set", "anxiety"], "NAME=VALUE"),
    (["--set", "=3"], "NAME=VALUE"),
    (["--set", "anxiety=lots"], "lots"),
    (["--set", "nobody=1"], "nobody"),
    (["--set", "anxiety=true"], "anxiety"),
    (["--set", "texted_jo=1"], "texted_jo"),
    (["--start", "nowhere"], "nowhere"),
    (["--start", "school.nowhere"], "school.nowhere"),
    (["--seed", "abc"], "abc"),
])
def test_bad_playtest_options_exit_2_with_a_message(args, words):
    proc = vantage_play("morning-bus", *args)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert words in proc.stderr and "Traceback" not in proc.stdout + proc.stderr
    assert "== " not in proc.stdout  # refused before the story began


def test_unknown_narrative():
    proc = vantage_play("no-such-story")
    assert proc.returncode == 1 and "V024" in proc.stderr and "Traceback" not in proc.stderr


class Recorder:
    def __init__(self):
        self.events, self.choices = [], []

    def event(self, event):
        self.events.append(event)

    def choice(self, menu, option, decision_ms):
        self.choices.append((menu.menu_id, option.choice_id, decision_ms))


def test_observers_see_events_and_choices_with_decision_time(bus):
    ticks = iter(range(0, 10_000, 1)).__next__  # a fake clock: one second per call
    rec = Recorder()
    code, story = play_text(bus, stdin=io.StringIO("1\n1\n"), stdout=io.StringIO(), observers=[rec],
                            clock=lambda: float(ticks()))
    assert [c[:2] for c in rec.choices] == [("home.alarm", "get-up"), ("home.desk", "rehearse-aloud")]
    assert all(c[2] == 1000 for c in rec.choices)
    assert rec.events[0].__class__.__name__ == "SceneEntered"


def test_a_locked_number_typed_twice_is_one_attempt_and_old_observers_still_work(bus):
    from game.story import Story
    path = ["get-up", "whisper-notes", "say-fine", "reply", "wave-neighbour", "stand-by-door"]  # to bus.aisle,
    # where the breathing is locked
    story = Story(bus, seed=0)
    story.start()
    typed = []
    for c in path:
        typed.append(str(next(o.position for o in story.menu.options if o.choice_id == c)))
        story.choose(c)
    breathe = next(o for o in story.menu.options if not o.available)
    first_available = next(o for o in story.menu.options if o.available)
    typed += [str(breathe.position)] * 2 + [str(first_available.position)]

    tried = []

    class Attempts(Recorder):
        def locked(self, menu, option):
            tried.append((menu.menu_id, option.choice_id))

    old = Recorder()  # written before `locked` existed
    out = io.StringIO()
    code, story = play_text(bus, stdin=io.StringIO("\n".join(typed) + "\n"), stdout=out, observers=[old, Attempts()])
    assert code == 1  # the script stops at the next menu, before an ending
    assert tried == [("bus.aisle", breathe.choice_id)]
    assert out.getvalue().count("You can't choose that") == 2  # re-asked both times, recorded once
    assert old.choices[-1][:2] == ("bus.aisle", first_available.choice_id)


@pytest.mark.parametrize("flag", ["--kiosk", "--autoplay", "--bench", "--fullscreen"])
def test_window_only_options_are_refused_with_text(flag):
    proc = vantage_play("morning-bus", flag, stdin="1\n")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert flag in proc.stderr and "only works in the window" in proc.stderr and proc.stdout == ""
