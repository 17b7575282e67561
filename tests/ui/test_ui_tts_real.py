"""The real espeak-ng command line, as Speaker builds it, speaks: written to a WAV file, it holds audible samples.

The stand-in tests (test_ui_tts.py) prove the game never waits for the voice; this one proves the voice itself works
with the arguments we give it. CI installs espeak-ng (.ci/run), so here it runs instead of skipping.
"""
from __future__ import annotations

import subprocess
import wave

import numpy as np
import pytest

from game.ui.tts import Speaker, find_espeak

pytestmark = pytest.mark.skipif(find_espeak() is None,
                                reason="espeak-ng IS NOT INSTALLED: the real voice is untested (apt-get install "
                                       "espeak-ng; .ci/run does it as root)")


def test_espeak_ng_speaks_a_line_into_a_wav_that_holds_audio(tmp_path):
    speaker = Speaker(enabled=True, volume=0.8)
    argv = speaker._argv("The bus is late again. -- Are you getting on?")
    assert argv[0] == find_espeak() and argv[-2] == "--"
    out = tmp_path / "line.wav"
    # the same argv, with -w so espeak-ng writes the speech to a file instead of the sound card
    proc = subprocess.run([argv[0], "-w", str(out), *argv[1:]], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    with wave.open(str(out)) as wav:
        assert wav.getsampwidth() == 2 and wav.getnchannels() == 1
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
    samples = np.frombuffer(frames, dtype="<i2").astype(np.int32)
    assert 1.0 < seconds < 20.0, seconds  # a sentence, not an empty file nor a runaway
    loud = np.abs(samples) > 1000
    assert loud.mean() > 0.05, f"only {loud.mean():.1%} of the samples are audible"
    quiet = Speaker(enabled=True, volume=0.0)
    assert not quiet.say("nothing")  # volume 0 starts no process at all


def test_the_speaker_starts_the_real_program_and_stop_ends_it():
    speaker = Speaker(enabled=True, volume=0.5)
    assert speaker.say("A long line to say, so that it is still speaking when it is stopped. " * 5)
    proc = speaker._proc
    assert proc is not None and proc.args[0] == find_espeak()
    speaker.stop()
    assert proc.poll() is not None and not speaker.speaking
