"""A student's saved place between runs: written at every choice, offered as "Continue" on the title screen.

A kiosk (a shared machine) keeps no place at all: nothing of a previous student is reachable by the next one.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from game.ui import autosave

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.flow import PlaySession

log = logging.getLogger(__name__)


class SavedPlaces:
    def __init__(self, kiosk: bool = False) -> None:
        self.kiosk = kiosk

    def find(self, catalogue: list[Any]) -> tuple[Any, autosave.Autosave] | None:
        """The first story of `catalogue` with a readable autosave, as (narrative, autosave), else None."""
        if self.kiosk:
            return None  # nothing of a previous student is reachable
        by_id = {n.id: n for n in catalogue}
        for _, nid in autosave.list_autosaves():
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
                                                      tuple(history), session.seed))
        except OSError as exc:  # a full disk must not stop the story; the previous save stays intact
            log.warning("could not write the autosave: %s", exc)

    def forget(self, narrative_id: str) -> None:
        autosave.delete_autosave(narrative_id)
