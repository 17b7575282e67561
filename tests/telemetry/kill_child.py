"""Child process for the SIGKILL test: plays recorded sessions of morning-bus forever, printing each choice made.

Usage: python -m tests.telemetry.kill_child DATA_DIR SEED. A line `CHOICE <session> <n> <menu> <choice>` is printed
(and flushed) after the player's choose call returns, i.e. when the player would show the next screen.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

from game.content import load_narrative
from game.telemetry.flow import Step, Telemetry, TelemetryOptions


def main() -> None:
    data_dir, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    narrative = load_narrative("morning-bus").narrative
    telemetry = Telemetry.open(TelemetryOptions(data_dir=data_dir))
    print("READY", flush=True)
    while True:
        flow = telemetry.new_flow(narrative, player="text", seed=rng.randrange(1000))
        flow.consent(True)
        sid = flow.recorder.session_id
        if flow.step is Step.PRE:
            for item in flow.questionnaire.items:
                flow.answer(item.id, rng.choice([1, 2, 3, 4, 5, None]))
            flow.finish_questionnaire()
        flow.start_story()
        n = 0
        while flow.step is Step.STORY:
            option = rng.choice(flow.story.menu.available)
            flow.choose(option.choice_id)
            n += 1
            print(f"CHOICE {sid} {n} {option.choice_id}", flush=True)
        if flow.step is Step.POST:
            for item in flow.questionnaire.items:
                flow.answer(item.id, rng.choice([1, 2, 3, 4, 5]))
            flow.finish_questionnaire()
        flow.done()


if __name__ == "__main__":
    main()
