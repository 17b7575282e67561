"""Loading a narrative: find it, read its files safely, check everything, build the model, and keep a compiled
cache keyed by the content hash so that the next load skips parsing entirely.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..files import write_atomic
from .analysis import analyse
from .build import Builder
from .diagnostics import Diagnostic, did_you_mean, sort_key
from .model import Narrative
from .places import check_way_out, is_map_scene, map_digest
from .schema import NARRATIVE_SCHEMA, SCENE_SCHEMA
from .yamlwalk import MDict, load_document, value_mark

CACHE_FORMAT = 2  # bump whenever the model or the checks change, so old caches are never trusted


@dataclass
class LoadResult:
    narrative: Narrative | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    from_cache: bool = False

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    @property
    def ok(self) -> bool:
        return self.narrative is not None and not self.errors


def _display(path: Path) -> str:
    """Paths in messages: relative to the current folder when inside it (what an editor's terminal expects)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith(os.pardir + os.sep) or rel == os.pardir else rel  # no `../../tmp/x.yaml`


def narrative_files(folder: Path | None = None) -> list[Path]:
    folder = folder or paths.NARRATIVES_DIR
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []


def find_narrative(ref: str | os.PathLike) -> tuple[Path | None, list[Diagnostic]]:
    """A narrative file from a path or a bundled narrative's id."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or os.sep in str(ref) or "/" in str(ref):
        if path.exists():
            return path, []
        return None, [Diagnostic(str(ref), 0, 0, "error", "V001", "file not found")]
    candidate = paths.NARRATIVES_DIR / f"{ref}.yaml"
    if candidate.is_file():
        return candidate, []
    known = {}
    for p in narrative_files():
        known[_peek_id(p) or p.stem] = p
    if str(ref) in known:
        return known[str(ref)], []
    hint = did_you_mean(str(ref), known) or ("bundled narratives: " + ", ".join(sorted(known)) if known else None)
    return None, [Diagnostic(str(ref), 0, 0, "error", "V024", f"no narrative called `{ref}`", hint)]


def _peek_id(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            for _, line in zip(range(50), fh):
                if line.startswith("id:"):
                    return line[3:].strip().strip("'\"") or None
    except (OSError, UnicodeDecodeError):
        return None
    return None


def load_narrative(ref: str | os.PathLike, *, use_cache: bool = True) -> LoadResult:
    """Load, check and build a narrative (by id or path). Never raises for bad content: see .diagnostics."""
    # Loading allocates hundreds of thousands of short-lived, acyclic objects (YAML nodes and marks); the cyclic
    # garbage collector would rescan them again and again (it tripled the load time), and refcounting frees them
    # anyway. So it pauses while a story loads.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_narrative(ref, use_cache)
    finally:
        if was_enabled:
            gc.enable()


def _load_narrative(ref: str | os.PathLike, use_cache: bool) -> LoadResult:
    path, diags = find_narrative(ref)
    if path is None:
        return LoadResult(None, diags)
    path = path.resolve()
    shown = _display(path)
    if use_cache:
        hit = _cache_read(path)
        if hit is not None:
            return hit
    diags = []
    manifest, mtext = load_document(path, NARRATIVE_SCHEMA, diags, "the narrative")
    diags = [_rename(d, shown) for d in diags]
    if not isinstance(manifest, MDict):
        return LoadResult(None, sorted(diags, key=sort_key))
    texts = {shown: mtext or ""}
    scenes: list[tuple[str, dict]] = []
    scene_paths: list[Path] = []
    hasher = hashlib.sha256()
    hasher.update(b"vantage-narrative\0" + (mtext or "").encode("utf-8"))
    seen: dict[Path, int] = {}
    scenes_missing = False
    for i, rel in enumerate(manifest.get("scenes") or ()):
        sp = (path.parent / rel).resolve()
        mark = value_mark(manifest["scenes"], i)
        if sp in seen:
            diags.append(Diagnostic(shown, mark[0], mark[1], "error", "V060",
                                    f"scene file `{rel}` is listed twice (first on line {seen[sp]})"))
            continue
        seen[sp] = mark[0]
        sub: list[Diagnostic] = []
        doc, stext = load_document(sp, SCENE_SCHEMA, sub, "the scene")
        sshown = _display(sp)
        for d in sub:
            if d.code == "V001" and d.message == "file not found":
                diags.append(Diagnostic(shown, mark[0], mark[1], "error", "V001",
                                        f"scene file `{rel}` not found (looked in {sshown})",
                                        did_you_mean(Path(rel).name, _siblings(sp))))
            else:
                diags.append(_rename(d, sshown))
        if stext is not None:
            texts[sshown] = stext
            hasher.update(b"\0scene\0" + rel.encode() + b"\0" + stext.encode("utf-8"))
        if isinstance(doc, MDict):
            scenes.append((sshown, doc))
            scene_paths.append(sp)
        else:
            scenes_missing = True
    assets_root = _assets_root(path)
    if any(is_map_scene(doc) for _, doc in scenes):
        hasher.update(b"\0maps\0" + map_digest(assets_root, scenes))
    content_hash = hasher.hexdigest()
    builder = Builder(diags, texts)
    builder.scenes_missing = scenes_missing
    narrative = builder.build(manifest, shown, scenes, content_hash, assets_root)
    if narrative is not None and not any(d.is_error for d in diags):
        diags.extend(analyse(narrative, builder.beat_marks))
        diags.extend(check_way_out(narrative, builder.map_reach, builder.map_marks))
    diags.sort(key=sort_key)
    if narrative is not None and not any(d.is_error for d in diags) and use_cache:
        _cache_write(path, scene_paths, manifest, scenes, content_hash, assets_root, diags)
    return LoadResult(narrative, diags)


def _siblings(p: Path) -> list[str]:
    try:
        return [x.name for x in p.parent.iterdir()]
    except OSError:
        return []


def _rename(d: Diagnostic, shown: str) -> Diagnostic:
    if d.path == shown:
        return d
    return Diagnostic(shown, d.line, d.col, d.severity, d.code, d.message, d.hint)


def _assets_root(manifest: Path) -> Path:
    local = manifest.parent.parent / "assets"
    return local if local.is_dir() else paths.ASSETS_DIR


def bundled_narratives() -> list[Narrative]:
    """Every bundled narrative that loads without errors, in file-name order."""
    out = []
    for p in narrative_files():
        res = load_narrative(p)
        if res.ok:
            out.append(res.narrative)
    return out


# --- compiled cache --------------------------------------------------------------------------------------------
# One JSON file per narrative path: the checked plain values (no YAML, no positions) plus the hash of every file
# they came from. A warm load reads the files, hashes them, and rebuilds the model from JSON: no YAML parse, no
# checks. Any change to any file, or to CACHE_FORMAT, misses the cache. A damaged cache file is ignored.

def _cache_file(manifest: Path) -> Path:
    key = hashlib.sha256(str(manifest).encode()).hexdigest()[:24]
    return paths.cache_dir() / "compiled" / f"{key}.json"


def _strip(value):
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _cache_write(manifest: Path, scene_paths: list[Path], mdoc: dict, scenes: list[tuple[str, dict]],
                 content_hash: str, assets_root: Path, diags: list[Diagnostic]) -> None:
    blob = {"format": CACHE_FORMAT, "manifest": str(manifest), "content_hash": content_hash,
            "assets_root": str(assets_root), "scene_files": [str(p) for p in scene_paths],
            "narrative": _strip(mdoc), "scenes": [[shown, _strip(doc)] for shown, doc in scenes],
            "warnings": [d.to_json() for d in diags]}
    try:  # atomic, and a failed write leaves no temporary file behind in the cache folder
        write_atomic(_cache_file(manifest), json.dumps(blob, separators=(",", ":"), ensure_ascii=False))
    except OSError:
        pass  # the cache is only an optimisation: a read-only cache folder must not stop play


def _cache_read(manifest: Path) -> LoadResult | None:
    target = _cache_file(manifest)
    try:
        with open(target, encoding="utf-8") as fh:
            blob = json.load(fh)
        if blob.get("format") != CACHE_FORMAT or blob.get("manifest") != str(manifest):
            return None
        mtext = manifest.read_text(encoding="utf-8-sig")
        hasher = hashlib.sha256()
        hasher.update(b"vantage-narrative\0" + mtext.encode("utf-8"))
        rels = blob["narrative"].get("scenes") or []
        files = blob["scene_files"]
        if len(rels) != len(files):
            return None
        for rel, sp in zip(rels, files):
            hasher.update(b"\0scene\0" + rel.encode() + b"\0" + Path(sp).read_text(encoding="utf-8-sig")
                          .encode("utf-8"))
        if any(is_map_scene(doc) for _, doc in blob["scenes"]):
            hasher.update(b"\0maps\0" + map_digest(Path(blob["assets_root"]), blob["scenes"]))
        if hasher.hexdigest() != blob["content_hash"]:
            return None
        builder = Builder([], {}, checks=False)
        narrative = builder.build(blob["narrative"], _display(manifest), [tuple(s) for s in blob["scenes"]],
                                  blob["content_hash"], Path(blob["assets_root"]))
        if narrative is None:
            return None
        root = Path(blob["assets_root"])
        if any(sc.background and not (root / sc.background).is_file() for sc in narrative.scenes.values()):
            return None  # a picture was removed or renamed since: the full check says which
        warnings = [Diagnostic(w["path"], w["line"], w["col"], w["severity"], w["code"], w["message"], w["hint"])
                    for w in blob.get("warnings", [])]
        return LoadResult(narrative, warnings, from_cache=True)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return None
