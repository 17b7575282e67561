"""Disclosure control: the one module every published count passes through (terminal, JSON, CSV, HTML, chart labels,
SVG alt text, the live dashboard), so that no group of fewer than five students can be read off a report, directly or
by arithmetic on the other figures it publishes.

Two layers:
- table rules (`suppress_table`, `suppress_counts`, `suppress_total`, `suppress_part`): a count of 1 to threshold-1 is
  shown as "<5", and complementary cells are hidden ("suppressed") while a small cell could be worked out from the
  table's total;
- `Disclosure`, one per published report or dashboard view, which also knows the population (how many plays the view
  covers) and the other figures already published: a count is shown only if neither it nor what it leaves out of any
  group it is part of (the whole population, a menu's reach, a questionnaire's respondents) is a small group. Shares
  are only ever computed from counts that are shown, so share x total gives nothing new.

Usage (e.g. tools/serve's dashboard):

    dc = Disclosure(threshold=5, population=len(plays))
    shown_total = dc.population_shown                 # the headline "plays started"
    reached = dc.count(28)                            # a group of the population
    chose = dc.part(27, whole=28, whole_shown=reached)  # 27 of those 28 -> "suppressed" (1 left out)
    share = dc.share(chose, 28, reached)              # None unless chose and reached are shown
"""
from __future__ import annotations

from typing import Sequence


MIN_CELL = 5
SMALL = "<5"
HIDDEN = "suppressed"  # a cell hidden only so that a small one cannot be worked out by subtraction


def check_threshold(threshold: int) -> int:
    if threshold < MIN_CELL:
        raise ValueError(f"the small-cell threshold can be raised but never set below {MIN_CELL}")
    return threshold


def small_label(threshold: int) -> str:
    return f"<{threshold}"


def _reachable(values_per_cell: Sequence[Sequence[int] | range], limit: int) -> int:
    """Bit set (as an int) of the sums reachable by picking one value per cell, up to limit."""
    mask = (1 << (limit + 1)) - 1
    reach = 1  # the empty sum 0
    for values in values_per_cell:
        nxt = 0
        for v in values:
            if v <= limit:
                nxt |= reach << v
        reach = nxt & mask
    return reach


def _determined(counts: Sequence[int], hidden: set[int], small: set[int], threshold: int) -> bool:
    """Could a reader work out any small cell exactly from the visible cells and the published total?"""
    remainder = sum(counts[i] for i in hidden)  # total minus what is shown
    ranges = {i: (range(1, threshold) if i in small else [0, *range(threshold, remainder + 1)]) for i in hidden}
    for i in small:
        others = _reachable([ranges[j] for j in hidden if j != i], remainder)
        possible = [v for v in ranges[i] if v <= remainder and (others >> (remainder - v)) & 1]
        if len(possible) <= 1:
            return True
    return False


def _protect(counts: Sequence[int], threshold: int) -> tuple[list[int | str], bool]:
    out: list[int | str] = list(counts)
    small = {i for i, c in enumerate(counts) if 0 < c < threshold}
    for i in small:
        out[i] = small_label(threshold)
    hidden = set(small)
    while small and _determined(counts, hidden, small, threshold):
        visible = sorted((i for i in range(len(counts)) if i not in hidden), key=lambda i: (counts[i], i))
        if not visible:
            return out, False  # even hiding every cell leaves a small cell known from the total alone
        # hide the smallest cell that protects on its own (a hidden zero often protects nothing); else the smallest
        j = next((i for i in visible if not _determined(counts, hidden | {i}, small, threshold)), visible[0])
        hidden.add(j)
        out[j] = HIDDEN
    return out, True


def suppress_counts(counts: Sequence[int], threshold: int = MIN_CELL) -> list[int | str]:
    """Counts of a table whose total is published: 1..threshold-1 become "<threshold".

    Complementary suppression: while a reader could still work a small cell out exactly from the total and the
    visible cells (one hidden cell; or, say, two hidden cells that must both be 1), another cell is hidden too (shown
    as "suppressed"): the smallest one that is enough. Zeros describe nobody and stay visible unless picked.
    Use `suppress_table` when the total is shown too: some totals must themselves be hidden.
    """
    check_threshold(threshold)
    return _protect(counts, threshold)[0]


def suppress_table(counts: Sequence[int], threshold: int = MIN_CELL) -> tuple[list[int | str], int | str]:
    """(cells, total) of a table shown with its total, safe against subtraction.

    A total below the threshold is itself "<threshold"; a total that would still give a small cell away after every
    cell is hidden (e.g. 8 split as two cells that are both "<5", so both must be 4) is shown as "suppressed".
    """
    check_threshold(threshold)
    total = int(sum(counts))
    if 0 < total < threshold:
        return [small_label(threshold) if c else 0 for c in counts], small_label(threshold)
    cells, ok = _protect(counts, threshold)
    return cells, (total if ok else HIDDEN)


def suppress_total(total: int, threshold: int = MIN_CELL) -> int | str:
    """A group size on its own: shown only when it is 0 or at least the threshold."""
    check_threshold(threshold)
    return small_label(threshold) if 0 < total < threshold else total


def suppress_part(part: int, whole: int, whole_shown: int | str, threshold: int = MIN_CELL) -> int | str:
    """A subgroup of a group whose size was published as `whole_shown` (e.g. students who tried a locked option, out
    of those who saw it locked), safe against subtraction from that published figure.

    When the whole is shown exactly, `part` is the first cell of the table (part, whole - part): a small part is
    "<threshold", and a part that would give a small remainder away is hidden. When the whole was itself hidden or
    shown as "<threshold", only a zero or "<threshold" is shown: an exact part would narrow down the hidden figure.
    """
    check_threshold(threshold)
    if part <= 0:
        return 0  # nobody: describes no one, and says nothing about the whole
    if isinstance(whole_shown, int) and not isinstance(whole_shown, bool):
        cells, _total = suppress_table([part, max(0, whole - part)], threshold)
        return cells[0]
    return small_label(threshold) if part < threshold else HIDDEN


Shown = int | str  # a count as published: an int, "<5" or "suppressed"


def is_shown(value: object) -> bool:
    """True for a count published exactly (an int), False for "<5", "suppressed" or None."""
    return isinstance(value, int) and not isinstance(value, bool)


class Disclosure:
    """The disclosure rules of one published view (a report, a dashboard refresh) over `population` plays.

    Every count a view publishes is a group of its population. A count c is shown only when c is 0, or c is at least
    the threshold and the rest of the population (population - c) is 0 or at least the threshold: otherwise "the 3
    who did not finish" could be read off by subtraction from the headline total. When the population itself cannot be
    shown, no count above zero is shown exactly.
    """

    def __init__(self, threshold: int = MIN_CELL, population: int = 0) -> None:
        self.threshold = check_threshold(threshold)
        self.population = int(population)
        self.small = small_label(threshold)
        self.population_shown: Shown = suppress_total(self.population, threshold)

    def _fits(self, count: int, whole: int) -> bool:
        rest = whole - count
        return count == 0 or (count >= self.threshold and (rest == 0 or rest >= self.threshold))

    def count(self, count: int) -> Shown:
        """A group of the population, published on its own."""
        count = int(count)
        if count <= 0:
            return 0
        if count < self.threshold:
            return self.small
        if not is_shown(self.population_shown) or not self._fits(count, self.population):
            return HIDDEN
        return count

    def part(self, part: int, whole: int, whole_shown: Shown) -> Shown:
        """A group inside another published group (chose, of those who reached a menu): safe against both."""
        part, whole = int(part), int(whole)
        shown = self.count(part)
        if not is_shown(shown) or part == 0:
            return shown
        if not is_shown(whole_shown) or not self._fits(part, whole):
            return HIDDEN
        return shown

    def table(self, counts: Sequence[int]) -> tuple[list[Shown], Shown]:
        """A table of disjoint groups of the population whose total is published (participation, answers by kind):
        complementary suppression within the table, then each shown cell and the total checked against the
        population."""
        cells, total = suppress_table(counts, self.threshold)
        cells = [HIDDEN if is_shown(v) and c > 0 and not is_shown(self.count(c)) else v for c, v in zip(counts, cells)]
        if is_shown(total) and sum(counts) > 0:
            total = self.count(sum(counts))
        return _recheck(counts, cells, total, self.threshold), total

    def parts_table(self, counts: Sequence[int], whole: int, whole_shown: Shown) -> list[Shown]:
        """Disjoint groups of a published group (the options chosen at a menu, out of those who chose there).

        When the whole is shown, its parts are a table with that total. When it is hidden, the parts are shown as
        groups of the population, and never all of them: their sum would give the hidden whole back.
        """
        if is_shown(whole_shown):
            cells, _total = suppress_table(counts, self.threshold)
            out: list[Shown] = [HIDDEN if is_shown(v) and c > 0 and not is_shown(self.part(c, whole, whole_shown))
                                else v for c, v in zip(counts, cells)]
            return _recheck(counts, out, whole_shown, self.threshold)
        cells, _total = suppress_table(counts, self.threshold)
        out = [HIDDEN if is_shown(v) and c > 0 and not is_shown(self.count(c)) else v for c, v in zip(counts, cells)]
        exact = [i for i, v in enumerate(out) if is_shown(v) and counts[i] > 0]
        if exact and all(is_shown(v) or counts[i] == 0 for i, v in enumerate(out)):
            smallest = min(exact, key=lambda i: (counts[i], i))
            out[smallest] = HIDDEN
        return out

    def share(self, shown_count: Shown, whole: int, whole_shown: Shown) -> float | None:
        """A share, published only when both its count and its whole are shown: otherwise share x whole (or count /
        share) would give the hidden one back."""
        if not is_shown(shown_count) or not is_shown(whole_shown) or whole <= 0:
            return None
        return round(shown_count / whole, 3)


def _recheck(counts: Sequence[int], cells: list[Shown], total: Shown, threshold: int) -> list[Shown]:
    """After extra cells were hidden for the population rule, hide more if a hidden small cell became computable from
    the total (e.g. two hidden cells whose sum is known and one of them is small)."""
    if not is_shown(total):
        return cells
    hidden = {i for i, v in enumerate(cells) if not is_shown(v)}
    small = {i for i in hidden if 0 < counts[i] < threshold}
    while small and _determined(counts, hidden, small, threshold):
        visible = sorted((i for i in range(len(counts)) if i not in hidden), key=lambda i: (counts[i], i))
        if not visible:
            break
        hidden.add(visible[0])
        cells[visible[0]] = HIDDEN
    # hidden cells that are not small but whose complement rule failed stay "suppressed"
    return cells
