"""Random ids and short codes: session ids, classroom (cohort) codes, withdrawal codes, and participant codes.

Short codes use an alphabet without vowels (no accidental words) and without look-alikes (0/O, 1/I/L, 5/S, 8/B, 2/Z),
so a teacher can read one aloud and a student can type it. Input is forgiving: case, spaces and dashes are ignored.
"""
from __future__ import annotations

import hashlib
import hmac
import itertools
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

ALPHABET = "CDFGHJKMNPQRTVWX3479"  # 20 symbols: no vowels, no Y, no look-alikes
COHORT_CODE_LENGTH = 6  # 20**6 = 64 million classroom codes
WITHDRAWAL_CODE_LENGTH = 8  # 20**8 = 2.6e10 plays: collisions across a school's machines are negligible


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


# -- participant codes: a bucket of at least BUCKET_MIN answer sets, never the answers ---------------------------------
#
# The four answers give only 26 x 31 x 10 x 26 = 209,560 answer sets, and the classroom's key sits in the same data
# folder, so any exact keyed hash can be reversed by trying them all (half a second). Instead the answer set's number
# (0 .. 209,559) goes through a keyed permutation of that range and only the permuted number modulo BUCKETS is kept.
# A permutation spreads the answer sets evenly: every code is shared by 25 or 26 answer sets, whoever holds the key.
# docs/telemetry.md (Participant codes) gives the threat model and the linking error rates this costs.
PARTICIPANT_HASH_VERSION = "p2"
ANSWER_SETS = 26 * 31 * 10 * 26  # 209,560
BUCKET_MIN = 25  # every code stands for at least this many answer sets (the promise is at least 20)
BUCKETS = ANSWER_SETS // BUCKET_MIN  # 8,382 codes; buckets hold 25 or 26 answer sets
_DOMAIN_BITS = 18  # 2**18 = 262,144 >= ANSWER_SETS: the Feistel network permutes 18-bit numbers ...
_HALF_BITS = _DOMAIN_BITS // 2
_HALF_MASK = (1 << _HALF_BITS) - 1
_ROUNDS = 6  # ... in 6 rounds (Luby-Rackoff needs 4 for a pseudo-random permutation); cycle-walking keeps it in range
_CODE = re.compile(r"^p2-[0-9]{4}$")


def _tidy_answers(answers: dict[str, str] | list[str] | tuple[str, ...]) -> list[str]:
    values = [answers[q.id] for q in PARTICIPANT_QUESTIONS] if isinstance(answers, dict) else list(answers)
    if len(values) != len(PARTICIPANT_QUESTIONS):
        raise ValueError(f"a participant code needs {len(PARTICIPANT_QUESTIONS)} answers")
    tidied = []
    for q, v in zip(PARTICIPANT_QUESTIONS, values):
        t = q.tidy(v)
        if t is None:
            raise ValueError(f"not a valid answer to: {q.text}")
        tidied.append(t)
    return tidied


def answer_index(tidied: list[str]) -> int:
    """The answer set's number in 0 .. ANSWER_SETS - 1 (mixed radix over the four questions)."""
    index = 0
    for q, t in zip(PARTICIPANT_QUESTIONS, tidied):
        if q.kind == "letter":
            digit, radix = ord(t) - ord("A"), 26
        else:
            digit, radix = int(t) - q.low, q.high - q.low + 1
        index = index * radix + digit
    return index


@lru_cache(maxsize=64)
def _round_tables(key: bytes) -> tuple[tuple[int, ...], ...]:
    """The Feistel round functions for one key as lookup tables (6 x 512 HMACs, a few milliseconds, cached)."""
    tables = []
    for r in range(_ROUNDS):
        prefix = f"{PARTICIPANT_HASH_VERSION}\x1fround{r}\x1f".encode("ascii")
        tables.append(tuple(int.from_bytes(hmac.digest(key, prefix + x.to_bytes(2, "big"), "sha256")[:2], "big")
                            & _HALF_MASK for x in range(1 << _HALF_BITS)))
    return tuple(tables)


def _permute(index: int, key: bytes) -> int:
    """A keyed permutation of 0 .. ANSWER_SETS - 1: a Feistel network on 18 bits, walked until it lands in range."""
    tables = _round_tables(key)
    x = index
    while True:
        left, right = x >> _HALF_BITS, x & _HALF_MASK
        for table in tables:
            left, right = right, left ^ table[right]
        x = (left << _HALF_BITS) | right
        if x < ANSWER_SETS:
            return x


def participant_hash(answers: dict[str, str] | list[str] | tuple[str, ...], key: bytes) -> str:
    """The participant code stored for a play: 'p2-' and a bucket number shared by 25 or 26 answer sets.

    Same answers + same key -> same code, so a student's plays in one classroom link up; the answers cannot be
    recovered from it, even with the key. Raises ValueError when an answer is not valid (the caller asks again).
    """
    if not key:
        raise ValueError("a participant code needs the classroom's key")
    bucket = _permute(answer_index(_tidy_answers(answers)), bytes(key)) % BUCKETS
    return f"{PARTICIPANT_HASH_VERSION}-{bucket:04d}"


def is_participant_hash(value: object) -> bool:
    """A stored participant code of the current kind ('p2-0123')."""
    return isinstance(value, str) and bool(_CODE.match(value)) and int(value[3:]) < BUCKETS


def legacy_participant_hash(answers: dict[str, str] | list[str] | tuple[str, ...], key: bytes) -> str:
    """The version-1 code (an exact HMAC-SHA256, reversible by whoever holds the key): only for upgrading old data."""
    message = "p1\x1f" + "\x1f".join(_tidy_answers(answers))
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def is_legacy_participant_hash(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def all_answer_sets() -> Iterator[list[str]]:
    """Every valid answer set in canonical form (for upgrading old codes and for the brute-force test)."""
    ranges = [[chr(ord("A") + i) for i in range(26)] if q.kind == "letter"
              else [str(v) for v in range(q.low, q.high + 1)] for q in PARTICIPANT_QUESTIONS]
    for combo in itertools.product(*ranges):
        yield list(combo)


def upgrade_legacy_hashes(legacy: set[str], key: bytes) -> dict[str, str]:
    """Old exact hashes of one classroom -> new bucket codes, by trying every answer set with the classroom's key.

    The answers are found only in memory, for the moment of the upgrade, and never stored. A hash that matches no
    answer set (made with another key) is left out of the result.
    """
    out: dict[str, str] = {}
    if not legacy or not key:
        return out
    for answers in all_answer_sets():
        old = legacy_participant_hash(answers, key)
        if old in legacy:
            out[old] = participant_hash(answers, key)
            if len(out) == len(legacy):
                break
    return out
