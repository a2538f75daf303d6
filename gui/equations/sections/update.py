"""Phase "update": every W and b moved by the optimizer (SGD, momentum, Adam), regularisation included."""
import numpy as np

from ..format import MINUS, scalar, sup
from ..page import ranges
from .seed import seed_reduction


def update(p):
    s = p.s
    out = [p.title("Update", _update_formula(p))]
    new = s.split(s.new_params)
    G = s.split(s.grad)
    batch_trace = s.trace
    if p.sample:
        if s.m == 1:
            out.append(p.note("The batch is this one sample (m = 1): the step uses the gradient above."))
        else:
            out.append(p.note(f"The step uses the batch gradient ∂C/∂W = (1/m) Σ<sub>samples</sub> "
                              f"∂C<sub>i</sub>/∂W over all m = {s.m} samples, the mean of per-sample "
                              "gradients like the one above (switch to Whole batch to see it built)."))
    if s.l1 or s.l2:
        out.append(p.note(f"Regularisation adds {_reg_term(p, 'W')} to the gradient of the weights "
                          f"(not the biases): G = ∂C/∂W + {_reg_term(p, 'W')}, with "
                          + ", ".join(([f"λ<sub>2</sub> = {scalar(s.l2)}"] if s.l2 else [])
                                      + ([f"λ<sub>1</sub> = {scalar(s.l1)}"] if s.l1 else []))
                          + ". It pulls every weight towards 0."))
    rows = []
    hidden = [l for l in range(1, p.L + 1) if l not in p.featured]
    for l in sorted(p.featured):
        Wl, bl = p.W[l], p.b[l]
        nW, nb = new[l - 1]
        gW, gb = G[l - 1]
        dW = batch_trace.layers[l - 1].dW
        Wsym = sup("W", l)
        if p.sample and s.m > 1:
            rows.append((f"∂C/∂{Wsym}", "=", [p.weight(dW, l, f"∂C/∂{Wsym}")]))
        grad_sym = f"∂C/∂{Wsym}"
        if s.l1 or s.l2:
            grad_sym = sup("G", l)
            rows += [(grad_sym, "=", [p.weight(dW, l, f"∂C/∂{Wsym}"), p.op("+"),
                                      p.weight(gW - dW, l, _reg_term(p, Wsym))]),
                     ("", "=", [p.weight(gW, l, grad_sym)])]
        rows += _update_rows(p, l, "W", Wl, gW, nW, grad_sym)
        if bl is not None:
            rows += _update_rows(p, l, "b", bl, gb, nb, f"∂C/∂{sup('b', l)}")
    out.append(p.equations(rows))
    if hidden:
        out.append(p.note(f"Layers {ranges(hidden)} are updated by the same rule (not written out "
                          "here, to keep the view light)."))
    if s.optimizer == "adam":
        out.append(p.note(f"Adam's step {int(s.opt_state.get('t', 0)) + 1}: M and V are running means "
                          "of G and G² over the steps; M̂, V̂ correct their start from zero."))
    if p.o.phase is not None:  # in the full view it opens the page
        out.append(seed_reduction(p))
    return "".join(out)


def _reg_term(p, W):
    """λ₂W + λ₁ sign(W), with only the terms in use."""
    s = p.s
    return " + ".join(([f"λ<sub>2</sub>{W}"] if s.l2 else []) + ([f"λ<sub>1</sub>sign({W})"] if s.l1 else []))


def _update_formula(p):
    s, h = p.s, p.s.hyper
    W, V, G = sup("W", "l"), sup("V", "l"), "∂C/∂" + sup("W", "l")
    if s.l1 or s.l2:
        G = sup("G", "l")
    if s.optimizer == "sgd":
        same = "; the same for b<sup>l</sup>" if any(p.s.network.bias) else ""
        return f"{W} ← {W} {MINUS} η {G} &nbsp; (η = {scalar(s.lr)}{same})"
    if s.optimizer == "momentum":
        return (f"{V} ← μ{V} {MINUS} η {G}, &nbsp; {W} ← {W} + {V} &nbsp; "
                f"(μ = {scalar(h.get('momentum', 0))}, η = {scalar(s.lr)})")
    return (f"M ← β<sub>1</sub>M + (1 {MINUS} β<sub>1</sub>)G, &nbsp; V ← β<sub>2</sub>V + "
            f"(1 {MINUS} β<sub>2</sub>)G<sup>2</sup>, &nbsp; W ← W {MINUS} η M̂/(√V̂ + ε) &nbsp; "
            f"(β<sub>1</sub> = {scalar(h.get('beta1', 0))}, β<sub>2</sub> = {scalar(h.get('beta2', 0))}, "
            f"ε = {scalar(h.get('eps', 0))}, η = {scalar(s.lr)})")


def _update_rows(p, l, kind, old, g, new, grad_sym):
    s = p.s
    sym = sup(kind, l)
    show = (lambda v, name, entry=None: p.weight(v, l, name, entry=entry)) if kind == "W" else \
        (lambda v, name, entry=None: p.bias(v, l, name))
    new_W = ("new_W", l) if kind == "W" else None  # in Quiz me, a click on a new weight blanks it
    if s.optimizer == "sgd":
        return [(sym, "←", [show(old, sym), p.op(MINUS), p.op(scalar(s.lr)), show(g, grad_sym)]),
                ("", "=", [show(new, f"new {sym}", new_W)])]
    step = new - old
    if s.optimizer == "momentum":
        vel = s.opt_state.get("velocity")
        V_old = np.zeros_like(old) if vel is None else _like(p, vel, l, kind)
        Vs = sup("V", l) if kind == "W" else f"{sup('V', l)}<sub>b</sub>"
        mu = s.hyper.get("momentum", 0.0)
        return [(Vs, "←", [p.op(scalar(mu)), show(V_old, Vs), p.op(MINUS), p.op(scalar(s.lr)),
                           show(g, grad_sym)]),
                ("", "=", [show(step, f"new {Vs}")]),
                (sym, "←", [show(old, sym), p.op("+"), show(step, Vs)]),
                ("", "=", [show(new, f"new {sym}", new_W)])]
    # adam: show the step it takes, then the new values
    step_sym = f"{MINUS}η M̂/(√V̂ + ε)"
    return [(sym, "←", [show(old, sym), p.op("+"), show(step, step_sym)]),
            ("", "=", [show(new, f"new {sym}", new_W)])]


def _like(p, flat, l, kind):
    W, b = p.s.split(np.asarray(flat))[l - 1]
    return W if kind == "W" else b
