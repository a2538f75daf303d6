"""Phase "cost": C of the batch, with the targets Y."""
from ..format import MINUS, esc, paren, scalar


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
    if nL == 1 and p.m == 1 and p.s.loss == "mse":
        a, y = a_L[0, 0], Y[0, 0]
        out += (f'<p class="chain">{p.C} = (a {MINUS} y)² = ({scalar(a)} {MINUS} {paren(y)})² = '
                f'{scalar(t.cost)}</p>')
    if p.sample:
        out += p.note(f"The batch's cost C is the mean of the m = {p.s.m} samples' costs: "
                      f"C = {scalar(p.s.trace.cost)}.")
    return out
