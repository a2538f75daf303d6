"""The same step in four notations, with the same numbers.

Each function computes the step again in its own notation, from the weights and the batch (not by
rearranging the column form's matrices), so that the relations between them can be tested:

column  (Nielsen, Goodfellow; this app)  samples as columns, A⁰ = Xᵀ (n₀ × m), cost the batch mean.
            Z^l = W^l A^{l−1} + b^l 1ᵀ,  Δ^L = ∇_A C ⊙ f'(Z^L),  Δ^l = (W^{l+1})ᵀ Δ^{l+1} ⊙ f'(Z^l),
            ∂C/∂W^l = Δ^l (A^{l−1})ᵀ,  ∂C/∂b^l = Δ^l 1.
row     (PyTorch)  samples as rows, X (m × n₀); nn.Linear.weight is W^l itself, so it is transposed
            in the product: Z_l = A_{l−1} W_lᵀ + b_l (m × n_l). With a mean-reduced loss, Z.grad is
            dZ_l = ∂C/∂Z_l = (Δ^l)ᵀ; W.grad = dZ_lᵀ A_{l−1} = ∂C/∂W^l; b.grad = dZ_l summed over rows.
            Relations: Z_row = Z_colᵀ, A_row = A_colᵀ, dZ_row = Δᵀ, W.grad = ∂C/∂W, b.grad = ∂C/∂b.
ng      (Andrew Ng, deeplearning.ai)  samples as columns like the column form, but dZ is the
            gradient of each sample's own loss ℒ, not of the mean cost C = (1/m) Σ ℒ: the 1/m is
            written in dW = (1/m) dZ A^{[l−1]T} and db = (1/m) Σ dZ instead of inside Δ.
            Relations: dZ^{[l]} = m·Δ^l, dA^{[L]} = m·∇_A C, dW = ∂C/∂W, db = ∂C/∂b.
index   (sums over indices)  z^l_{jμ} = Σ_k W^l_{jk} a^{l−1}_{kμ} + b^l_j (μ the sample),
            δ^l_{jμ} = (Σ_i W^{l+1}_{ij} δ^{l+1}_{iμ}) f'(z^l_{jμ}), ∂C/∂W^l_{jk} = Σ_μ δ^l_{jμ} a^{l−1}_{kμ},
            ∂C/∂b^l_j = Σ_μ δ^l_{jμ}. Relations: every entry equals the column form's (δ = Δ).

In a formula, «…» marks what moved compared with the column form (a transpose, the 1/m): the
equations panel highlights it, plain text drops the marks (plain()).
"""
from dataclasses import dataclass

import numpy as np

from . import activations as _activations
from . import losses as _losses
from .errors import BadInput

NAMES = ("column", "row", "ng", "index")
TITLES = {"column": "Column form (Nielsen, Goodfellow)", "row": "Row form (PyTorch: samples as rows)",
          "ng": "Andrew Ng's (dZ, dW = (1/m) dZ Aᵀ)", "index": "Index sums"}
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass
class Line:
    """One equation of one layer: its formula (with «moved» parts), the symbol it defines and its value
    in this notation's layout."""
    equation: str  # "forward", "activation", "BP1", "BP2", "BP3", "BP4"
    layer: int
    formula: str
    symbol: str
    value: np.ndarray


def plain(formula):
    """The formula without the «» marks."""
    return formula.replace("«", "").replace("»", "")


def _fprime(name, Z, A):
    return _activations.get(name).df(Z, A)


def _lines(step, notation):
    net, t = step.network, step.trace
    L, m = net.n_layers, t.A0.shape[1]
    W = [None, *net.weights]
    b = [None, *net.biases]
    acts = [None, *net.activations]
    loss = _losses.get(t.loss)
    s = lambda l: str(l).translate(_SUP)  # noqa: E731
    out = []
    if notation == "column":
        A = [t.A0]
        for l in range(1, L + 1):
            Z = W[l] @ A[l - 1] + (b[l][:, None] if b[l] is not None else 0.0)
            A.append(_activations.get(acts[l]).f(Z))
            out.append(Line("forward", l, f"Z{s(l)} = W{s(l)} A{s(l - 1)} + b{s(l)} 1ᵀ", f"Z{s(l)}", Z))
            out.append(Line("activation", l, f"A{s(l)} = f(Z{s(l)})", f"A{s(l)}", A[l]))
        D = [None] * (L + 1)
        if loss.grad is None:
            D[L] = (A[L] - t.Y) / m
            out.append(Line("BP1", L, f"Δ{s(L)} = (A{s(L)} − Y)/m", f"Δ{s(L)}", D[L]))
        else:
            D[L] = loss.grad(A[L], t.Y) * _fprime(acts[L], t[L - 1].Z, A[L])
            out.append(Line("BP1", L, f"Δ{s(L)} = ∇_A C ⊙ f′(Z{s(L)}), ∇_A C = 2(A{s(L)} − Y)/m", f"Δ{s(L)}", D[L]))
        for l in range(L - 1, 0, -1):
            D[l] = (W[l + 1].T @ D[l + 1]) * _fprime(acts[l], t[l - 1].Z, A[l])
            out.append(Line("BP2", l, f"Δ{s(l)} = (W{s(l + 1)})ᵀ Δ{s(l + 1)} ⊙ f′(Z{s(l)})", f"Δ{s(l)}", D[l]))
        for l in range(L, 0, -1):
            if b[l] is not None:
                out.append(Line("BP3", l, f"∂C/∂b{s(l)} = Δ{s(l)} 1", f"∂C/∂b{s(l)}", D[l].sum(axis=1)))
            out.append(Line("BP4", l, f"∂C/∂W{s(l)} = Δ{s(l)} (A{s(l - 1)})ᵀ", f"∂C/∂W{s(l)}", D[l] @ A[l - 1].T))
        return out
    if notation == "row":
        A = [t.A0.T]  # X, one row per sample
        Zs = [None]
        for l in range(1, L + 1):
            Z = A[l - 1] @ W[l].T + (b[l][None, :] if b[l] is not None else 0.0)
            Zs.append(Z)
            A.append(_activations.get(acts[l]).f(Z.T).T)  # f works on columns (softmax): apply per sample
            prev = "X" if l == 1 else f"A{s(l - 1)}"
            out.append(Line("forward", l, f"Z{s(l)} = {prev} «W{s(l)}ᵀ» + b{s(l)}", f"Z{s(l)}", Z))
            out.append(Line("activation", l, f"A{s(l)} = f(Z{s(l)})", f"A{s(l)}", A[l]))
        Yr = t.Y.T
        dZ = [None] * (L + 1)
        if loss.grad is None:
            dZ[L] = (A[L] - Yr) / m
            out.append(Line("BP1", L, f"Z{s(L)}.grad = (A{s(L)} − Y)/m", f"dZ{s(L)}", dZ[L]))
        else:
            dZ[L] = loss.grad(A[L].T, Yr.T).T * _fprime(acts[L], Zs[L], A[L])
            out.append(Line("BP1", L, f"Z{s(L)}.grad = A{s(L)}.grad ⊙ f′(Z{s(L)}), A.grad = 2(A − Y)/m",
                            f"dZ{s(L)}", dZ[L]))
        for l in range(L - 1, 0, -1):
            dZ[l] = (dZ[l + 1] @ W[l + 1]) * _fprime(acts[l], Zs[l], A[l])
            out.append(Line("BP2", l, f"Z{s(l)}.grad = Z{s(l + 1)}.grad «W{s(l + 1)}» ⊙ f′(Z{s(l)})",
                            f"dZ{s(l)}", dZ[l]))
        for l in range(L, 0, -1):
            prev = "X" if l == 1 else f"A{s(l - 1)}"
            if b[l] is not None:
                out.append(Line("BP3", l, f"b{s(l)}.grad = «1ᵀ Z{s(l)}.grad» (sum over rows)", f"b{s(l)}.grad",
                                dZ[l].sum(axis=0)))
            out.append(Line("BP4", l, f"W{s(l)}.grad = «Z{s(l)}.gradᵀ {prev}»", f"W{s(l)}.grad", dZ[l].T @ A[l - 1]))
        return out
    if notation == "ng":
        A = [t.A0]
        Zs = [None]
        for l in range(1, L + 1):
            Z = W[l] @ A[l - 1] + (b[l][:, None] if b[l] is not None else 0.0)
            Zs.append(Z)
            A.append(_activations.get(acts[l]).f(Z))
            out.append(Line("forward", l, f"Z[{l}] = W[{l}] A[{l - 1}] + b[{l}]", f"Z[{l}]", Z))
            out.append(Line("activation", l, f"A[{l}] = g[{l}](Z[{l}])", f"A[{l}]", A[l]))
        dZ = [None] * (L + 1)
        if loss.grad is None:
            dZ[L] = A[L] - t.Y  # the gradient of each sample's own loss: no 1/m here
            out.append(Line("BP1", L, f"dZ[{L}] = A[{L}] − Y «(no 1/m)»", f"dZ[{L}]", dZ[L]))
        else:
            dA = 2.0 * (A[L] - t.Y)  # ℒ = Σ_outputs (a − y)², the seed's squared error of one sample
            dZ[L] = dA * _fprime(acts[L], Zs[L], A[L])
            out.append(Line("BP1", L, f"dZ[{L}] = dA[{L}] * g′(Z[{L}]), dA = 2(A − Y) «(no 1/m)»", f"dZ[{L}]", dZ[L]))
        for l in range(L - 1, 0, -1):
            dZ[l] = (W[l + 1].T @ dZ[l + 1]) * _fprime(acts[l], Zs[l], A[l])
            out.append(Line("BP2", l, f"dZ[{l}] = W[{l + 1}]ᵀ dZ[{l + 1}] * g′(Z[{l}])", f"dZ[{l}]", dZ[l]))
        for l in range(L, 0, -1):
            if b[l] is not None:
                out.append(Line("BP3", l, f"db[{l}] = «(1/m)» np.sum(dZ[{l}], axis=1)", f"db[{l}]",
                                dZ[l].sum(axis=1) / m))
            out.append(Line("BP4", l, f"dW[{l}] = «(1/m)» dZ[{l}] A[{l - 1}]ᵀ", f"dW[{l}]", dZ[l] @ A[l - 1].T / m))
        return out
    if notation == "index":
        a = [t.A0]
        zs = [None]
        for l in range(1, L + 1):
            z = np.einsum("jk,km->jm", W[l], a[l - 1]) + (b[l][:, None] if b[l] is not None else 0.0)
            zs.append(z)
            a.append(_activations.get(acts[l]).f(z))
            out.append(Line("forward", l, f"z{s(l)}_jμ = «Σ_k» W{s(l)}_jk a{s(l - 1)}_kμ + b{s(l)}_j",
                            f"z{s(l)}", z))
            out.append(Line("activation", l, f"a{s(l)}_jμ = f(z{s(l)}_jμ)", f"a{s(l)}", a[l]))
        d = [None] * (L + 1)
        if loss.grad is None:
            d[L] = (a[L] - t.Y) / m
            out.append(Line("BP1", L, f"δ{s(L)}_jμ = (a{s(L)}_jμ − y_jμ)/m", f"δ{s(L)}", d[L]))
        else:
            d[L] = 2.0 * (a[L] - t.Y) / m * _fprime(acts[L], zs[L], a[L])
            out.append(Line("BP1", L, f"δ{s(L)}_jμ = 2(a{s(L)}_jμ − y_jμ)/m · f′(z{s(L)}_jμ)", f"δ{s(L)}", d[L]))
        for l in range(L - 1, 0, -1):
            d[l] = np.einsum("ij,im->jm", W[l + 1], d[l + 1]) * _fprime(acts[l], zs[l], a[l])
            out.append(Line("BP2", l, f"δ{s(l)}_jμ = («Σ_i» W{s(l + 1)}_ij δ{s(l + 1)}_iμ) f′(z{s(l)}_jμ)",
                            f"δ{s(l)}", d[l]))
        for l in range(L, 0, -1):
            if b[l] is not None:
                out.append(Line("BP3", l, f"∂C/∂b{s(l)}_j = «Σ_μ» δ{s(l)}_jμ", f"∂C/∂b{s(l)}",
                                np.einsum("jm->j", d[l])))
            out.append(Line("BP4", l, f"∂C/∂W{s(l)}_jk = «Σ_μ» δ{s(l)}_jμ a{s(l - 1)}_kμ", f"∂C/∂W{s(l)}",
                            np.einsum("jm,km->jk", d[l], a[l - 1])))
        return out
    raise BadInput(f"unknown notation {notation!r}; choose one of {', '.join(NAMES)}")


def lines(step, notation="column"):
    """The step (a core.exercises.Step, or anything with .network and .trace) in one notation: a list
    of Line, the forward pass layer by layer, then BP1, BP2 down the layers, BP3 and BP4."""
    if notation not in NAMES:
        raise BadInput(f"unknown notation {notation!r}; choose one of {', '.join(NAMES)}")
    with np.errstate(all="ignore"):
        return _lines(step, notation)


def values(step, notation="column"):
    """{(equation, layer): value} of one notation, for comparing notations."""
    return {(line.equation, line.layer): line.value for line in lines(step, notation)}
