"""Windowed-player tests: headless (SDL dummy drivers from tests/conftest.py); pygame is shut down after each."""
import pytest


@pytest.fixture(autouse=True)
def _pygame_quit():
    yield
    import pygame
    pygame.quit()
