"""Plain-language sentences for the report, shared by the terminal summary and the HTML report, so both say the same."""
from __future__ import annotations

from typing import Any


def fmt(x: Any, digits: int = 2, signed: bool = False) -> str:
    """A number for people; suppressed or missing figures pass through as text."""
    if x is None:
        return "–"
    if isinstance(x, str):
        return x
    if isinstance(x, int) and not isinstance(x, bool):
        return f"{x:+d}" if signed else str(x)
    return f"{x:+.{digits}f}" if signed else f"{x:.{digits}f}"


def fmt_p(p: float | None) -> str:
    if p is None:
        return "–"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def permutation_note(scale: dict[str, Any]) -> str:
    """How the sign-flip p was computed: exact over every sign pattern, or Monte-Carlo with its standard error."""
    if scale.get("permutation_method") == "exact":
        return "exact, over every sign pattern"
    err = scale.get("p_permutation_mc_error")
    count = scale.get("permutation_resamples")
    where = f"{count:,} random sign patterns" if isinstance(count, int) else "random sign patterns"
    return f"Monte-Carlo over {where}; p is known to about ±{2 * err:.1g}" if err else f"Monte-Carlo, {where}"


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def effect_size_word(dz: float) -> str:
    """Cohen's rough labels; said with care, because a 'small' change can matter in a classroom."""
    a = abs(dz)
    if a < 0.2:
        return "very small"
    if a < 0.5:
        return "small"
    if a < 0.8:
        return "medium"
    return "large"


def direction_words(unwanted_sign: int) -> tuple[str, str]:
    """(word for a change the programme wants, word for the unwanted one) given the instrument's direction."""
    if unwanted_sign == 0:
        return "down", "up"
    return "towards less stigma", "towards more stigma"


def verdict(scale: dict[str, Any], unwanted_sign: int) -> str:
    """One sentence on whether and how attitudes moved, judged by the 95 % interval, never by p alone."""
    if scale.get("suppressed"):
        return f"Too few matched pairs ({scale['n_pairs']}) to show a result without risking identifying students."
    lo, hi, dz = scale["ci_low"], scale["ci_high"], scale["dz"]
    good, bad = direction_words(unwanted_sign)
    size = effect_size_word(dz)
    interval = f"95% interval {fmt(lo, signed=True)} to {fmt(hi, signed=True)}"
    if unwanted_sign == 0:
        if lo > 0 or hi < 0:
            way = "up" if lo > 0 else "down"
            return f"Scores went {way} by {abs(scale['mean_change']):.2f} points ({interval}; {size}, dz {dz:+.2f})."
        return f"No clear change either way ({interval})."
    wanted_sign = -unwanted_sign
    if (lo > 0 and wanted_sign > 0) or (hi < 0 and wanted_sign < 0):
        return (f"Attitudes moved {good}: the mean changed by {fmt(scale['mean_change'], signed=True)} points "
                f"({interval}), a {size} shift (dz {dz:+.2f}) that chance alone is unlikely to explain.")
    if (lo > 0 and wanted_sign < 0) or (hi < 0 and wanted_sign > 0):
        return (f"Attitudes moved {bad}: the mean changed by {fmt(scale['mean_change'], signed=True)} points "
                f"({interval}, dz {dz:+.2f}). Worth discussing with the class.")
    return (f"No clear change: the interval ({fmt(lo, signed=True)} to {fmt(hi, signed=True)}) includes no change, "
            f"so the data fit a small shift either way as well as none.")


def power_sentence(scale: dict[str, Any]) -> str:
    """What this many pairs can and cannot show (80 % power, two-sided .05)."""
    mdd = scale.get("min_detectable_dz")
    n = scale.get("n_pairs")
    if mdd is None or not isinstance(n, int):
        return ""
    text = (f"With {n} pairs, a true change would be detected 4 times out of 5 only if it were at least "
            f"dz {mdd:.2f} ({effect_size_word(mdd)}).")
    if mdd >= 0.3:
        text += " Smaller real changes are easily missed, so 'no clear change' does not mean 'no effect'."
    return text


def alpha_sentence(alpha: float | None) -> str:
    if alpha is None:
        return ""
    if alpha >= 0.8:
        quality = "the items hang together well"
    elif alpha >= 0.7:
        quality = "the items hang together acceptably"
    elif alpha >= 0.5:
        quality = "the items hang together only loosely; read the total with care"
    else:
        quality = "the items do not measure one thing in this class; read items, not the total"
    return f"Cronbach's alpha {alpha:.2f}: {quality}."


def subscale_warnings(instrument: dict[str, Any]) -> list[str]:
    """Topics (subscales) whose whole 95 % interval lies on the unwanted side: worth raising in the debrief."""
    sign = instrument.get("unwanted_sign", 0)
    out = []
    if not sign:
        return out
    for sc in instrument["scales"][1:]:
        if sc.get("suppressed"):
            continue
        if (sign > 0 and sc["ci_low"] > 0) or (sign < 0 and sc["ci_high"] < 0):
            out.append(f"The topic '{sc['scale']}' moved towards more stigma: {fmt(sc['mean_change'], signed=True)} "
                       f"(95% interval {fmt(sc['ci_low'], signed=True)} to {fmt(sc['ci_high'], signed=True)}).")
    return out
