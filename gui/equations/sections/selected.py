"""The selected weight or bias: its scalar chain rule ∂C/∂W^l_jk = δ^l_j · a^{l−1}_k with numbers,
where δ^l_j comes from (BP1 or BP2 for one entry) and its own update."""
from .. import rounding
from ..format import MINUS, SCALAR_DIGITS, paren, scalar, sup
from ..page import jk


def chain_rule(p):
    if p.sel is None:
        return ""
    kind, l, j, k = p.sel
    t = p.t
    tl = t.layers[l - 1]
    name = f"W{l}[{j},{k}]" if kind == "W" else f"b{l}[{j}]"
    if kind == "W":
        sym = f"{sup('W', l)}<sub>{jk(j, k)}</sub>"
        value = p.W[l][j, k]
    else:
        sym = f"{sup('b', l)}<sub>{j}</sub>"
        value = p.b[l][j]
    dj = f"{sup('δ', l)}<sub>{j}</sub>"
    ak = f"{sup('a', l - 1)}<sub>{k}</sub>" if kind == "W" else ""
    lines = [f'<p class="title"><b>Selected:</b> <span class="selname">{sym}</span> '
             f'({name}) = {scalar(value)}</p>']
    if kind == "W":
        lines.append(p.note(f"{sup('z', l)}<sub>{j}</sub> = Σ<sub>k</sub> {sup('W', l)}<sub>{j},k</sub> "
                            f"{sup('a', l - 1)}<sub>k</sub> + …, so ∂{sup('z', l)}<sub>{j}</sub>/∂{sym} = "
                            f"{ak}, and the chain rule gives ∂{p.C}/∂{sym} = "
                            f"∂{p.C}/∂{sup('z', l)}<sub>{j}</sub> · {ak} = {dj} · {ak}."))
    deltas = tl.delta[j]
    inputs = t.A0[k] if (kind == "W" and l == 1) else (t.layers[l - 2].A[k] if kind == "W" else None)
    total = tl.dW[j, k] if kind == "W" else tl.db[j]
    if kind == "W":
        terms = [f"{paren(d)}·{paren(a)}" for d, a in zip(deltas[:3], inputs[:3])]
    else:
        terms = [paren(d) for d in deltas[:3]]
    more = f" + ⋯ ({p.m} terms)" if p.m > 3 else ""
    if p.m == 1:
        lhs = f"∂{p.C}/∂{sym} = {dj} · {ak}" if kind == "W" else f"∂{p.C}/∂{sym} = {dj}"
    else:
        lhs = (f"∂C/∂{sym} = Σ<sub>samples</sub> {dj} {ak}" if kind == "W"
               else f"∂C/∂{sym} = Σ<sub>samples</sub> {dj}")
    lines.append(f'<p class="chain">{lhs} = {" + ".join(terms)}{more} = {scalar(total)}</p>')
    if p.m > 1:
        lines.append(p.note("One term per sample: the entries of row "
                            f"{j} of Δ<sup>{l}</sup>" + (f" times row {k} of A<sup>{l - 1}</sup>"
                                                             if kind == "W" else "")
                            + " (tinted below). Δ carries the 1/m, so the sum is the mean over the batch."))
    lines.append(_delta_chain(p, l, j))
    lines.append(_scalar_update(p, kind, l, j, k, value))
    c = p.c
    return (f'<table width="100%" cellspacing="0" cellpadding="4" class="box" '
            f'style="border-left: 3px solid {c["selected"]}; background-color: #fdf3f5"><tr><td>'
            + "".join(lines) + "</td></tr></table>")


def _delta_chain(p, l, j):
    """Where δ^l_j comes from, for the first sample: BP1 or BP2 written for one entry."""
    t, L = p.t, p.L
    tl = t.layers[l - 1]
    first = "" if p.m == 1 else " (first sample)"
    dj = f"{sup('δ', l)}<sub>{j}</sub>"
    fp = p.fprime(l)[j, 0] if p.fprime(l) is not None else None
    if l == L:
        a, y = tl.A[j, 0], t.Y[j, 0]
        if t.grad_A is None:
            return (f'<p class="chain">{dj}{first} = (a<sub>{j}</sub> {MINUS} y<sub>{j}</sub>)/m = '
                    f'({scalar(a)} {MINUS} {paren(y)})/{p.m} '
                    f'{rounding.equals(tl.delta[j, 0], a - y, a, y, SCALAR_DIGITS)}</p>'
                    + rounding.note(p, a - y, a, y))
        g = t.grad_A[j, 0]
        two = "2" if p.m == 1 else f"(2/{p.m})"
        if rounding.at_rounding_level(a - y, a, y):
            return (f'<p class="chain">{dj}{first} = ∂{p.C}/∂{sup("a", l)}<sub>{j}</sub> · '
                    f'f′({sup("z", l)}<sub>{j}</sub>) = {two}({scalar(a)} {MINUS} {paren(y)}) · {paren(fp)} '
                    '≈ 0<sup>†</sup></p>' + rounding.note(p, a - y, a, y))
        return (f'<p class="chain">{dj}{first} = ∂{p.C}/∂{sup("a", l)}<sub>{j}</sub> · f′({sup("z", l)}<sub>{j}</sub>) = '
                f'{two}({scalar(a)} {MINUS} {paren(y)}) · {paren(fp)} = {paren(g)} · {paren(fp)} = '
                f'{scalar(tl.delta[j, 0])}</p>')
    Wn = p.W[l + 1]
    dn = t.layers[l].delta[:, 0]
    terms = [f"{paren(Wn[r, j])}·{paren(dn[r])}" for r in range(min(len(dn), 3))]
    more = " + ⋯" if len(dn) > 3 else ""
    total = float(Wn[:, j] @ dn)
    return (f'<p class="chain">{dj}{first} = (Σ<sub>r</sub> {sup("W", l + 1)}<sub>r,{j}</sub> '
            f'{sup("δ", l + 1)}<sub>r</sub>) · f′({sup("z", l)}<sub>{j}</sub>) = ({" + ".join(terms)}{more}) · {paren(fp)} '
            f'= {paren(total)} · {paren(fp)} = {scalar(tl.delta[j, 0])}</p>')


def _scalar_update(p, kind, l, j, k, value):
    s = p.s
    idx = s.index(kind, l, j, k if k is not None else 0)
    g, new = s.grad[idx], s.new_params[idx]
    sym = f"{sup(kind, l)}<sub>{jk(j, k)}</sub>" if kind == "W" else f"{sup('b', l)}<sub>{j}</sub>"
    batch = "" if (p.m == 1 or not p.sample) else " (with the batch gradient)"
    if s.optimizer == "sgd":
        return (f'<p class="chain">{sym} ← {sym} {MINUS} η ∂C/∂{sym}{batch} = {scalar(value)} {MINUS} '
                f'{scalar(s.lr)}·{paren(g)} = {scalar(new)}</p>')
    return (f'<p class="chain">{sym} ← {scalar(new)} after the {s.optimizer} update '
            f'(gradient {scalar(g)}, see Update)</p>')
