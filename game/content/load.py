"""Loading a narrative: find it, read its files safely, check everything, build the model, and keep a compiled
cache keyed by the content hash so that the next load skips parsing entirely.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..files import read_capped, write_atomic
from .analysis import analyse
from .comments import lost_to_comments
from .review import review_hash, scene_review_hash, stale_sign_offs
from .build import Builder
from .diagnostics import Diagnostic, did_you_mean, sort_key
from .model import Narrative
from .places import check_way_out, is_map_scene, map_digest
from .schema import NARRATIVE_SCHEMA, SCENE_SCHEMA
from .yamlwalk import MAX_FILE_BYTES, MDict, load_document, value_mark
from .teaching import check_teaching_tests

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
        head = read_capped(path, MAX_FILE_BYTES)[:8192].decode("utf-8", errors="replace")  # the id is near the top
        for line in head.splitlines()[:50]:
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
    allowed = story_folders(path)
    scene_texts: list[tuple[str, str]] = []
    for i, rel in enumerate(manifest.get("scenes") or ()):
        mark = value_mark(manifest["scenes"], i)
        sp = (path.parent / rel).resolve()
        outside = _outside_story(rel, path.parent, sp, allowed)
        if outside:  # never opened: its content (/etc/passwd, /dev/zero) must not reach a message or the memory
            diags.append(Diagnostic(shown, mark[0], mark[1], "error", "V006", f"scene file `{rel}` {outside}",
                                    "keep scene files in the story's scenes/ folder and name them relative to the "
                                    "narrative, e.g. `../scenes/bus.yaml`"))
            scenes_missing = True
            continue
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
            scene_texts.append((rel, stext))
        if isinstance(doc, MDict):
            scenes.append((sshown, doc))
            scene_paths.append(sp)
        else:
            scenes_missing = True
    for shown_path, text in texts.items():
        diags.extend(lost_to_comments(shown_path, text))
    assets_root = _assets_root(path)
    if any(is_map_scene(doc) for _, doc in scenes):
        hasher.update(b"\0maps\0" + map_digest(assets_root, scenes))
    content_hash = hasher.hexdigest()
    builder = Builder(diags, texts)
    builder.scenes_missing = scenes_missing
    builder.find_unlisted = lambda sid: _unlisted_scene(path, scene_paths, sid)
    narrative = builder.build(manifest, shown, scenes, content_hash, assets_root)
    if narrative is not None and not any(d.is_error for d in diags):
        diags.extend(analyse(narrative, builder.beat_marks))
        diags.extend(check_way_out(narrative, builder.map_reach, builder.map_marks))
    if narrative is not None:
        diags.extend(check_teaching_tests(manifest, narrative, shown))
        narrative.extra["review_hash"] = review_hash(mtext or "", scene_texts)
        diags.extend(stale_sign_offs(manifest, narrative.extra["review_hash"], shown))
        narrative.extra["scene_reviews"] = _scene_reviews(scenes, texts)
        for spath, doc in scenes:
            if doc.get("review"):
                diags.extend(stale_sign_offs(doc, narrative.extra["scene_reviews"][doc["id"]]["hash"], spath))
    diags.sort(key=sort_key)
    if narrative is not None and not any(d.is_error for d in diags) and use_cache:
        _cache_write(path, scene_paths, manifest, scenes, content_hash, assets_root, diags)
    return LoadResult(narrative, diags)


STORY_FOLDERS = ("narratives", "scenes", "assets", "questionnaires")


def story_folders(manifest: Path) -> tuple[Path, ...]:
    """The folders a narrative's files may come from: narratives/, scenes/, assets/ and questionnaires/ beside the
    narrative's own narratives/ folder; for a narrative kept elsewhere, its own folder and the folders below it."""
    manifest = manifest.resolve()
    if manifest.parent.name == "narratives":
        return tuple(manifest.parent.parent / name for name in STORY_FOLDERS)
    return (manifest.parent,)


def _outside_story(rel: str, base: Path, resolved: Path, allowed: tuple[Path, ...]) -> str | None:
    """Why a path a story names (relative to `base`, `resolved` with links followed) may not be read, as the rest of
    the message; None when it may be."""
    if Path(rel).is_absolute() or Path(rel).drive or rel.startswith("~"):
        return "is an absolute path; story files may only name files inside the story's own folders"
    folders = [folder.resolve() for folder in allowed]
    if not any(resolved.is_relative_to(folder) for folder in folders):
        names = ", ".join(f"{f.name}/" for f in allowed)
        written = Path(os.path.normpath(base / rel))  # where the name points before links are followed
        via = " through a symbolic link" if any(written.is_relative_to(f) for f in folders) else ""
        return f"points outside the story's folders ({names}){via}; it was not read"
    return None


_SCENE_ID = re.compile(r"^id:\s*['\"]?([a-z][a-z0-9_-]*)", re.MULTILINE)


def _unlisted_scene(manifest: Path, listed: list[Path], sid: str) -> str | None:
    """A scene file near the story (beside its listed scenes, or in ../scenes/) whose id is `sid` but which the
    narrative does not list: the usual reason a `goto: scene.beat` names an unknown scene."""
    folders = {p.parent for p in listed} | {manifest.parent.parent / "scenes"}
    done = set(listed)
    for folder in sorted(folders):
        try:
            candidates = sorted(folder.rglob("*.yaml"))[:500]
        except OSError:
            continue
        for f in candidates:
            if f.resolve() in done:
                continue
            try:
                with open(f, encoding="utf-8", errors="replace") as fh:
                    head = fh.read(4000)
            except OSError:
                continue
            m = _SCENE_ID.search(head)
            if m and m.group(1) == sid:
                return _display(f)
    return None


def _scene_reviews(scenes: list[tuple[str, dict]], texts: dict[str, str]) -> dict[str, dict]:
    """scene id -> {"hash": what its own sign-offs must match, "review": its entries}, for scenes that have any."""
    out = {}
    for spath, doc in scenes:
        if doc.get("review") and doc.get("id") and spath in texts:
            out[doc["id"]] = {"hash": scene_review_hash(texts[spath]), "review": list(doc["review"])}
    return out


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
        blob = json.loads(read_capped(target, 16 * MAX_FILE_BYTES).decode("utf-8"))
        if blob.get("format") != CACHE_FORMAT or blob.get("manifest") != str(manifest):
            return None
        mtext = read_capped(manifest, MAX_FILE_BYTES).decode("utf-8-sig")
        hasher = hashlib.sha256()
        hasher.update(b"vantage-narrative\0" + mtext.encode("utf-8"))
        rels = blob["narrative"].get("scenes") or []
        files = blob["scene_files"]
        if len(rels) != len(files):
            return None
        scene_texts = []
        for rel, sp in zip(rels, files):
            stext = read_capped(sp, MAX_FILE_BYTES).decode("utf-8-sig")
            scene_texts.append((rel, stext))
            hasher.update(b"\0scene\0" + rel.encode() + b"\0" + stext.encode("utf-8"))
        if any(is_map_scene(doc) for _, doc in blob["scenes"]):
            hasher.update(b"\0maps\0" + map_digest(Path(blob["assets_root"]), blob["scenes"]))
        if hasher.hexdigest() != blob["content_hash"]:
            return None
        builder = Builder([], {}, checks=False)
        narrative = builder.build(blob["narrative"], _display(manifest), [tuple(s) for s in blob["scenes"]],
                                  blob["content_hash"], Path(blob["assets_root"]))
        if narrative is None:
            return None
        narrative.extra["review_hash"] = review_hash(mtext, scene_texts)
        narrative.extra["scene_reviews"] = _scene_reviews(
            [(shown, doc) for shown, doc in blob["scenes"]],
            {shown: text for (shown, _), (_, text) in zip(blob["scenes"], scene_texts)})
        root = Path(blob["assets_root"])
        if any(sc.background and not (root / sc.background).is_file() for sc in narrative.scenes.values()):
            return None  # a picture was removed or renamed since: the full check says which
        if any(q and not (paths.QUESTIONNAIRES_DIR / f"{q}.yaml").is_file() for q in narrative.questionnaires.values()):
            return None  # a questionnaire was removed since: V025 says which
        media = [p.image for c in narrative.characters.values() for p in c.portraits]
        media += [snd.file for snd in narrative.sounds.values()]
        if any(not (root / rel).is_file() for rel in media):
            return None  # a portrait or a sound file went missing since: the full check says which
        warnings = [Diagnostic(w["path"], w["line"], w["col"], w["severity"], w["code"], w["message"], w["hint"])
                    for w in blob.get("warnings", [])]
        return LoadResult(narrative, warnings, from_cache=True)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError):
        return None
