"""Synthesise the sounds of the bundled story (assets/sounds/*.ogg) with numpy: envelopes, filtered noise and
harmonics, so each cue has a real character (a phone alarm, bus doors, a classroom going quiet, room tones, a calm
pad). Our own work, CC0 (see assets/CREDITS.md).

Run: python tools/make_sounds.py [NAME ...]   (only the named sounds, or all of them; the samples are deterministic, the OGG bytes are not: Vorbis streams get a random
serial number. Needs `sox` at build time only, to encode OGG Vorbis. The game
only reads the committed OGG files.)
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game import paths  # noqa: E402

RATE = 22050
OUT = paths.ASSETS_DIR / "sounds"


def t(seconds: float) -> np.ndarray:
    return np.arange(int(seconds * RATE)) / RATE


def envelope(n: int, attack: float, release: float) -> np.ndarray:
    """Linear attack and release (seconds) around a flat middle: no clicks at either end."""
    env = np.ones(n)
    a, r = max(1, int(attack * RATE)), max(1, int(release * RATE))
    env[:a] = np.linspace(0, 1, a)
    env[-r:] *= np.linspace(1, 0, r)
    return env


def lowpass(x: np.ndarray, cutoff: float) -> np.ndarray:
    """One-pole low-pass: enough to turn white noise into rumble or hiss."""
    k = np.exp(-2 * np.pi * cutoff / RATE)
    out = np.empty_like(x)
    acc = 0.0
    for i, v in enumerate(x):  # short clips: a plain loop is fast enough at build time
        acc = (1 - k) * v + k * acc
        out[i] = acc
    return out


def highpass(x: np.ndarray, cutoff: float) -> np.ndarray:
    return x - lowpass(x, cutoff)


def alarm(rng: np.random.Generator) -> np.ndarray:
    """A phone alarm: groups of bright beeps (a tone with odd harmonics), four times, slightly insistent."""
    out = []
    for group in range(4):
        for beep in range(3):
            tt = t(0.12)
            f = 1760 if beep % 2 == 0 else 1975
            tone = sum(np.sin(2 * np.pi * f * k * tt) / k for k in (1, 3, 5))
            out += [0.35 * tone * envelope(len(tt), 0.005, 0.03), np.zeros(int(0.06 * RATE))]
        out.append(np.zeros(int(0.45 * RATE)))
    return np.concatenate(out)


def bus_doors(rng: np.random.Generator) -> np.ndarray:
    """Bus doors: a pneumatic hiss (high-passed noise that swells and dies) and a low rubbery thunk."""
    n = int(1.6 * RATE)
    hiss = highpass(rng.normal(0, 1, n), 2500) * np.concatenate(
        [np.linspace(0, 1, int(0.15 * RATE)), np.exp(-np.linspace(0, 4, n - int(0.15 * RATE)))])
    thunk_t = t(0.35)
    thunk = (np.sin(2 * np.pi * 70 * thunk_t) + 0.5 * np.sin(2 * np.pi * 140 * thunk_t)) * np.exp(-thunk_t * 14)
    thunk += lowpass(rng.normal(0, 1, len(thunk_t)), 400) * np.exp(-thunk_t * 30) * 2
    out = 0.25 * hiss
    start = int(1.05 * RATE)
    out[start:start + len(thunk)] += 0.6 * thunk[:n - start]
    return out


def murmur(rng: np.random.Generator, seconds: float) -> np.ndarray:
    """Many voices far off: band-limited noise whose loudness wobbles at syllable rate, in a few layers."""
    n = int(seconds * RATE)
    out = np.zeros(n)
    for layer in range(5):
        # three low-pass stages: the energy sits where voices do (200 Hz to 1.5 kHz), not in a hiss above
        voice = lowpass(lowpass(lowpass(highpass(rng.normal(0, 1, n), 200), 1200), 1200), 1500) * 4
        rate = rng.uniform(3, 6)
        phase = rng.uniform(0, 2 * np.pi)
        wobble = 0.5 + 0.5 * np.sin(2 * np.pi * rate * t(seconds) + phase) * np.sin(2 * np.pi * 0.3 * t(seconds))
        out += voice * np.clip(wobble, 0, 1)
    return out / 5


def class_quiet(rng: np.random.Generator) -> np.ndarray:
    """A classroom going quiet: the murmur, a chair scrape, then it fades to near silence."""
    seconds = 4.5
    room = murmur(rng, seconds) * np.concatenate([np.ones(int(1.2 * RATE)),
                                                  np.linspace(1, 0.03, int(seconds * RATE) - int(1.2 * RATE))])
    scrape_t = t(0.25)
    scrape = highpass(rng.normal(0, 1, len(scrape_t)), 900) * np.sin(np.pi * scrape_t / 0.25) * \
        (1 + 0.5 * np.sin(2 * np.pi * 35 * scrape_t))
    at = int(0.9 * RATE)
    room[at:at + len(scrape)] += 0.15 * scrape
    return 0.6 * room


def loop_fade(x: np.ndarray, seconds: float = 0.5) -> np.ndarray:
    """Crossfades the end into the start so the clip loops without a click."""
    n = int(seconds * RATE)
    head, tail = x[:n].copy(), x[-n:]
    ramp = np.linspace(0, 1, n)
    x = x[:-n].copy()
    x[:n] = head * ramp + tail * (1 - ramp)
    return x


def room_home(rng: np.random.Generator) -> np.ndarray:
    """A quiet house in the morning: soft room tone, a fridge hum, now and then a bird outside."""
    seconds = 10.0
    tone = lowpass(rng.normal(0, 1, int(seconds * RATE)), 300) * 0.6
    tt = t(seconds)
    tone += 0.03 * np.sin(2 * np.pi * 50 * tt) + 0.015 * np.sin(2 * np.pi * 100 * tt)
    for start in (1.5, 6.2):
        bt = t(0.18)
        chirp = np.sin(2 * np.pi * (3200 + 1800 * bt / 0.18) * bt) * np.sin(np.pi * bt / 0.18) ** 2
        i = int(start * RATE)
        tone[i:i + len(chirp)] += 0.05 * chirp
        tone[i + len(chirp) + 800:i + 2 * len(chirp) + 800] += 0.04 * chirp
    return loop_fade(0.5 * tone)


def bus_ride(rng: np.random.Generator) -> np.ndarray:
    """Inside a bus: an engine's low harmonics that rise and fall, road noise under it."""
    seconds = 10.0
    tt = t(seconds)
    rev = 1 + 0.15 * np.sin(2 * np.pi * 0.1 * tt)
    phase = 2 * np.pi * 38 * np.cumsum(rev) / RATE
    engine = sum(np.sin(k * phase) / k for k in (1, 2, 3, 4))
    road = lowpass(rng.normal(0, 1, len(tt)), 500)
    return loop_fade(0.18 * engine + 0.5 * road)


def classroom(rng: np.random.Generator) -> np.ndarray:
    """A classroom before the lesson: the murmur of voices, steady."""
    return loop_fade(0.5 * murmur(rng, 10.0))


def calm_pad(rng: np.random.Generator) -> np.ndarray:
    """Quiet music: a slow two-chord pad (C major 7 to A minor 7) with soft harmonics and a gentle swell."""
    chords = ((261.6, 329.6, 392.0, 493.9), (220.0, 261.6, 329.6, 392.0))
    parts = []
    for chord in chords * 2:
        tt = t(4.0)
        voice = sum(sum(np.sin(2 * np.pi * f * k * tt + k) / (k * k) for k in (1, 2, 3)) for f in chord)
        vib = 1 + 0.1 * np.sin(2 * np.pi * 0.25 * tt)
        parts.append(0.08 * voice * vib * envelope(len(tt), 1.2, 1.2))
    return loop_fade(np.concatenate(parts), 0.2)


def phone_buzz(rng: np.random.Generator) -> np.ndarray:
    """A phone buzzing on a desk: two short low rattles (a 180 Hz buzz with a little noise), then a soft chime."""
    out = []
    for _ in range(2):
        tt = t(0.22)
        buzz = np.sign(np.sin(2 * np.pi * 180 * tt)) * 0.18 + rng.normal(0, 0.02, len(tt))
        out += [lowpass(buzz, 900) * envelope(len(tt), 0.01, 0.04), np.zeros(int(0.12 * RATE))]
    tt = t(0.5)
    chime = (np.sin(2 * np.pi * 1320 * tt) + 0.4 * np.sin(2 * np.pi * 1980 * tt)) * 0.2
    out.append(chime * envelope(len(tt), 0.005, 0.4))
    return np.concatenate(out)


# *The Saturday Shift* (hearing-voices)
def cafe_room(rng: np.random.Generator) -> np.ndarray:
    """A café at lunchtime: a low murmur of voices, now and then a cup set on a saucer and the milk steamer's hiss."""
    seconds = 10.0
    room = 0.45 * murmur(rng, seconds)
    for start in (1.1, 3.7, 6.0, 8.4):  # cups: short bright knocks with a ring
        tt = t(0.25)
        clink = (np.sin(2 * np.pi * 2400 * tt) + 0.5 * np.sin(2 * np.pi * 3700 * tt)) * np.exp(-tt * 30)
        i = int(start * RATE)
        room[i:i + len(clink)] += 0.12 * clink
    tt = t(1.6)  # the steam wand: filtered noise swelling and fading
    hiss = highpass(rng.normal(0, 1, len(tt)), 2500) * np.sin(np.pi * tt / 1.6) ** 2
    i = int(4.4 * RATE)
    room[i:i + len(hiss)] += 0.12 * hiss
    return loop_fade(room)


def door_bell(rng: np.random.Generator) -> np.ndarray:
    """The little bell over a shop door: two bright, decaying rings."""
    out = np.zeros(int(1.4 * RATE))
    for start, f in ((0.0, 1760.0), (0.12, 2093.0)):
        tt = t(1.2)
        ring = (np.sin(2 * np.pi * f * tt) + 0.3 * np.sin(2 * np.pi * f * 2.76 * tt)) * np.exp(-tt * 5)
        i = int(start * RATE)
        out[i:i + len(ring)] += 0.25 * ring
    return out


def whisper(rng: np.random.Generator) -> np.ndarray:
    """A whisper with no words in it: breathy noise in the range of speech, shaped into a few soft syllables."""
    seconds = 1.8
    tt = t(seconds)
    breath = lowpass(highpass(rng.normal(0, 1, len(tt)), 1500), 5000)
    syllables = np.clip(np.sin(2 * np.pi * 2.6 * tt) * np.sin(np.pi * tt / seconds), 0, 1) ** 1.5
    return 0.5 * breath * syllables * envelope(len(tt), 0.1, 0.3)


# *Until It Feels Right* (just-right)
def switch_click(rng: np.random.Generator) -> np.ndarray:
    """A light switch clicked off and on, again and again: short bright clicks (a noise burst with a resonance),
    quick pairs with a pause between, slightly uneven, the last pair slower."""
    out = []
    gaps = [0.18, 0.5, 0.16, 0.45, 0.17, 0.55, 0.2, 0.9]
    for i, gap in enumerate(gaps):
        n = int(0.012 * RATE)
        burst = rng.normal(0, 1, n) * np.exp(-np.arange(n) / (0.002 * RATE))
        ring = np.sin(2 * np.pi * (2400 if i % 2 else 2100) * np.arange(n) / RATE) * np.exp(-np.arange(n) / (0.003 * RATE))
        out += [highpass(burst * 0.5 + ring * 0.5, 800) * 0.6, np.zeros(int(gap * RATE))]
    return np.concatenate(out)


def tap_water(rng: np.random.Generator) -> np.ndarray:
    """Water running from a tap into a sink: band-limited noise with a slow gurgle, then the tap squeaks shut."""
    tt = t(3.2)
    noise = highpass(lowpass(rng.normal(0, 0.3, len(tt)), 3500), 400)
    gurgle = 1 + 0.25 * np.sin(2 * np.pi * 3.1 * tt) * np.sin(2 * np.pi * 0.7 * tt)
    water = noise * gurgle * envelope(len(tt), 0.15, 0.35)
    sq = t(0.25)
    squeak = np.sin(2 * np.pi * (900 + 500 * sq / 0.25) * sq) * 0.12 * envelope(len(sq), 0.02, 0.1)
    return np.concatenate([water, np.zeros(int(0.05 * RATE)), squeak])


SOUNDS = {"phone-buzz": phone_buzz, "alarm": alarm, "bus-doors": bus_doors, "class-quiet": class_quiet, "room-home": room_home,
          "bus-ride": bus_ride, "classroom": classroom, "calm-pad": calm_pad,
          "cafe-room": cafe_room, "door-bell": door_bell, "whisper": whisper,
          # *Until It Feels Right* (just-right)
          "switch-click": switch_click, "tap-water": tap_water}


def write_ogg(samples: np.ndarray, target: Path) -> None:
    peak = float(np.max(np.abs(samples))) or 1.0
    pcm = (np.clip(samples / max(peak, 1.0), -1, 1) * 32000).astype("<i2")
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "x.wav"
        with wave.open(str(wav), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(pcm.tobytes())
        subprocess.run(["sox", str(wav), "-C", "3", str(target)], check=True)


def main() -> int:
    if shutil.which("sox") is None:
        print("make_sounds needs `sox` (with Ogg Vorbis) to encode the files", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = sys.argv[1:] or list(SOUNDS)  # e.g. `python tools/make_sounds.py whisper`: only those (OGG bytes differ
    unknown = [w for w in wanted if w not in SOUNDS]  # on every run, so remaking all would churn every file)
    if unknown:
        print(f"no such sound: {', '.join(unknown)} (known: {', '.join(SOUNDS)})", file=sys.stderr)
        return 2
    for name, make in ((w, SOUNDS[w]) for w in wanted):
        rng = np.random.default_rng(sum(map(ord, name)))
        target = OUT / f"{name}.ogg"
        write_ogg(make(rng), target)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
