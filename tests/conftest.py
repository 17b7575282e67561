"""Shared test set-up: no display, no sound card, no user folders touched."""
import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest
from hypothesis import settings

# In CI (CI=true) every property test draws the same examples on every run, so a run is reproducible and a red CI
# means a change broke something, not that a new random draw was made; developers' runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

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
