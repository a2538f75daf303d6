"""One neuron's own equations, written out with the numbers of one step for one sample.

The matrix equations, read for neuron j of layer l and sample s (column s of the batch):
    forward   z^l_j = Σ_k W^l_jk a^{l-1}_k + b^l_j      (row j of Z^l = W^l A^{l-1} + b^l 1^T)
              a^l_j = f(z^l_j)
    backward  δ^l_j = f'(z^l_j) · Σ_i W^{l+1}_ij δ^{l+1}_i   (entry j of column s of BP2)
              δ^L_j = ∂C/∂a^L_j · f'(z^L_j)               (BP1; (a − y)/m with softmax or sigmoid
                                                           and cross-entropy)
Every number comes from a StepTrace (Network.trace), the pass the equations panel shows; δ carries
the 1/m of the mean cost, as the columns of Δ^l do.
"""
from dataclasses import dataclass, field

import numpy as np

from . import activations as _activations
from . import notation
from .notation import sup


def sub(*indices):
    return notation.sub(notation.indices(*indices))


def number(value, digits=4):
    """A number at `digits` significant digits, with a true minus sign."""
    text = f"{value:.{digits}g}"
    return text.replace("-", "−")


def signed_sum(values, digits=4):
    """'a − b + c' for the values [a, −b, c]."""
    text = number(values[0], digits) if len(values) else "0"
    for v in values[1:]:
        text += f" − {number(-v, digits)}" if v < 0 else f" + {number(v, digits)}"
    return text


def factor(value, digits=4):
    """A number as a factor: in parentheses when negative, so '2(a − (−1))' reads right."""
    return f"({number(value, digits)})" if value < 0 else number(value, digits)


@dataclass
class NeuronCard:
    """The numbers of neuron j of layer l for sample s, and the card's lines (see `lines`)."""
    l: int
    j: int
    s: int
    activation: str            # f of layer l ("input" for layer 0)
    a: float                   # a^l_j
    z: float = np.nan          # z^l_j (not for inputs)
    weights: np.ndarray = None  # row j of W^l, (n_{l-1},)
    inputs: np.ndarray = None   # column s of A^{l-1}, (n_{l-1},)
    bias: float | None = None   # b^l_j, or None
    delta: float = np.nan       # δ^l_j
    fprime: float = np.nan      # f'(z^l_j) (NaN for softmax)
    back_weights: np.ndarray = None  # column j of W^{l+1}, (n_{l+1},); None for the output layer
    back_deltas: np.ndarray = None   # column s of Δ^{l+1}
    output_rule: str = ""      # for the output layer: how BP1 gives δ
    target: float = np.nan     # y_j for the output layer
    m: int = 1                 # samples in the step
    lines: list = field(default_factory=list)


def neuron_card(network, trace, l, j, s=0, digits=4):
    """The card of neuron j of layer l (0..L) for sample s of the step `trace`, with its text lines."""
    L = network.n_layers
    A = [trace.A0] + [layer.A for layer in trace]
    m = trace.A0.shape[1]
    a = float(A[l][j, s])
    if l == 0:
        card = NeuronCard(l, j, s, "input", a, m=m)
        card.lines = [f"Input {j} for sample {s + 1}: a⁰{sub(j)} = {number(a, digits)}",
                      f"It is row {j} of sample {s + 1}'s column of A⁰ = Xᵀ: every neuron of layer 1 weighs it "
                      f"(column {j} of W¹)."]
        return card
    layer = trace[l - 1]
    name = network.activations[l - 1]
    b = network.biases[l - 1]
    card = NeuronCard(l, j, s, name, a, z=float(layer.Z[j, s]), weights=network.weights[l - 1][j].copy(),
                      inputs=A[l - 1][:, s].copy(), bias=None if b is None else float(b[j]),
                      delta=float(layer.delta[j, s]), m=m)
    if name != "softmax":
        card.fprime = float(_activations.get(name).df(layer.Z[j:j + 1, s:s + 1], layer.A[j:j + 1, s:s + 1])[0, 0])
    if l < L:
        card.back_weights = network.weights[l][:, j].copy()
        card.back_deltas = trace[l].delta[:, s].copy()
    else:
        card.target = float(trace.Y[j, s])
        card.output_rule = "mse" if trace.loss == "mse" else "cross-entropy"
    card.lines = _lines(card, L, digits)
    return card


def _lines(c, L, digits):
    n = lambda v: number(v, digits)  # noqa: E731
    l, j, up = c.l, c.j, sup(c.l)
    prev = sup(l - 1)
    f = _activations.get(c.activation)
    head = f"Neuron {j} of layer {l} ({c.activation}), sample {c.s + 1} of {c.m}"
    bias_sym = f" + b{up}{sub(j)}" if c.bias is not None else ""
    products = [w * x for w, x in zip(c.weights, c.inputs)]
    terms = " + ".join(f"({n(w)})({n(x)})" for w, x in zip(c.weights, c.inputs))
    if c.bias is not None:
        terms += f" − {n(-c.bias)}" if c.bias < 0 else f" + {n(c.bias)}"
    values = signed_sum(products + ([c.bias] if c.bias is not None else []), digits)
    lines = [head,
             "Forward",
             f"z{up}{sub(j)} = Σₖ W{up}{sub(j)}ₖ a{prev}ₖ{bias_sym}",
             f"   = {terms}",
             f"   = {values}",
             f"   = {n(c.z)}"]
    if c.activation == "softmax":
        lines.append(f"a{up}{sub(j)} = e^z{up}{sub(j)} / Σᵢ e^z{up}ᵢ = {n(c.a)}")
    else:
        z_sym = f"z{up}{sub(j)}"
        z_num = f.formula.replace("(z)", f"({n(c.z)})").replace("z", factor(c.z, digits))
        lines.append(f"a{up}{sub(j)} = {f.formula.replace('z', z_sym)} = {z_num} = {n(c.a)}")
    lines.append("Backward")
    if l < L:
        nxt = sup(l + 1)
        back = " + ".join(f"({n(w)})({n(d)})" for w, d in zip(c.back_weights, c.back_deltas))
        total = float(np.dot(c.back_weights, c.back_deltas))
        lines += [f"δ{up}{sub(j)} = f′(z{up}{sub(j)}) · Σᵢ W{nxt}ᵢ{sub(j)} δ{nxt}ᵢ",
                  f"   = {n(c.fprime)} · [{back}]",
                  f"   = {n(c.fprime)} · {factor(total, digits)} = {n(c.delta)}"]
    elif c.output_rule == "mse":
        lines += [f"δ{up}{sub(j)} = ∂C/∂a{up}{sub(j)} · f′(z{up}{sub(j)}) = 2(a − y)/m · f′(z)",
                  f"   = 2({n(c.a)} − {factor(c.target, digits)})/{c.m} · {n(c.fprime)} = {n(c.delta)}"]
    else:
        lines += [f"δ{up}{sub(j)} = (a{up}{sub(j)} − y{sub(j)})/m",
                  f"   = ({n(c.a)} − {factor(c.target, digits)})/{c.m} = {n(c.delta)}"]
    lines += ["In the matrix equations",
              f"Row {j} of W{up} is this neuron's weights [{', '.join(n(w) for w in c.weights)}]: "
              f"Z{up} = W{up}A{prev} + b{up}1ᵀ computes z{up}{sub(j)} in row {j}, in sample {c.s + 1}'s column.",
              f"δ{up}{sub(j)} is row {j} of sample {c.s + 1}'s column of Δ{up} ({'BP1' if l == L else 'BP2'}); "
              f"row {j} of Δ{up} gives row {j} of ∂C/∂W{up} = Δ{up}(A{prev})ᵀ (BP4)"
              + (f" and ∂C/∂b{up}{sub(j)} (BP3)." if c.bias is not None else ".")]
    return lines
