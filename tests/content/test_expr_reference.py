"""The expression language against a small reference evaluator written from its documentation (docs/authoring.md):
random well-typed expressions over a stat, a flag and visited(), printed as a writer would type them, must give what
the reference gives. Catches any operator evaluated wrongly (e.g. `<` as `<=`) or a precedence slip."""
from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from game.content import expr as ex

LIMIT = 10 ** 15  # documented: results are kept within +-10^15; division by zero counts as 0


def clamp(x):
    return max(-LIMIT, min(LIMIT, x))


def ref_eval(tree, values, visits):
    """Reference semantics, independent of game.content.expr."""
    tag = tree[0]
    if tag == "num":
        return tree[1]
    if tag == "bool":
        return tree[1]
    if tag == "name":
        return values[tree[1]]
    if tag == "visited":
        return visits.get("s." + tree[1], 0)
    if tag == "not":
        return not ref_eval(tree[1], values, visits)
    if tag == "neg":
        return -ref_eval(tree[1], values, visits)
    if tag == "and":
        return bool(ref_eval(tree[1], values, visits)) and bool(ref_eval(tree[2], values, visits))
    if tag == "or":
        return bool(ref_eval(tree[1], values, visits)) or bool(ref_eval(tree[2], values, visits))
    a, b = ref_eval(tree[2], values, visits), ref_eval(tree[3], values, visits)
    op = tree[1]
    if tag == "arith":
        if op == "+":
            return clamp(a + b)
        if op == "-":
            return clamp(a - b)
        if op == "*":
            return clamp(a * b)
        return 0 if b == 0 else clamp(a / b)
    return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def show(tree) -> str:
    """Source text, fully bracketed (each operator's operands in brackets, as a careful writer would)."""
    tag = tree[0]
    if tag == "num":
        return str(tree[1])
    if tag == "bool":
        return "true" if tree[1] else "false"
    if tag == "name":
        return tree[1]
    if tag == "visited":
        return f'visited("{tree[1]}")'
    if tag == "not":
        return f"not ({show(tree[1])})"
    if tag == "neg":
        return f"-({show(tree[1])})"
    if tag in ("and", "or"):
        return f"({show(tree[1])}) {tag} ({show(tree[2])})"
    return f"({show(tree[2])}) {tree[1]} ({show(tree[3])})"


numbers = st.recursive(
    st.one_of(st.integers(0, 12).map(lambda n: ("num", n)), st.just(("name", "energy")),
              st.sampled_from(["a", "b"]).map(lambda b: ("visited", b))),
    lambda inner: st.one_of(
        st.tuples(st.just("arith"), st.sampled_from("+-*/"), inner, inner),
        inner.map(lambda t: ("neg", t))),
    max_leaves=6)

conditions = st.recursive(
    st.one_of(st.booleans().map(lambda b: ("bool", b)), st.just(("name", "brave")),
              st.tuples(st.just("cmp"), st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), numbers, numbers)),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["and", "or"]), inner, inner),
        inner.map(lambda t: ("not", t))),
    max_leaves=6)

values = st.fixed_dictionaries({"energy": st.integers(-3, 12), "brave": st.booleans()})
visits = st.fixed_dictionaries({"s.a": st.integers(0, 3), "s.b": st.integers(0, 3)})


def engine(src: str, vals, vis):
    return ex.compile_tree(ex.parse(src), lambda ref: ref if "." in ref else f"s.{ref}")(vals, vis)


@settings(max_examples=600, deadline=None)
@given(conditions, values, visits)
@example(("cmp", "<", ("name", "energy"), ("num", 3)), {"energy": 3, "brave": False}, {})
@example(("cmp", ">", ("num", 3), ("name", "energy")), {"energy": 3, "brave": False}, {})
def test_conditions_agree_with_the_reference(tree, vals, vis):
    src = show(tree)
    assert bool(engine(src, vals, vis)) == bool(ref_eval(tree, vals, vis)), src


@settings(max_examples=400, deadline=None)
@given(numbers, values, visits)
def test_arithmetic_agrees_with_the_reference(tree, vals, vis):
    src = show(tree)
    assert engine(src, vals, vis) == ref_eval(tree, vals, vis), src


@given(st.integers(-5, 15), st.integers(-5, 15))
def test_unbracketed_comparisons_of_sums_follow_precedence(a, b):
    # `energy + 1 < 3 * 2 - 1` reads as (energy + 1) < ((3 * 2) - 1)
    src = f"energy + {b} < {a} * 2 - 1 and not brave or energy == {b}"
    vals = {"energy": a, "brave": b % 2 == 0}
    want = ((a + b) < (a * 2 - 1) and not vals["brave"]) or a == b
    assert bool(engine(src, vals, {})) == want
