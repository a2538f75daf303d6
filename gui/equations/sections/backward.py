"""The backward phases: BP1 (output error), BP2 (error of a hidden layer), BP3 and BP4 (gradients)."""
from core import activations as _activations

from .. import rounding
from ..format import MINUS, SCALAR_DIGITS, paren, scalar, sup


def bp1(p):
    t, L, net = p.t, p.L, p.s.network
    tl = t.layers[-1]
    nL, m = net.sizes[L], p.m
    D = p.D(L)
    two = "2" if m == 1 else "(2/m)"
    if t.grad_A is None:  # softmax / sigmoid with cross-entropy: f′ cancels
        pair = "softmax" if p.s.loss == "cross_entropy" else "sigmoid"
        symbolic = f"{D} = ({p.A(L)} {MINUS} {p.Ysym})" + ("" if m == 1 else "/m")
        out = p.title(f"BP1: output error {D}", symbolic, f"{p.shp(nL, m)}")
        out += p.note(f"With a {pair} output and the cross-entropy cost the f′ cancels: "
                      f"{D} = ∇<sub>A</sub>C ⊙ f′(Z<sup>{L}</sup>) simplifies to "
                      f"({p.A(L)} {MINUS} {p.Ysym})" + ("." if m == 1 else "/m."))
        rhs = [p.op("(") if m == 1 else p.op(f"(1/{m})("), p.mat(tl.A, p.A(L)),
               p.op(MINUS), p.mat(t.Y, p.Ysym), p.op(")")]
        rows = [(D, "=", rhs), ("", "=", [p.related_rows(tl.delta, D, L, "delta_row", entry=("delta", L))])]
        return out + p.equations(rows)
    grad = t.grad_A
    fp = p.fprime(L)
    g_sym = f"∇<sub>{'a' if p.sample else 'A'}</sub>{p.C}"
    symbolic = f"{D} = {g_sym} ⊙ f′({p.Z(L)}), &nbsp; {g_sym} = {two}({p.A(L)} {MINUS} {p.Ysym})"
    out = p.title(f"BP1: output error {D}", symbolic,
                  f"{p.shp(nL, m)} = {p.shp(nL, m)} ⊙ {p.shp(nL, m)}")
    act = _activations.get(p.f(L))
    rows = [(g_sym, "=", [p.op(f"{two}("), p.mat(tl.A, p.A(L)), p.op(MINUS),
                          p.mat(t.Y, p.Ysym), p.op(")")]),
            ("", "=", [p.mat(grad, g_sym, entry=("grad_A", L))])]
    if p.f(L) == "linear":
        out += p.note(f"The output layer is linear: f′(z) = 1, so {D} = {g_sym}.")
        rows.append((D, "=", [p.related_rows(tl.delta, D, L, "delta_row", entry=("delta", L))]))
    else:
        out += p.note(f"f′(z) = {act.description.derivative_html} for {act.description.label}; ⊙ multiplies entry by entry.")
        rows += [(D, "=", [p.mat(grad, g_sym), p.op("⊙"), p.mat(fp, f"f′({p.Z(L)})")]),
                 ("", "=", [p.related_rows(tl.delta, D, L, "delta_row", entry=("delta", L))])]
    out += p.equations(rows)
    if nL == 1 and m == 1 and not p.o.quiz:  # (in Quiz me, the scalar line would give δ away)
        a, y, d = tl.A[0, 0], t.Y[0, 0], tl.delta[0, 0]
        if p.f(L) == "linear":
            out += (f'<p class="chain">δ = 2(z {MINUS} y) = 2({scalar(tl.Z[0, 0])} {MINUS} {paren(y)}) '
                    f'{rounding.equals(d, a - y, a, y, SCALAR_DIGITS)}</p>')
        else:
            out += (f'<p class="chain">δ = 2(a {MINUS} y) f′(z) = 2({scalar(a)} {MINUS} {paren(y)})·'
                    f'{paren(fp[0, 0])} {rounding.equals(d, a - y, a, y, SCALAR_DIGITS)}</p>')
        out += rounding.note(p, a - y, a, y)
    return out


def bp2(p, l):
    t, net = p.t, p.s.network
    n, n_next, m = net.sizes[l], net.sizes[l + 1], p.m
    tl, tn = t.layers[l - 1], t.layers[l]
    D, Dn = p.D(l), p.D(l + 1)
    WT = f"({sup('W', l + 1)})<sup>T</sup>"
    symbolic = f"{D} = ({WT} {Dn}) ⊙ f′({p.Z(l)})"
    shapes = f"{p.shp(n, m)} = ({p.shp(n, n_next)}{p.shp(n_next, m)}) ⊙ {p.shp(n, m)}"
    back = p.W[l + 1].T @ tn.delta
    fp = p.fprime(l)
    act = _activations.get(p.f(l))
    rows = [(D, "=", [p.op("("), p.weight(p.W[l + 1].T, l + 1, WT, transposed=True),
                      p.mat(tn.delta, Dn), p.op(")"), p.op("⊙"), p.op(f"f′({p.Z(l)})")]),
            ("", "=", [p.mat(back, f"{WT}{Dn}"), p.op("⊙"), p.mat(fp, f"f′({p.Z(l)})")]),
            ("", "=", [p.related_rows(tl.delta, D, l, "delta_row", entry=("delta", l))])]
    out = p.title(f"BP2: error of layer {l}", symbolic, shapes)
    out += p.note(f"The error of layer {l + 1} flows back through the same weights, transposed; "
                  f"f′(z) = {act.description.derivative_html} for {act.description.label}.")
    return out + p.equations(rows)


def gradients(p, l):
    t, net = p.t, p.s.network
    n, n_prev, m = net.sizes[l], net.sizes[l - 1], p.m
    tl = t.layers[l - 1]
    A_prev = t.A0 if l == 1 else t.layers[l - 2].A
    D = p.D(l)
    AT = f"({p.A(l - 1)})<sup>T</sup>"
    has_b = net.bias[l - 1]
    sym = []
    if has_b:
        sym.append(f"BP3: {p.db(l)} = {D}" + ("" if p.sample else "1"))
    sym.append(f"BP4: {p.dW(l)} = {D}{AT}")
    shapes = (f"{p.shp(n, n_prev)} = {p.shp(n, m)}{p.shp(m, n_prev)}"
              + ("" if m == 1 else f": the product sums over the m = {m} samples"))
    rows = []
    if has_b:
        if p.sample:
            rows.append((p.db(l), "=", [p.bias(tl.db, l, p.db(l), entry=("db", l))]))
        else:
            rows += [(p.db(l), "=", [p.related_rows(tl.delta, D, l, "delta_row"),
                                     p.op(f"1 &nbsp;{p.shp(m, 1)}")]),
                     ("", "=", [p.bias(tl.db, l, p.db(l), entry=("db", l))])]
    rows += [(p.dW(l), "=", [p.related_rows(tl.delta, D, l, "delta_row"),
                             p.related_rows(A_prev.T, AT, l, "a_col")]),
             ("", "=", [p.weight(tl.dW, l, p.dW(l), entry=("dW", l))])]
    out = p.title(f"BP3, BP4: gradients of layer {l}", ", &nbsp; ".join(sym), shapes)
    if has_b and not p.sample and m > 1:
        out += p.note(f"{D}1 adds up the columns of {D}: one bias, every sample.")
    return out + p.equations(rows)
