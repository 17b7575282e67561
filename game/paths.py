"""Where Vantage keeps things: bundled content, and per-user data, settings and cache folders.

User folders come from platformdirs; VANTAGE_DATA, VANTAGE_CONFIG and VANTAGE_CACHE override them (tests, lab set-ups,
and `--data-dir`).
"""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "vantage"
ROOT = Path(__file__).resolve().parent.parent
NARRATIVES_DIR = ROOT / "narratives"
SCENES_DIR = ROOT / "scenes"
ASSETS_DIR = ROOT / "assets"
QUESTIONNAIRES_DIR = ROOT / "questionnaires"


def _folder(env: str, default: str) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser() if value else Path(default)


def data_dir() -> Path:
    """Telemetry database, saves and logs."""
    return _folder("VANTAGE_DATA", platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    """Player settings."""
    return _folder("VANTAGE_CONFIG", platformdirs.user_config_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """Compiled-story cache: safe to delete at any time."""
    return _folder("VANTAGE_CACHE", platformdirs.user_cache_dir(APP, appauthor=False))
