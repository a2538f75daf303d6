"""The question's own network (1 → 1, and its 1 → 1 → 1 extension): the matrix equations reduced to
its scalar update w ← w − R·a·2(a·w − y), and which line of its printed MATLAB table a step gives."""
from core import presets as _presets

from .. import rounding
from ..format import MINUS, SCALAR_DIGITS, paren, scalar


def table_line(step, a, y, R, w, new):
    """Which line of the question's printed table this update gives, when it is the question's own run
    (the run itself lives with its preset: core.presets.reference_run)."""
    line = _presets.reference_run("seed-scalar").table_line(step, a, y, R, w)
    return "" if line is None else f"— line {line} of the question's MATLAB table (w = {new:.5g}). "


def seed_reduction(p):
    s = p.s
    if not (s.is_seed_scalar() or s.is_seed_chain()):
        return ""
    R = s.lr
    y = float(s.Y[0, 0])
    a0 = float(s.X[0, 0])
    c = p.c
    box = (f'<table width="100%" cellspacing="0" cellpadding="4" class="box" '
           f'style="border-left: 3px solid {c["active"]}; background-color: #f4f8fb"><tr><td>')
    if s.is_seed_scalar():
        w = float(s.params[0])
        z = a0 * w
        delta = 2 * (z - y)
        g = delta * a0
        new = w - R * a0 * 2 * (a0 * w - y)
        lines = [
            "<b>The question's network.</b> Every matrix is 1×1 here, so the four equations are scalars "
            "and reduce to the question's own update:",
            f"a = {scalar(a0)}, &nbsp; W = {scalar(w)}, &nbsp; y = {scalar(y)}, &nbsp; R = η = {scalar(R)}",
            f"forward: z = W a = {paren(w)}·{scalar(a0)} = {scalar(z)} &nbsp; (linear: a<sup>(L)</sup> = z)",
            f"BP1: δ = ∂C/∂z = 2(z {MINUS} y) = 2({scalar(z)} {MINUS} {paren(y)}) "
            f"{rounding.equals(delta, z - y, z, y, SCALAR_DIGITS)}",
            f"BP4: ∂C/∂W = δ · a = {paren(delta)}·{scalar(a0)} = {scalar(g)}",
            f"update: W ← W {MINUS} R ∂C/∂W = {scalar(w)} {MINUS} {scalar(R)}·{paren(g)} = {scalar(new)}",
            f"<b>w ← w {MINUS} R·a·2(a·w {MINUS} y)</b> = {scalar(w)} {MINUS} {scalar(R)}·{scalar(a0)}·"
            f"2({scalar(a0)}·{paren(w)} {MINUS} {paren(y)}) = <b>{scalar(new)}</b>",
            table_line(s.step, a0, y, R, w, new)
            + "Its ∂a/∂W · ∂C/∂a is BP4 · BP1: Δ (A<sup>0</sup>)<sup>T</sup> with 1×1 matrices. "
            "(The question writes ∂a<sup>(L)</sup>/∂W = a<sup>(L)</sup>; it is a<sup>(L−1)</sup>, the "
            f"layer's input, here a = {scalar(a0)}: the update it then iterates is right.)",
        ]
    else:
        W1, W2 = float(s.params[0]), float(s.params[1])
        a1 = a0 * W1
        a2 = a1 * W2
        err = 2 * (a1 * W2 - y)
        new2 = W2 - R * a1 * err
        new1 = W1 - R * a0 * W2 * err
        lines = [
            "<b>The question's chain.</b> All matrices are 1×1; in the question's notation "
            f"a<sup>(L−2)</sup> = a<sup>0</sup> = {scalar(a0)}, W<sup>(L−1)</sup> = W<sup>1</sup> = "
            f"{scalar(W1)}, a<sup>(L−1)</sup> = a<sup>1</sup> = {scalar(a1)}, W<sup>(L)</sup> = "
            f"W<sup>2</sup> = {scalar(W2)}, a<sup>(L)</sup> = a<sup>2</sup> = {scalar(a2)}, "
            f"y = {scalar(y)}, R = η = {scalar(R)}.",
            f"BP1: δ<sup>2</sup> = 2(a<sup>(L)</sup> {MINUS} y) = 2({scalar(a2)} {MINUS} {paren(y)}) "
            f"{rounding.equals(err, a1 * W2 - y, a2, y, SCALAR_DIGITS)}; &nbsp; "
            f"BP2: δ<sup>1</sup> = W<sup>(L)</sup> δ<sup>2</sup> = "
            f"{paren(W2)}·{paren(err)} = {scalar(W2 * err)}",
            f"W<sup>(L)</sup> ← W<sup>(L)</sup> {MINUS} R·a<sup>(L−1)</sup>·2(a<sup>(L−1)</sup>W<sup>(L)</sup> "
            f"{MINUS} y) = {scalar(W2)} {MINUS} {scalar(R)}·{scalar(a1)}·2({scalar(a1)}·{paren(W2)} {MINUS} "
            f"{paren(y)}) = <b>{scalar(new2)}</b>",
            f"<b>W<sup>(L−1)</sup> ← W<sup>(L−1)</sup> {MINUS} R·a<sup>(L−2)</sup>·W<sup>(L)</sup>·"
            f"2(a<sup>(L−1)</sup>W<sup>(L)</sup> {MINUS} y)</b> = {scalar(W1)} {MINUS} {scalar(R)}·"
            f"{scalar(a0)}·{paren(W2)}·2({scalar(a1)}·{paren(W2)} {MINUS} {paren(y)}) = <b>{scalar(new1)}</b>",
            "— the question's formula is BP2 then BP4: ∂C/∂W<sup>1</sup> = δ<sup>1</sup>(a<sup>0</sup>)"
            "<sup>T</sup> = W<sup>2</sup>·2(a<sup>2</sup> − y)·a<sup>0</sup>. W<sup>(L)</sup> in it is the "
            "value before this step's update: both weights move from the same forward pass.",
        ]
    difference, output = (z - y, z) if s.is_seed_scalar() else (a1 * W2 - y, a2)
    return (box + "".join(f'<p class="chain">{x}</p>' for x in lines)
            + rounding.note(p, difference, output, y) + "</td></tr></table>")
