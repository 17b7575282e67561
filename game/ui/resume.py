"""A student's saved place between runs: written at every choice, offered as "Continue" on the title screen.

A kiosk (a shared machine) keeps no place at all: nothing of a previous student is reachable by the next one.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from game.ui import autosave
from game.ui.flow import RECORDING_KEY

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.flow import PlaySession

log = logging.getLogger(__name__)


class SavedPlaces:
    def __init__(self, kiosk: bool = False) -> None:
        self.kiosk = kiosk

    def find(self, catalogue: Callable[[], list[Any]]) -> tuple[Any, autosave.Autosave] | None:
        """The first story of `catalogue()` with a readable autosave, as (narrative, autosave), else None. The
        stories are loaded only when there is a save (the title screen must open fast)."""
        if self.kiosk:
            return None  # nothing of a previous student is reachable
        saved = autosave.list_autosaves()
        if not saved:
            return None
        by_id = {n.id: n for n in catalogue()}
        for _, nid in saved:
            if nid in by_id:
                save = autosave.read_autosave(nid)
                if save is not None:
                    return by_id[nid], save
        return None

    def write(self, session: "PlaySession", state: str, pending: list[Any],
              history: list[tuple[str | None, str, str]]) -> None:
        if self.kiosk:
            return
        n = session.narrative
        try:
            autosave.write_autosave(autosave.Autosave(n.id, getattr(n, "content_hash", None), state, tuple(pending),
                                                      tuple(history), session.seed,
                                                      session.data.get(RECORDING_KEY)))
        except OSError as exc:  # a full disk must not stop the story; the previous save stays intact
            log.warning("could not write the autosave: %s", exc)

    def forget(self, narrative_id: str) -> None:
        autosave.delete_autosave(narrative_id)

    def set_aside(self, narrative_id: str, reason: str) -> None:
        """A save that cannot be restored is moved aside (kept for a facilitator, never deleted)."""
        autosave.set_aside(autosave.save_path(narrative_id), reason)
        autosave.take_set_aside()  # the caller tells the student itself, so the title screen does not again
