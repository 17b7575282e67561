"""Shared test set-up: no display, no sound card, no user folders touched."""
import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Every test gets its own data, config and cache folders."""
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("VANTAGE_DATA", str(base / "data"))
    monkeypatch.setenv("VANTAGE_CONFIG", str(base / "config"))
    monkeypatch.setenv("VANTAGE_CACHE", str(base / "cache"))
    yield
    from game import i18n
    i18n.set_language(None)  # a test that played in another language leaves the next one in English


@pytest.fixture
def shared_corpora() -> Path:
    path = SHARED / "corpora"
    if not path.is_dir():
        pytest.skip(f"shared corpora not found at {path}")
    return path
