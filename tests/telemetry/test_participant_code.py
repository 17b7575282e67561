"""The participant code (a keyed hash of four answers) depends on every answer: two students who differ in any one
answer, the last included, must never be merged into one participant."""
from __future__ import annotations

import pytest

from game.telemetry.codes import PARTICIPANT_QUESTIONS, participant_hash

KEY = b"k" * 32
BASE = ["Q", "29", "3", "V"]
OTHER = ["R", "30", "4", "W"]


@pytest.mark.parametrize("i", range(len(PARTICIPANT_QUESTIONS)))
def test_changing_any_one_answer_changes_the_code(i):
    changed = list(BASE)
    changed[i] = OTHER[i]
    assert participant_hash(changed, KEY) != participant_hash(BASE, KEY), PARTICIPANT_QUESTIONS[i].id


def test_the_same_answers_written_differently_give_the_same_code():
    assert participant_hash(["q", " 29", "03", "v "], KEY) == participant_hash(BASE, KEY)
    answers = {q.id: a for q, a in zip(PARTICIPANT_QUESTIONS, BASE)}
    assert participant_hash(answers, KEY) == participant_hash(BASE, KEY)


def test_four_answers_are_needed():
    with pytest.raises(ValueError):
        participant_hash(BASE[:3], KEY)
