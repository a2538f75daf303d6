"""Phase "cost": C of the batch, with the targets Y, and the L1/L2 penalty when there is one."""
import numpy as np

from .. import rounding
from ..format import MINUS, SCALAR_DIGITS, esc, paren, scalar


def cost(p):
    t, L, net = p.t, p.L, p.s.network
    nL = net.sizes[L]
    a_L, Y = t.layers[-1].A, t.Y
    m_txt = "" if p.m == 1 else "(1/m) "
    formulas = {
        "mse": f"{p.C} = {m_txt}Σ ({p.A(L)} {MINUS} {p.Ysym})²",
        "cross_entropy": f"{p.C} = {MINUS}{m_txt}Σ {p.Ysym} ⊙ log {p.A(L)}",
        "binary_cross_entropy": (f"{p.C} = {MINUS}{m_txt}Σ [{p.Ysym} ⊙ log {p.A(L)} + "
                                 f"(1 {MINUS} {p.Ysym}) ⊙ log(1 {MINUS} {p.A(L)})]"),
    }
    symbolic = formulas.get(p.s.loss, esc(p.loss.formula))
    rows = [(p.Ysym, "=", [p.mat(Y, p.Ysym)]),
            (p.C, "=", [p.op(f"{scalar(t.cost)}")])]
    entries = "the one entry" if nL * p.m == 1 else f"all {nL * p.m} entries"
    out = p.title("Cost", symbolic, f"the sum runs over {entries} of {p.A(L)} {p.shp(nL, p.m)}"
                  + ("" if p.m == 1 else f", then divides by m = {p.m}"))
    out += p.note(f"{p.Ysym}: the targets" + ("" if p.sample else ", one column per sample") + ".")
    out += p.equations(rows)
    if nL == 1 and p.m == 1 and p.s.loss == "mse" and not p.o.quiz:  # (in Quiz me it would give a away)
        a, y = a_L[0, 0], Y[0, 0]
        out += (f'<p class="chain">{p.C} = (a {MINUS} y)² = ({scalar(a)} {MINUS} {paren(y)})² '
                f'{rounding.equals(t.cost, a - y, a, y, SCALAR_DIGITS)}</p>')
        out += rounding.note(p, a - y, a, y)
    if p.sample:
        out += p.note(f"The batch's cost C is the mean of the m = {p.s.m} samples' costs: "
                      f"C = {scalar(p.s.trace.cost)}.")
    if p.s.l1 or p.s.l2:
        out += penalty(p, t.cost)
    return out


def penalty(p, cost):
    """The regularised cost the step descends: C + (λ₂/2) Σ W² + λ₁ Σ |W|, over the weights of every
    layer (not the biases), written with this network's numbers."""
    s = p.s
    weights = [W for W in p.W[1:] if W is not None]
    terms, numbers, total = [], [], cost
    if s.l2:
        squares = float(sum(np.sum(W * W) for W in weights))
        terms.append(f"(λ<sub>2</sub>/2) Σ W²")
        numbers.append(f"({scalar(s.l2)}/2)·{paren(squares)}")
        total += s.l2 / 2 * squares
    if s.l1:
        sizes = float(sum(np.sum(np.abs(W)) for W in weights))
        terms.append("λ<sub>1</sub> Σ |W|")
        numbers.append(f"{scalar(s.l1)}·{paren(sizes)}")
        total += s.l1 * sizes
    formula = " + ".join(terms)
    return (p.note(f"Regularisation: the step descends the cost plus a penalty on the weights of every "
                   f"layer (not the biases), {formula}; its gradient is the term added in the update.")
            + f'<p class="chain">{p.C} + {formula} = {scalar(cost)} + {" + ".join(numbers)} = '
              f'{scalar(total)}</p>'
            + p.note("The loss plot and the status bar show C alone, without the penalty."))
