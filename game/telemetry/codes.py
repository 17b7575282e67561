"""Random ids and short codes: session ids, classroom (cohort) codes, withdrawal codes, and the participant code hash.

Short codes use an alphabet without vowels (no accidental words) and without look-alikes (0/O, 1/I/L, 5/S, 8/B, 2/Z),
so a teacher can read one aloud and a student can type it. Input is forgiving: case, spaces and dashes are ignored.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

ALPHABET = "CDFGHJKMNPQRTVWX3479"  # 20 symbols: no vowels, no Y, no look-alikes
COHORT_CODE_LENGTH = 6  # 20**6 = 64 million classroom codes
WITHDRAWAL_CODE_LENGTH = 8  # 20**8 = 2.6e10 plays: collisions across a school's machines are negligible
PARTICIPANT_HASH_VERSION = "p1"


def new_session_id() -> str:
    return secrets.token_hex(16)


def _code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_cohort_code() -> str:
    return _code(COHORT_CODE_LENGTH)


def new_withdrawal_code() -> str:
    raw = _code(WITHDRAWAL_CODE_LENGTH)
    return f"{raw[:4]}-{raw[4:]}"


def new_hmac_key() -> bytes:
    return secrets.token_bytes(32)


def normalise_code(text: str) -> str:
    """'kx7-m4p ' -> 'KX7M4P'. Does not validate."""
    return "".join(ch for ch in text.upper() if ch not in " -_\t")


def is_cohort_code(text: object) -> bool:
    if not isinstance(text, str):
        return False
    code = normalise_code(text)
    return len(code) == COHORT_CODE_LENGTH and all(ch in ALPHABET for ch in code)


def normalise_withdrawal_code(text: object) -> str | None:
    """'k7qm 3txr' -> 'K7QM-3TXR', or None if it cannot be a withdrawal code."""
    if not isinstance(text, str):
        return None
    code = normalise_code(text)
    if len(code) != WITHDRAWAL_CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return f"{code[:4]}-{code[4:]}"


# The questions a student answers to make their own participant code. Their answers are never stored, only the hash.
# Chosen so the student can answer them the same way in a month, yet they do not name or locate the student.
# Answers are a single letter or a small number, so a picker works in the window and nothing else can be typed.
@dataclass(frozen=True, slots=True)
class ParticipantQuestion:
    id: str
    text: str
    kind: str  # "letter" (A-Z) or "number" (low..high)
    low: int = 0
    high: int = 0

    def tidy(self, answer: str) -> str | None:
        """The answer in canonical form ('m' -> 'M', '07' -> '7'), or None when it is not a valid answer."""
        text = "".join(str(answer).split()).upper()
        if self.kind == "letter":
            return text if len(text) == 1 and "A" <= text <= "Z" else None
        if text.isascii() and text.isdigit() and self.low <= int(text) <= self.high:
            return str(int(text))
        return None


PARTICIPANT_QUESTIONS: tuple[ParticipantQuestion, ...] = (
    ParticipantQuestion("street", "The first letter of the street you grew up on (A to Z)", "letter"),
    ParticipantQuestion("birth_day", "The day of the month you were born (1 to 31)", "number", 1, 31),
    ParticipantQuestion("older_siblings", "How many older brothers and sisters you have (0 to 9)", "number", 0, 9),
    ParticipantQuestion("colour", "The first letter of your favourite colour (A to Z)", "letter"),
)


def participant_hash(answers: dict[str, str] | list[str] | tuple[str, ...], key: bytes) -> str:
    """HMAC-SHA256 of the tidied answers with the classroom's key: same answers + same key -> same hash.

    Raises ValueError when an answer is not valid for its question (the caller asks again).
    """
    if not key:
        raise ValueError("a participant code needs the classroom's key")
    values = [answers[q.id] for q in PARTICIPANT_QUESTIONS] if isinstance(answers, dict) else list(answers)
    if len(values) != len(PARTICIPANT_QUESTIONS):
        raise ValueError(f"a participant code needs {len(PARTICIPANT_QUESTIONS)} answers")
    tidied = []
    for q, v in zip(PARTICIPANT_QUESTIONS, values):
        t = q.tidy(v)
        if t is None:
            raise ValueError(f"not a valid answer to: {q.text}")
        tidied.append(t)
    message = PARTICIPANT_HASH_VERSION + "\x1f" + "\x1f".join(tidied)
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()
