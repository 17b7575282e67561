"""The `--bench` report: frame-time percentiles of the frames the window drew."""
from __future__ import annotations

from collections.abc import Sequence


def frame_report(frame_times: Sequence[float]) -> str:
    """One line: how many frames were drawn and their p50/p95/p99/max draw time (frame_times in seconds)."""
    ft = sorted(frame_times)
    if not ft:
        return "bench: no frames drawn"

    def pct(p: float) -> float:
        return ft[min(len(ft) - 1, int(p / 100 * len(ft)))] * 1000

    return (f"bench: {len(ft)} frames drawn; frame time p50 {pct(50):.2f} ms, p95 {pct(95):.2f} ms, "
            f"p99 {pct(99):.2f} ms, max {ft[-1] * 1000:.2f} ms")
