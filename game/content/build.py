"""From shape-checked YAML values to the story model, checking meaning on the way: ids, gotos, speakers,
expressions, effects and assets. Graph checks (reachability, soft-locks, locked menus) are in game.content.analysis.
"""
from __future__ import annotations

import difflib
import os
import re
import stat
from pathlib import Path
from typing import Any, Callable

from .. import paths
from ..i18n import N_
from ..files import file_kind
from ..pictures import MAX_SIDE, BadPicture, check_picture
from . import expr as ex
from .diagnostics import Diagnostic, did_you_mean
from . import places as mapscenes
from .map_schema import HUB_BEAT
from .model import (BeatDef, BranchDef, ChoiceDef, Debrief, DebriefPrompt, EndingDef, FactCard, FlagDef, HelpResource, LineDef,
                    Narrative, PerceiveDef, Perspective, SceneDef, StatDef)
from .staging import STAGE_KINDS, StagingMixin
from .yamlwalk import key_mark, value_mark

DEFAULT_CAPTIONS = {
    "vignette": N_("The edges of everything go dark; it is hard to see anything but what is straight ahead."),
    "blur": N_("Everything goes blurry and hard to focus on."),
    "desaturate": N_("The colour drains out of everything."),
    "shake": N_("The words won't stay still."),
    "crowd": N_("Thoughts crowd in, too many at once."),
    "heartbeat": N_("A heartbeat, loud and fast."),
    "muffle": N_("Sounds go muffled, as if under water."),
    "intrusive": N_("Unwanted thoughts push in."),
}
LINE_KINDS = ("narrate", "say", "thought", "perceive") + STAGE_KINDS


class LazyBeats(dict):
    """Beats built on first use from checked plain values (the compiled cache), so a warm load builds nothing.

    Behaves as a complete dict of every beat: lookups build one beat; anything that walks the whole mapping
    builds them all first.
    """

    def __init__(self, raw: dict[str, tuple[str, dict]], build: Callable[[str, dict], BeatDef | None]):
        super().__init__()
        self._raw = raw
        self._build = build

    def __missing__(self, key: str) -> BeatDef:
        if key not in self._raw:
            raise KeyError(key)
        beat = self._build(*self._raw[key])
        dict.__setitem__(self, key, beat)
        return beat

    def _complete(self) -> None:
        if dict.__len__(self) < len(self._raw):
            for key in self._raw:
                if not dict.__contains__(self, key):
                    self.__missing__(key)

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __len__(self) -> int:
        return len(self._raw)

    def __iter__(self):
        return iter(self._raw)

    def get(self, key, default=None):
        return self[key] if key in self._raw else default

    def keys(self):
        self._complete()
        return dict.keys(self)

    def values(self):
        self._complete()
        return dict.values(self)

    def items(self):
        self._complete()
        return dict.items(self)

    def __eq__(self, other: object) -> bool:
        self._complete()
        if isinstance(other, LazyBeats):
            other._complete()
        return dict.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]


class Builder(StagingMixin):
    """Builds one Narrative from a manifest and its scene documents, collecting diagnostics."""

    def __init__(self, diags: list[Diagnostic], texts: dict[str, str], checks: bool = True):
        self.diags = diags
        self.texts = texts  # path -> file text, to place expression columns inside quoted scalars
        self.checks = checks  # False when rebuilding from the compiled cache (already checked)
        self.path = ""
        self._line_starts: dict[str, list[int]] = {}
        self.beat_marks: dict[str, tuple[str, tuple[int, int], tuple[int, int]]] = {}
        self._memo: dict[tuple[str, str, str], Any] = {}
        # True when a listed scene file could not be read: references to its scenes and endings reached only
        # from it would be reported as errors too, burying the one real problem under follow-on noise
        self.scenes_missing = False
        # scene id -> a file defining it that the narrative does not list (set by the loader, which knows folders)
        self.find_unlisted: Callable[[str], str | None] = lambda sid: None
        self.unlisted_used = False  # then endings reached only from the unlisted file are not "never reached"
        self.map_scenes: set[str] = set()  # ids of scenes that are walkable maps (their beats may run out: to the map)
        self.map_reach: dict[str, set[str]] = {}  # map scene -> places the figure can walk to (after the checks)
        self.map_marks: dict[str, tuple[str, tuple[int, int]]] = {}

    # -- reporting ---------------------------------------------------------------------------------------------
    def err(self, mark: tuple[int, int], code: str, message: str, hint: str | None = None,
            severity: str = "error", path: str | None = None) -> None:
        if self.checks:
            self.diags.append(Diagnostic(path or self.path, mark[0], mark[1], severity, code, message, hint))

    def expr_mark(self, container: Any, key: Any, col_in_expr: int) -> tuple[int, int]:
        line, col = value_mark(container, key)
        text = self.texts.get(self.path)
        if text and line:
            starts = self._line_starts.get(self.path)
            if starts is None:
                starts = self._line_starts[self.path] = [0] + [m.end() for m in re.finditer("\n", text)]
            offset = starts[line - 1] + col - 1 if line <= len(starts) else -1
            if 0 <= offset < len(text) and text[offset] in "\"'":
                col += 1
        return line, col + col_in_expr - 1

    # -- the narrative -----------------------------------------------------------------------------------------
    def build(self, manifest: dict, manifest_path: str, scenes: list[tuple[str, dict]], content_hash: str,
              assets_root: Path) -> Narrative | None:
        self.path = manifest_path
        m = manifest
        stats: dict[str, StatDef] = {}
        for sid, s in (m.get("stats") or {}).items():
            if not all(k in s for k in ("label", "min", "max", "start")):
                continue
            if s["min"] >= s["max"]:
                self.err(value_mark(s, "max"), "V013", f"stat `{sid}`: max ({s['max']}) must be above min ({s['min']})")
            elif not s["min"] <= s["start"] <= s["max"]:
                self.err(value_mark(s, "start"), "V013",
                         f"stat `{sid}` starts at {s['start']}, outside its range {s['min']}..{s['max']}")
            stats[sid] = StatDef(sid, s["label"], s["min"], s["max"], s["start"], s.get("show", "meter"))
        flags = {fid: FlagDef(fid, bool(v)) for fid, v in (m.get("flags") or {}).items()}
        for fid in flags:
            if fid in stats:
                self.err(key_mark(m["flags"], fid), "V020", f"`{fid}` is declared both as a stat and as a flag")
        self.kinds = {**{k: ex.NUMBER for k in stats}, **{k: ex.BOOL for k in flags}}
        # a stat or flag declared with a mistake in it (already reported) still counts as declared, so that every
        # condition using it is not also reported as "not a declared stat or flag"
        for section, kind in (("stats", ex.NUMBER), ("flags", ex.BOOL)):
            for name in getattr(m.get(section), "key_marks", None) or ():
                self.kinds.setdefault(name, kind)
        self.stats = stats
        self.flags = flags
        self.declare_staging(m, assets_root)  # characters, words, sounds
        for section in ("stats", "flags", "words"):  # `ending` means the ending reached in debrief prompts
            if ex.ENDING in (getattr(m.get(section), "key_marks", None) or ()):
                self.err(key_mark(m[section], ex.ENDING), "V086", f"`{ex.ENDING}` is a reserved name: it cannot be "
                         f"declared under `{section}:`", "debrief prompts use `ending` for the ending reached: "
                         "call this one something else, e.g. `story_ending`")
        self.line_ids = set()
        endings = {eid: EndingDef(eid, e["title"], e["text"]) for eid, e in (m.get("endings") or {}).items()
                   if "title" in e and "text" in e}
        self.endings = endings
        self.ending_marks = {eid: key_mark(m["endings"], eid) for eid in endings} if "endings" in m else {}

        # scene and beat ids first, so gotos can point forwards
        self.scene_beats: dict[str, list[str]] = {}
        self.dup_beats: dict[str, list[tuple[str, tuple[int, int], str, int]]] = {}
        self.missing_in_dup: dict[str, list[str]] = {}
        seen_scenes: dict[str, str] = {}
        ok_scenes: list[tuple[str, dict]] = []
        for path, doc in scenes:
            sid = doc.get("id")
            if sid is None:
                continue
            if sid in seen_scenes:
                self.err(value_mark(doc, "id"), "V020", f"scene id `{sid}` is already used by {seen_scenes[sid]}",
                         path=path)
                continue
            seen_scenes[sid] = path
            beats = []
            seen_beats: dict[str, tuple[int, int]] = {}
            for i, b in enumerate(doc.get("beats") or ()):
                bid = b.get("id")
                if bid is None:
                    continue
                if bid in seen_beats:  # reported once the gotos are known (see _report_duplicate_beats)
                    self.dup_beats.setdefault(sid, []).append((path, value_mark(b, "id"), bid, seen_beats[bid][0]))
                    continue
                seen_beats[bid] = value_mark(b, "id")
                if bid == HUB_BEAT and mapscenes.is_map_scene(doc):
                    self.err(value_mark(b, "id"), "V020", f"`{HUB_BEAT}` is the id of the walking part of a map "
                             "scene: call this beat something else", path=path)
                    continue
                beats.append(bid)
            if mapscenes.is_map_scene(doc):
                self.map_scenes.add(sid)
                beats.append(HUB_BEAT)
            self.scene_beats[sid] = beats
            ok_scenes.append((path, doc))
        self.all_beats = {f"{s}.{b}" for s, bs in self.scene_beats.items() for b in bs}
        if self.checks:  # only checks need every line id; a warm load from the cache walks no lines
            self.collect_line_ids(ok_scenes)
        for eid, e in endings.items():  # texts of endings may use visited() and seen(): parsed once all ids are known
            rich = self.parse_rich("", m["endings"][eid], "text")
            if rich is not None:
                endings[eid] = EndingDef(e.id, e.title, e.text, rich)

        self.path = manifest_path
        start = self.resolve_goto(m.get("start", ""), None, m, "start") if "start" in m else None

        scene_defs: dict[str, SceneDef] = {}
        lazy_raw: dict[str, tuple[str, dict]] = {}
        beat_defs: dict[str, BeatDef] = {} if self.checks else LazyBeats(lazy_raw, self.build_beat)
        self.used_endings: set[str] = set()
        for path, doc in ok_scenes:
            self.path = path
            sid = doc["id"]
            background = doc.get("background")
            if background is not None:
                self.check_asset(assets_root, background, value_mark(doc, "background"))
            full_ids = []
            for b in doc.get("beats") or ():
                if not self.checks:  # from the compiled cache: build each beat when the story first needs it
                    full = f"{sid}.{b['id']}"
                    lazy_raw[full] = (sid, b)
                    full_ids.append(full)
                    continue
                beat = self.build_beat(sid, b)
                if beat is not None and beat.full_id not in beat_defs:
                    beat_defs[beat.full_id] = beat
                    full_ids.append(beat.full_id)
            map_scene = None
            if sid in self.map_scenes:
                map_scene, hub = mapscenes.build_map_scene(self, sid, doc, assets_root, DEFAULT_CAPTIONS)
                self.map_marks[sid] = (path, value_mark(doc, "map"))
                if self.checks:
                    beat_defs[hub.full_id] = hub
                else:
                    lazy_raw[hub.full_id] = (sid, hub)
                full_ids.append(hub.full_id)
            ambient = doc.get("ambient")
            if ambient is not None and not self.cue_ok(ambient, doc, "ambient"):
                ambient = None
            scene_defs[sid] = SceneDef(sid, doc.get("title", ""), background, doc.get("mood"), tuple(full_ids), path,
                                       ambient, bool(doc.get("shared", False)), map_scene)

        self._report_duplicate_beats()
        self.path = manifest_path
        if self.checks and not self.scenes_missing and not self.unlisted_used:
            for eid in endings:
                if eid not in self.used_endings:
                    self.err(self.ending_marks[eid], "V045", f"ending `{eid}` is declared but no beat or choice "
                             "leads to it", "remove it, or add `ending: " + eid + "` where the story should end",
                             severity="warning")
        d = m.get("debrief") or {}
        debrief = Debrief(self.debrief_prompts(d),
                          tuple(HelpResource(h["name"], h["contact"], h.get("note")) for h in d.get("help") or ()
                                if "name" in h and "contact" in h),
                          tuple(FactCard(f["myth"], f["fact"], f["source"], f["checked"]) for f in d.get("facts") or ()
                                if {"myth", "fact", "source", "checked"} <= set(f)))
        p = m.get("perspective") or {}
        a = m.get("audience") or {}
        q = m.get("questionnaires") or {}
        for phase in ("pre", "post"):
            qid = q.get(phase)
            # a misspelt id would silently skip the questions in class, losing every student's answers
            if self.checks and isinstance(qid, str) and not (paths.QUESTIONNAIRES_DIR / f"{qid}.yaml").is_file():
                known = [p.stem for p in paths.QUESTIONNAIRES_DIR.glob("*.yaml")]
                self.err(value_mark(q, phase), "V025", f"no questionnaire called `{qid}`",
                         did_you_mean(qid, known) or ("questionnaires: " + ", ".join(sorted(known)) if known else
                                                      "questionnaires are the files in the questionnaires/ folder"))
        required = ("id", "title", "version", "summary", "start", "endings", "debrief", "perspective", "audience")
        if any(k not in m for k in required) or start is None:
            return None
        return Narrative(
            id=m["id"], title=m["title"], version=m["version"], summary=m["summary"],
            perspective=Perspective(p.get("character", ""), p.get("condition", ""), p.get("about", "") or ""),
            min_age=a.get("min_age", 0), minutes=a.get("minutes", 0),
            content_notes=tuple(m.get("content_notes") or ()), characters=self.characters, stats=stats, flags=flags,
            start=start, scenes=scene_defs, beats=beat_defs, endings=endings,
            questionnaires={"pre": q.get("pre"), "post": q.get("post")}, debrief=debrief,
            content_hash=content_hash, path=manifest_path, assets_root=str(assets_root), words=self.words,
            sounds=self.sounds,
            extra={"tests": list(m.get("tests") or ()), "review": list(m.get("review") or ())})

    def debrief_prompts(self, d: Any) -> tuple[DebriefPrompt, ...]:
        """The debrief's prompts: a plain text (always shown) or `{text, when}`, where `when` is a condition on the
        state at the end of the play that may also use `ending` (the id of the ending reached, "" for none)."""
        items = d.get("prompts") or ()
        out = []
        trees = []  # each prompt's condition's tree (None: always shown), to check that every ending gets one
        broken = False
        for i, item in enumerate(items):
            if isinstance(item, str):
                out.append(DebriefPrompt(item))
                trees.append(None)
                continue
            if not isinstance(item, dict) or "text" not in item:
                continue
            tree = self.debrief_condition(item) if "when" in item else None
            if "when" in item and tree is None:  # reported; left out rather than shown to everyone
                broken = True
                continue
            out.append(DebriefPrompt(item["text"], ex.Expr(item["when"], "") if "when" in item else None))
            trees.append(tree)
        if self.checks and out and not broken:
            self._prompts_for_every_ending(d, trees)
        return tuple(out)

    def debrief_condition(self, item: Any) -> tuple | None:
        """The checked tree of a prompt's `when` (None when it has a mistake, reported at its column)."""
        src = item["when"]
        if not self.checks:
            return ()  # from the compiled cache: already checked
        ending_ids = ("",) + tuple(self.endings)
        kinds = {**self.kinds, ex.ENDING: ex.WORD}
        words = {**self.word_sets, ex.ENDING: ending_ids}

        def visit_problem(ref: str) -> tuple[str, str | None] | None:
            if "." not in ref:  # no scene around a debrief prompt: the beat needs its scene
                return (f"visited(\"{ref}\") needs the scene too in a debrief prompt",
                        did_you_mean(ref, self.all_beats) or "write visited(\"scene.beat\")")
            return self.visit_problem("")(ref)

        def seen_problem(ref: str) -> tuple[str, str | None] | None:
            if ref.count(".") < 2:
                return (f"seen(\"{ref}\") needs the scene too in a debrief prompt",
                        did_you_mean(ref, self.line_ids) or "write seen(\"scene.beat.line\")")
            return self.seen_problem("")(ref)
        try:
            tree = ex.parse(src)
            kind = ex.check_types(tree, kinds, visit_problem, words, seen_problem)
            if kind != ex.BOOL and not ex.is_count(tree):
                raise ex.ExprError(f"a condition must be true or false, but `{src}` is {kind}", 1,
                                   "compare it, e.g. `" + src + " > 0`" if kind == ex.NUMBER else
                                   "compare it, e.g. `" + src + " == \"...\"`", code="V032")
        except ex.ExprError as exc:
            self.err(self.expr_mark(item, "when", exc.col), exc.code, exc.message, exc.hint)
            return None
        return tree

    def _prompts_for_every_ending(self, d: Any, trees: list[tuple | None]) -> None:
        """A warning for each ending (and for leaving early) after which every prompt's `when` is certainly false:
        the student would be asked nothing."""
        for eid in (*self.endings, ""):
            if all(t is not None and ex.could_hold(t, {ex.ENDING: eid}) is False for t in trees):
                after = f"after ending `{eid}`" if eid else "when a student leaves before an ending"
                self.err(key_mark(d, "prompts"), "V087", f"no debrief prompt is shown {after}: every prompt's "
                         "`when` is false there", "add a plain prompt (always shown), or one whose `when` fits "
                         + (f"`ending == \"{eid}\"`" if eid else "`ending == \"\"`"), severity="warning")

    def _report_duplicate_beats(self) -> None:
        """V020 for a beat id used twice, naming the gotos to beats that do not exist in that scene: a copied beat
        whose id was not changed is the usual cause, and "did you mean" would point those gotos at the copy's twin
        (making a loop). Those gotos get no V021 of their own: this one message explains them."""
        for sid, dups in self.dup_beats.items():
            missing = list(dict.fromkeys(self.missing_in_dup.get(sid, ())))
            for path, mark, bid, first in dups:
                hint = None
                if missing:
                    names = ", ".join(f"`{m}`" for m in missing)
                    hint = (f"gotos lead to {names}, which no beat is called: was this copy of `{bid}` "
                            f"meant to be {names if len(missing) == 1 else 'one of them'}? Give it its own id")
                self.err(mark, "V020", f"beat id `{bid}` is used twice in scene `{sid}` (first on line {first}); "
                         "the second beat is left out until it has its own id", hint, path=path)

    # -- references --------------------------------------------------------------------------------------------
    def resolve_goto(self, ref: str, scene: str | None, container: Any, key: Any) -> str | None:
        """A goto target as a full beat id: `beat` (this scene), `scene.beat`, or `scene` (its first beat)."""
        if "." in ref:
            if ref in self.all_beats:
                return ref
            sid, bid = ref.split(".", 1)
            if sid not in self.scene_beats and self.scenes_missing:
                pass  # probably a scene of the file that could not be read (reported there)
            elif sid not in self.scene_beats:
                unlisted = self.find_unlisted(sid)
                self.unlisted_used = self.unlisted_used or bool(unlisted)
                hint = (f"scene `{sid}` is in {unlisted}, which the narrative does not list: add it under "
                        "`scenes:`" if unlisted else did_you_mean(sid, self.scene_beats))
                self.err(value_mark(container, key), "V021", f"goto to unknown scene `{sid}`", hint)
            elif sid in self.dup_beats:
                self.missing_in_dup.setdefault(sid, []).append(bid)  # explained with the duplicate (V020)
            else:
                self.err(value_mark(container, key), "V021", f"scene `{sid}` has no beat `{bid}`",
                         did_you_mean(bid, self.scene_beats[sid]))
            return None
        if scene is not None and ref in self.scene_beats.get(scene, ()):
            return f"{scene}.{ref}"
        if ref in self.scene_beats and self.scene_beats[ref]:
            return f"{ref}.{self.scene_beats[ref][0]}"
        if self.scenes_missing:
            pass  # may be a scene of the file that could not be read (reported there)
        elif scene is None:
            self.err(value_mark(container, key), "V021", f"`{ref}` should name `scene.beat`",
                     did_you_mean(ref, self.all_beats))
        elif scene in self.dup_beats:
            self.missing_in_dup.setdefault(scene, []).append(ref)  # explained with the duplicate (V020)
        else:
            candidates = list(self.scene_beats.get(scene, ())) + list(self.scene_beats)
            self.err(value_mark(container, key), "V021", f"goto to unknown beat `{ref}` in scene `{scene}`",
                     did_you_mean(ref, candidates) or "write `beat` for this scene or `scene.beat` for another")
        return None

    def resolve_ending(self, eid: str, container: Any, key: Any) -> str | None:
        if eid in self.endings:
            self.used_endings.add(eid)
            return eid
        self.err(value_mark(container, key), "V023", f"unknown ending `{eid}`",
                 did_you_mean(eid, self.endings) or "declare it under `endings:` in the narrative")
        return None

    def visit_problem(self, scene: str) -> Callable[[str], tuple[str, str | None] | None]:
        def check(ref: str) -> tuple[str, str | None] | None:
            full = ref if "." in ref else f"{scene}.{ref}"
            if full in self.all_beats:
                return None
            return (f"visited(\"{ref}\") names an unknown beat",
                    did_you_mean(ref, self.scene_beats.get(scene, ())) or did_you_mean(ref, self.all_beats))
        return check

    def condition(self, scene: str, container: Any, key: str) -> ex.Expr | None:
        src = container.get(key)
        if src is None:
            return None
        if self.checks:
            memo_key = (src, scene, "if")
            problem = self._memo.get(memo_key, False)
            if problem is False:
                problem = None
                try:
                    tree = ex.parse(src)
                    kind = ex.check_types(tree, self.kinds, self.visit_problem(scene), self.word_sets,
                                          self.seen_problem(scene))
                    if kind != ex.BOOL and not ex.is_count(tree):
                        raise ex.ExprError(f"a condition must be true or false, but `{src}` is a number", 1,
                                           "compare it, e.g. `" + src + " > 0`", code="V032")
                except ex.ExprError as exc:
                    problem = exc
                self._memo[memo_key] = problem
            if problem is not None:
                self.err(self.expr_mark(container, key, problem.col), problem.code, problem.message, problem.hint)
                return None
        return ex.Expr(src, scene)

    def effects(self, scene: str, container: Any) -> tuple[ex.Effect, ...]:
        items = container.get("effects")
        if not items:
            return ()
        out = []
        for i, src in enumerate(items):
            if self.checks:
                memo_key = (src, scene, "effect")
                ok = self._memo.get(memo_key)
                if ok is None:
                    before = len(self.diags)
                    ok = self.check_effect(scene, src, items, i)
                    if len(self.diags) == before:  # clean effects give the same answer wherever they stand
                        self._memo[memo_key] = ok
                if not ok:
                    continue
            out.append(ex.Effect(src, scene))
        return tuple(out)

    def check_effect(self, scene: str, src: str, items: Any, i: int) -> bool:
        try:
            target, op, tree, vcol = ex.parse_effect(src)
            if target not in self.kinds:
                raise ex.ExprError(f"`{target}` is not a declared stat or flag", src.index(target) + 1,
                                   did_you_mean(target, self.kinds)
                                   or "declare it under `stats:` or `flags:` in the narrative", code="V031")
            try:
                kind = ex.check_types(tree, self.kinds, self.visit_problem(scene), self.word_sets,
                                      self.seen_problem(scene))
            except ex.ExprError as exc:  # the tree's columns count from the value: place them in the effect
                raise ex.ExprError(exc.message, exc.col + vcol - 1, exc.hint, exc.code) from None
            want = self.kinds[target]
            if want == ex.WORD and tree[0] == "str":
                problem = ex.word_problem(target, tree[1], self.word_sets, vcol + tree[2] - 1)
                if problem:
                    raise problem
        except ex.ExprError as exc:
            self.err(self.expr_mark(items, i, exc.col), exc.code, exc.message, exc.hint)
            return False
        if want == ex.WORD and op != "=":
            self.err(self.expr_mark(items, i, 1), "V032", f"`{target}` is a word: set it with `=`, not `{op}`",
                     f"write `{target} = \"{self.word_sets[target][0]}\"`")
            return False
        if want == ex.BOOL and op != "=":
            self.err(self.expr_mark(items, i, 1), "V032", f"`{target}` is a flag: set it with `=`, not `{op}`",
                     f"write `{target} = true` or `{target} = false`")
            return False
        if kind != want:
            self.err(self.expr_mark(items, i, vcol), "V032",
                     f"`{target}` is a {'stat (a number)' if want == ex.NUMBER else 'flag (true/false)'}, "
                     f"but the value is {kind}")
            return False
        if want == ex.NUMBER and tree[0] in ("num", "neg") and (tree[0] == "num" or tree[1][0] == "num"):
            value = tree[1] if tree[0] == "num" else -tree[1][1]
            st = self.stats.get(target)
            if st is None:  # declared with a mistake, reported where it is declared
                return True
            if op == "=" and not st.min <= value <= st.max:
                self.err(self.expr_mark(items, i, vcol), "V044",
                         f"`{src}` sets {target} outside its range {st.min}..{st.max}; it will be clamped",
                         severity="warning")
            elif op != "=" and abs(value) > st.max - st.min:
                self.err(self.expr_mark(items, i, vcol), "V044",
                         f"`{src}` changes {target} by more than its whole range {st.min}..{st.max}; "
                         "it will be clamped", severity="warning")
        return True

    def check_asset(self, root: Path, rel: str, mark: tuple[int, int], picture: bool = True) -> None:
        if not self.checks:
            return
        parts = Path(rel).parts
        if Path(rel).is_absolute() or ".." in parts:
            self.err(mark, "V050", f"asset `{rel}` must be a path inside assets/", "e.g. `backgrounds/bus.png`")
            return
        here = root
        for part in parts:
            try:
                names = os.listdir(here)
            except OSError:
                names = []
            if part in names:
                here = here / part
                continue
            lowered = {n.lower(): n for n in names}
            if part.lower() in lowered:
                self.err(mark, "V051", f"asset `{rel}`: the file is called `{lowered[part.lower()]}`, not `{part}`",
                         "names are case-sensitive on the classroom machines: match the case exactly")
            else:
                folder = here.relative_to(root).as_posix() + "/" if here != root else ""
                # names compared without their extension (`.png` alone made `Phone.png` look like `home.png`)
                stems = {Path(n).stem.lower(): n for n in names}
                close = [stems[c] for c in difflib.get_close_matches(Path(part).stem.lower(), stems, n=1,
                                                                     cutoff=0.75)]
                files = sorted(n for n in names if not n.startswith("."))
                listing = (f"the files in assets/{folder} are: " + ", ".join(files[:12])
                           + (f" and {len(files) - 12} more" if len(files) > 12 else "")) if files else \
                    f"assets/{folder} is empty"
                # the whole path in the suggestion, so that copying it in works
                self.err(mark, "V050", f"asset `{rel}` not found under {root}",
                         (f"did you mean `{folder}{close[0]}`? " if close else "") + listing[0].upper() + listing[1:])
            return
        try:  # a symbolic link is held to the same rule as the name: a regular file inside assets/
            real, mode = here.resolve(), here.stat().st_mode
        except OSError:
            return
        if not real.is_relative_to(root.resolve()):
            self.err(mark, "V006", f"asset `{rel}` is a link to a file outside assets/; it was not read",
                     "copy the file into assets/ instead of linking to it")
        elif not stat.S_ISREG(mode):
            self.err(mark, "V007", f"asset `{rel}` is {file_kind(mode)}, not a regular file; it was not read")
        elif picture:
            try:  # the window applies the same rule before decoding, so what passes here is what it shows
                check_picture(real)
            except BadPicture as exc:
                self.err(mark, "V026", f"picture `{rel}` cannot be shown: {exc}",
                         f"save it as PNG or JPEG of at most {MAX_SIDE} x {MAX_SIDE} pixels (1280 x 720 is enough)")
            except OSError as exc:
                self.err(mark, "V050", f"asset `{rel}` cannot be read ({exc.strerror or exc})")

    # -- beats -------------------------------------------------------------------------------------------------
    def build_lines(self, scene: str, prefix: str, items: Any) -> tuple[LineDef, ...]:
        out = []
        seen: dict[str, tuple[int, int]] = {}
        for i, item in enumerate(items or ()):
            kinds = [k for k in LINE_KINDS if k in item]
            mark = value_mark(items, i)
            if len(kinds) != 1:
                written = getattr(item, "key_marks", None) or {}
                if self.checks and not kinds and any(k in written for k in LINE_KINDS):
                    continue  # written with a wrong value (already reported there), not missing
                if self.checks:
                    if not kinds:
                        self.err(mark, "V011", "a line needs one of `narrate`, `say`, `thought` or `perceive` (or "
                                 "`pause`, `show`, `hide`, `sound`, `music`, `stop_music`)")
                    else:
                        self.err(mark, "V013", f"a line has {' and '.join('`'+k+'`' for k in kinds)}: one per line",
                                 "split it into separate lines")
                continue
            kind = kinds[0]
            lid = item.get("id")
            if lid is not None and lid in seen:
                self.err(value_mark(item, "id"), "V020", f"line id `{lid}` is used twice here "
                         f"(first on line {seen[lid][0]})")
            elif lid is not None:
                seen[lid] = value_mark(item, "id")
            string_id = f"{prefix}.{lid}" if lid else f"{prefix}.{i + 1}"
            if self.checks:
                self.line_extras(kind, item)
            if kind in STAGE_KINDS:
                if "speaker" in item:
                    self.err(key_mark(item, "speaker"), "V010", f"`speaker` only goes with `say`, not `{kind}`")
                staged = self.stage_line(scene, item, kind, string_id, self.condition(scene, item, "if"), mark)
                if staged is not None:
                    out.append(staged)
                continue
            speaker = item.get("speaker")
            if kind == "say":
                written = getattr(item, "key_marks", {})
                if speaker is None and any(k.lower() == "speaker" for k in written):
                    pass  # written but invalid (`Jo`) or misspelt (`Speaker`): already reported, not also as missing
                elif speaker is None:
                    self.err(mark, "V011", "`say` needs a `speaker`",
                             "for narration use `narrate`; for the inner voice use `thought`")
                elif speaker not in self.characters:
                    self.err(value_mark(item, "speaker"), "V022", f"unknown speaker `{speaker}`",
                             did_you_mean(speaker, self.characters) or "declare them under `characters:`")
                elif "expression" in item and not self.expression_ok(self.characters[speaker], item["expression"],
                                                                     item, "say"):
                    pass  # reported; the line still plays, with the face unchanged
            elif speaker is not None:
                self.err(key_mark(item, "speaker"), "V010", f"`speaker` only goes with `say`, not `{kind}`")
            cond = self.condition(scene, item, "if")
            perceive = None
            rich = None
            if kind == "perceive":
                p = item["perceive"]
                if "effect" not in p or "intensity" not in p:
                    continue
                duration = p.get("duration")
                perceive = PerceiveDef(p["effect"], float(p["intensity"]),
                                       None if duration in (None, "scene") else float(duration),
                                       p.get("caption") or DEFAULT_CAPTIONS[p["effect"]])
                texts: tuple[str, ...] = (perceive.caption,)
            else:
                value = item[kind]
                texts = tuple(value) if isinstance(value, list) else (value,)
                rich = self.rich_texts(scene, item, kind)
            expression = item.get("expression") if kind == "say" else None
            if expression is not None and speaker in self.characters and \
                    self.characters[speaker].portrait(expression) is None:
                expression = None
            out.append(LineDef(string_id, kind, texts, speaker if kind == "say" else None, cond, perceive, rich,
                               bool(item.get("slow", False)), lid is not None, expression))
        return tuple(out)

    def build_beat(self, scene: str, b: dict) -> BeatDef | None:
        if isinstance(b, BeatDef):  # a map scene's walking beat, built with its scene
            return b
        bid = b.get("id")
        if bid is None:
            return None
        full = f"{scene}.{bid}"
        self.beat_marks[full] = (self.path, value_mark(b, "id"),
                                 key_mark(b, "choices") if "choices" in b else value_mark(b, "id"))
        ways = [k for k in ("choices", "goto", "branch", "ending", "return") if k in b]
        back_to_map = not ways and scene in self.map_scenes  # on a map, a beat that just ends goes back to walking
        if self.checks:
            if not ways and "choices" not in b.key_marks and not back_to_map:
                self.err(value_mark(b, "id"), "V041",
                         f"the story runs out of road after beat `{bid}`: nothing says where to go next",
                         "add `choices`, `goto`, `branch` or `ending` to the beat (or `return: true` to end a "
                         "subroutine)")
            elif len(ways) > 1:
                self.err(key_mark(b, ways[1]), "V013",
                         f"beat `{bid}` has both `{ways[0]}` and `{ways[1]}`: a beat goes on in one way only",
                         "put a `goto` or `ending` inside each choice or branch instead")
        effects = self.effects(scene, b)
        lines = self.build_lines(scene, full, b.get("lines"))
        choices = []
        seen: dict[str, tuple[int, int]] = {}
        for c in b.get("choices") or ():
            cid = c.get("id")
            if cid is None or "text" not in c:
                continue
            if cid in seen:
                self.err(value_mark(c, "id"), "V020",
                         f"choice id `{cid}` is used twice in beat `{bid}` (first on line {seen[cid][0]})")
                continue
            seen[cid] = value_mark(c, "id")
            goto = ending = None
            if self.checks and "goto" not in c and "ending" not in c:
                self.err(c.start, "V041", f"choice `{cid}` leads nowhere", "give it a `goto` or an `ending`")
            elif self.checks and "goto" in c and "ending" in c:
                self.err(key_mark(c, "ending"), "V013", f"choice `{cid}` has both `goto` and `ending`")
            if "goto" in c:
                goto = self.resolve_goto(c["goto"], scene, c, "goto")
            elif "ending" in c:
                ending = self.resolve_ending(c["ending"], c, "ending")
            requires = self.condition(scene, c, "requires")
            if self.checks:
                if "requires" in c and "locked_reason" not in c:
                    self.err(key_mark(c, "requires"), "V011",
                             f"choice `{cid}` can be locked but has no `locked_reason`",
                             "players see why a choice is out of reach: add e.g. "
                             "`locked_reason: You can't make yourself do it.`")
                elif "locked_reason" in c and "requires" not in c:
                    self.err(key_mark(c, "locked_reason"), "V013",
                             f"choice `{cid}` has a `locked_reason` but no `requires`, so it is never locked",
                             severity="warning")
            call = self.resolve_call(scene, c, f"choice `{cid}`")
            choices.append(ChoiceDef(cid, f"{full}.{cid}", c["text"], self.condition(scene, c, "if"), requires,
                                     c.get("locked_reason"), bool(c.get("once", False)), self.effects(scene, c),
                                     self.build_lines(scene, f"{full}.{cid}", c.get("lines")), goto, ending,
                                     self.parse_rich(scene, c, "text"), call))
        branch = []
        items = b.get("branch") or ()
        for i, br in enumerate(items):
            goto = ending = None
            if "goto" in br:
                goto = self.resolve_goto(br["goto"], scene, br, "goto")
            elif "ending" in br:
                ending = self.resolve_ending(br["ending"], br, "ending")
            elif self.checks:
                self.err(value_mark(items, i), "V041", "a branch needs a `goto` or an `ending`")
            branch.append(BranchDef(self.condition(scene, br, "if"), goto, ending))
        if self.checks and items and "if" in items[-1]:
            self.err(value_mark(items, len(items) - 1), "V041",
                     f"beat `{bid}`: when no branch's `if` holds, the story runs out of road",
                     "make the last branch an `else`: give it no `if`")
        goto = self.resolve_goto(b["goto"], scene, b, "goto") if "goto" in b else None
        if back_to_map:
            goto = f"{scene}.{HUB_BEAT}"
        ending = self.resolve_ending(b["ending"], b, "ending") if "ending" in b else None
        call = self.resolve_call(scene, b, f"beat `{bid}`")
        prompt = self.parse_rich(scene, b, "prompt") if "prompt" in b else None
        return BeatDef(bid, full, scene, effects, lines, b.get("prompt"), tuple(choices), goto, tuple(branch), ending,
                       call, bool(b.get("return", False)), prompt)

    def resolve_call(self, scene: str, holder: Any, what: str) -> str | None:
        """The subroutine a beat or choice calls; it needs a `goto` to come back to."""
        if "call" not in holder:
            return None
        if self.checks and "goto" not in holder:
            self.err(key_mark(holder, "call"), "V078", f"{what} has a `call` but no `goto` to come back to",
                     "add `goto: BEAT`: the story goes there when the subroutine reaches `return: true`")
            return None
        return self.resolve_goto(holder["call"], scene, holder, "call")


