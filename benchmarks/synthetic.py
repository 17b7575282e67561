"""Generates a synthetic narrative of about 5 MB (>= 5,000 beats) for load benchmarks.

Usage: python benchmarks/synthetic.py OUT_DIR [--beats N]
The story is valid: every beat is reachable and leads on to an ending, with conditions, effects, locked choices,
thoughts, perception effects and variants in realistic proportions, and the text mini-language (values, `{if}`,
sequences, cycles, once-only text, emphasis, choice text that changes) in about a third of the texts.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = ("the bus is late again and Sam waits by the window while rain runs down the glass everyone seems to "
         "know where they are going except you the corridor feels longer than it did yesterday").split()


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


MARKUP = (
    " You have {energy} energy left.",
    " {if met_jo then Jo is here.|Nobody you know is here.}",
    " {seq It is the first time.|It is the second time.|It keeps happening.}",
    " {cycle The radio hums.|The radio is quiet.}",
    " {once You notice it only now.}",
    " It is *really* **loud**.",
    " {jo} looks over.",
)


def marked(rng: random.Random, text: str) -> str:
    """A sentence, and in a third of them some markup."""
    return text + rng.choice(MARKUP) if rng.random() < 0.33 else text


def generate(out: Path, beats: int = 5200, scenes: int = 10, seed: int = 1) -> Path:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "scenes").mkdir(exist_ok=True)
    (out / "narratives").mkdir(exist_ok=True)
    per = beats // scenes
    scene_files = []
    for s in range(scenes):
        lines = [f"id: s{s}", f"title: Scene {s}", "mood: calm", "beats:"]
        for b in range(per):
            last = b == per - 1
            lines += [f"  - id: b{b}", "    effects:", f"      - energy -= {rng.randint(0, 1)}", "    lines:"]
            for k in range(rng.randint(4, 7)):
                kind = rng.random()
                if kind < 0.6:
                    lines.append(f"      - narrate: \"{marked(rng, sentence(rng))}\"")
                elif kind < 0.8:
                    lines += [f"      - say: \"{marked(rng, sentence(rng, 10))}\"", "        speaker: jo"]
                elif kind < 0.95:
                    lines += ["      - thought:", f"          - \"{sentence(rng, 8)}\"", f"          - \"{sentence(rng, 8)}\""]
                else:
                    lines += ["      - perceive:", "          effect: vignette", "          intensity: 0.5"]
            if rng.random() < 0.3:
                lines += ["      - narrate: \"Jo waves.\"", "        if: met_jo and anxiety < 7"]
            if last:
                target = f"s{s + 1}.b0" if s + 1 < scenes else None
                lines += ["    choices:"]
                if target:
                    lines += ["      - id: on", "        text: Keep going", f"        goto: {target}"]
                else:
                    lines += ["      - id: end", "        text: Finish", "        ending: done"]
                continue
            lines += ["    prompt: What now?", "    choices:"]
            lines += ["      - id: next", f"        text: \"{{if met_jo then With Jo,|Alone,}} {sentence(rng, 6)}\"",
                      f"        goto: b{b + 1}",
                      "        effects:", "          - anxiety += 1"]
            lines += ["      - id: brave", f"        text: \"{sentence(rng, 6)}\"",
                      f"        requires: energy >= {rng.randint(1, 5)} and not visited(\"b{b}\") == 2",
                      "        locked_reason: You can't make yourself do it.", f"        goto: b{min(per - 1, b + 2)}",
                      "        effects:", "          - met_jo = true"]
            lines += ["      - id: rest", "        text: Rest a moment", "        once: true", f"        goto: b{b + 1}",
                      "        effects:", "          - energy += 2", "          - anxiety -= 1"]
        name = f"s{s}.yaml"
        (out / "scenes" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        scene_files.append(name)
    manifest = [
        "format: 1", "id: synthetic", "title: Synthetic", 'version: "1"', "summary: A generated story for benchmarks.",
        "perspective:", "  character: Sam", "  condition: social anxiety", "audience:", "  min_age: 13",
        "  minutes: 600", "content_notes: [none]", "characters:", "  jo:", "    name: Jo", "stats:",
        "  energy: {label: Energy, min: 0, max: 10, start: 6}", "  anxiety: {label: Anxiety, min: 0, max: 10, start: 4}",
        "flags:", "  met_jo: false", "start: s0.b0", "scenes:",
        *[f"  - ../scenes/{n}" for n in scene_files],
        "endings:", "  done: {title: Done, text: The end.}",
        "debrief:", "  prompts: [What happened?]", "  help:", "    - {name: A teacher, contact: At school}",
    ]
    path = out / "narratives" / "synthetic.yaml"
    path.write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--beats", type=int, default=5200)
    a = ap.parse_args()
    p = generate(a.out, a.beats)
    size = sum(f.stat().st_size for f in a.out.rglob("*.yaml"))
    print(f"{p} ({size / 1e6:.1f} MB)")


def generate_rich(out: Path, beats: int = 400, stats: int = 10, flags: int = 10, seed: int = 2) -> Path:
    """A story whose menus each depend on five names (three stats, two flags), as in issue 12: the case where
    `check`'s search for an all-locked menu (V043) was slow. Every menu is safe (one choice always unlocked), so
    the search must rule out every state, the most it ever has to do; one menu in five also adds up two stats."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "scenes").mkdir(exist_ok=True)
    (out / "narratives").mkdir(exist_ok=True)
    stat_names = [f"st{i}" for i in range(stats)]
    flag_names = [f"fl{i}" for i in range(flags)]
    lines = ["id: r", "title: Rich", "mood: tense", "beats:"]
    for b in range(beats):
        sa, sb, sc = rng.sample(stat_names, 3)
        fx, fy = rng.sample(flag_names, 2)
        k, m, j = rng.randint(2, 8), rng.randint(2, 8), rng.randint(8, 14)
        nxt = f"b{b + 1}" if b + 1 < beats else None
        way = f"goto: {nxt}" if nxt else "ending: done"
        fourth = f"{sc} + {sa} > {j} or {fy}" if b % 5 == 0 else f"{sc} >= {j - 6} or {fy}"
        lines += [f"  - id: b{b}", "    lines:", f"      - narrate: \"{sentence(rng)}\"", "    choices:",
                  # c1 or c2 or c3 always holds: if c3 fails then sb <= m and fx, and then c1 or c2 holds
                  "      - id: c1", "        text: Go", f"        requires: {sa} >= {k} and {fx}",
                  "        locked_reason: Not now.", f"        {way}", "        effects:", f"          - {sb} += 1",
                  "      - id: c2", "        text: Wait", f"        requires: {sa} < {k} and {sb} <= {m}",
                  "        locked_reason: Not now.", f"        {way}", "        effects:", f"          - {fx} = true",
                  "      - id: c3", "        text: Talk", f"        requires: {sb} > {m} or not {fx}",
                  "        locked_reason: Not now.", f"        {way}", "        effects:", f"          - {sa} -= 1",
                  "      - id: c4", "        text: Run", f"        if: {fourth}", f"        {way}"]
    (out / "scenes" / "r.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = [
        "format: 1", "id: rich", "title: Rich", 'version: "1"', "summary: Menus that depend on many stats and flags.",
        "perspective:", "  character: Sam", "  condition: social anxiety", "audience:", "  min_age: 13",
        "  minutes: 60", "content_notes: [none]", "stats:",
        *[f"  {s}: {{label: {s}, min: 0, max: 10, start: 5}}" for s in stat_names],
        "flags:", *[f"  {f}: false" for f in flag_names], "start: r.b0", "scenes:", "  - ../scenes/r.yaml",
        "endings:", "  done: {title: Done, text: The end.}",
        "debrief:", "  prompts: [What happened?]", "  help:", "    - {name: A teacher, contact: At school}",
    ]
    path = out / "narratives" / "rich.yaml"
    path.write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return path
