"""The house of game/ui: screens get a ScreenContext and never import the app; the package has no import cycle.

Reads the source with ast (nothing is imported), so a cycle is found even where Python would happen to survive it.
"""
from __future__ import annotations

import ast
from pathlib import Path

import game.ui

UI = Path(game.ui.__file__).resolve().parent


def _module_name(path: Path) -> str:
    rel = path.relative_to(UI.parent.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or \
        (isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _imports(path: Path, modules: set[str], *, with_type_only: bool) -> set[str]:
    """game.ui modules that `path` imports, at the top or inside functions (type-only imports when asked)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node) and not with_type_only:
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            for alias in node.names:  # `from game.ui import autosave` imports the module game.ui.autosave
                found.add(f"{node.module}.{alias.name}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if m in modules and m != "game.ui"}


def _graph(with_type_only: bool) -> dict[str, set[str]]:
    files = {_module_name(p): p for p in UI.rglob("*.py")}
    modules = set(files)
    return {name: _imports(path, modules, with_type_only=with_type_only) for name, path in files.items()}


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    trail: list[str] = []

    def dfs(node: str) -> list[str] | None:
        state[node] = 1
        trail.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return trail[trail.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = dfs(nxt)
                if cycle:
                    return cycle
        trail.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = dfs(start)
            if cycle:
                return cycle
    return None


def test_the_walk_sees_the_imports_it_must_judge():
    graph = _graph(with_type_only=True)
    # a walk that found nothing would pass every check below: make sure it reads real edges
    assert "game.ui.context" in graph["game.ui.screens.story"]
    assert "game.ui.screens.title" in graph["game.ui.navigation"]  # imported inside a function
    assert "game.ui.autosave" in graph["game.ui.resume"]  # `from game.ui import autosave`


def test_the_cycle_finder_finds_a_cycle():
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None


def test_game_ui_has_no_import_cycle():
    cycle = _find_cycle(_graph(with_type_only=False))
    assert cycle is None, "import cycle in game/ui: " + " -> ".join(cycle or [])


def test_nothing_in_game_ui_imports_the_app_module():
    """Screens, widgets and hooks use the ScreenContext; only the entry point (app.py) assembles the player."""
    graph = _graph(with_type_only=True)
    importers = sorted(name for name, deps in graph.items() if "game.ui.app" in deps)
    assert importers == []


def test_screens_do_not_import_the_loop_or_the_navigation():
    graph = _graph(with_type_only=True)
    screens = [n for n in graph if n.startswith("game.ui.screens.") or n in ("game.ui.widgets",
                                                                             "game.ui.telemetry_screens")]
    assert len(screens) >= 6
    for name in screens:
        bad = graph[name] & {"game.ui.app", "game.ui.loop", "game.ui.navigation"}
        assert not bad, f"{name} imports {sorted(bad)}: use the ScreenContext (ctx.nav, ctx.push, ...) instead"
