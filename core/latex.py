"""One training step in LaTeX, with this network's numbers and every matrix's shape: for slides,
notes and papers. Needs only `amsmath` (see `document`).

    step = latex.Step.from_trainer(trainer)      # the next step, as the equations panel shows it
    latex.step_latex(step)                       # every phase: forward, cost, BP1–BP4, update
    latex.phase_latex(step, Phase("bp2", 1))     # one of them (core/phases.py)
    latex.document(latex.step_latex(step))       # a whole .tex file

A matrix is a `bmatrix` with its shape under it (\\underbrace{…}_{4\\times 2}); one larger than
`max_entries` rows or columns shows its first and last ones around \\cdots / \\vdots, as the
panel does. Numbers have `digits` significant digits (17 reproduces the float64 exactly).
The same attributes the panel's Snapshot carries are read, so the window passes its own.
"""
from dataclasses import dataclass

import numpy as np

from . import activations as _activations
from .phases import Phase, phases
from .preview import preview

PREAMBLE = "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
FORMULA = {"mse": r"\frac{1}{m}\sum (a - y)^2", "cross_entropy": r"-\frac{1}{m}\sum y \log a",
           "binary_cross_entropy": r"-\frac{1}{m}\sum \left[y \log a + (1 - y)\log(1 - a)\right]"}
F_NAMES = {"linear": r"\operatorname{id}", "tanh": r"\tanh", "sigmoid": r"\sigma", "relu": r"\operatorname{relu}",
           "leaky_relu": r"\operatorname{lrelu}",
           "softmax": r"\operatorname{softmax}"}


@dataclass
class Step:
    """What a step's equations need (the same names as the panel's Snapshot)."""
    network: object
    loss: str
    optimizer: str
    lr: float
    hyper: dict
    l1: float
    l2: float
    params: np.ndarray      # θ before the step (flat)
    trace: object           # core.network.StepTrace of the batch
    grad: np.ndarray        # the flat gradient applied (regularisation included)
    new_params: np.ndarray  # θ after the step

    @classmethod
    def from_trainer(cls, trainer, next_step=None):
        """The trainer's next step (`next_step`: a core.preview.NextStep already computed)."""
        net = trainer.network
        nxt = next_step if next_step is not None else preview(trainer)
        settings = trainer.optimizer.settings()
        name, lr = settings.pop("name"), settings.pop("lr")
        return cls(net, trainer.loss, name, lr, settings, trainer.l1, trainer.l2, net.params.copy(),
                   nxt.trace, nxt.grad, nxt.new_params)


# ---- numbers and matrices ------------------------------------------------------------------------

def number(x, digits=4):
    """A float as LaTeX: 0.25, -3.1, 1.2\\times 10^{-5}."""
    x = float(x)
    if x == 0:
        return "0"
    text = f"{x:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}\\times 10^{{{int(exponent)}}}"
    return text


def _picked(n, max_entries):
    """Indices shown out of n, None where the rest is elided."""
    if n <= max_entries:
        return list(range(n))
    head = max_entries // 2
    tail = max_entries - head - 1
    return list(range(head)) + [None] + list(range(n - tail, n))


def matrix(values, digits=4, max_entries=8, shape=True):
    """A bmatrix of `values` (2-D; a vector is a column), its shape underneath."""
    M = np.asarray(values, dtype=float)
    if M.ndim == 1:
        M = M[:, None]
    rows, cols = _picked(M.shape[0], max_entries), _picked(M.shape[1], max_entries)
    lines = []
    for i in rows:
        cells = []
        for j in cols:
            if i is None:
                cells.append(r"\ddots" if j is None else r"\vdots")
            else:
                cells.append(r"\cdots" if j is None else number(M[i, j], digits))
        lines.append(" & ".join(cells))
    body = r"\begin{bmatrix}" + r" \\ ".join(lines) + r"\end{bmatrix}"
    return rf"\underbrace{{{body}}}_{{{M.shape[0]}\times {M.shape[1]}}}" if shape else body


# ---- the equations of each phase ----------------------------------------------------------------

class _Writer:
    def __init__(self, step, digits, max_entries):
        self.s, self.digits, self.max = step, digits, max_entries
        self.net = step.network
        self.L = self.net.n_layers
        self.old = self.net.split(step.params)
        self.grads = self.net.split(step.grad)
        self.new = self.net.split(step.new_params)

    def m(self, values):
        return matrix(values, self.digits, self.max)

    def A(self, l):
        return self.s.trace.A0 if l == 0 else self.s.trace[l - 1].A

    def f(self, l):
        return F_NAMES[self.net.activations[l - 1]]

    def fprime(self, l):
        """f'(Z^l) as a matrix, or None when it is 1 (a linear layer)."""
        name = self.net.activations[l - 1]
        if name == "linear":
            return None
        layer = self.s.trace[l - 1]
        return _activations.get(name).df(layer.Z, layer.A)

    def forward(self, l):
        W, b = self.old[l - 1]
        layer = self.s.trace[l - 1]
        if b is not None:
            z = (rf"Z^{{{l}}} &= W^{{{l}}} A^{{{l - 1}}} + b^{{{l}}}\mathbf{{1}}^T = {self.m(W)}\,{self.m(self.A(l - 1))}"
                 rf" + {self.m(b)}\,\mathbf{{1}}^T = {self.m(layer.Z)}")
        else:
            z = rf"Z^{{{l}}} &= W^{{{l}}} A^{{{l - 1}}} = {self.m(W)}\,{self.m(self.A(l - 1))} = {self.m(layer.Z)}"
        a = rf"A^{{{l}}} &= {self.f(l)}(Z^{{{l}}}) = {self.m(layer.A)}"
        return [z, a]

    def cost(self):
        t = self.s.trace
        return [rf"C &= {FORMULA[self.s.loss]} = {number(t.cost, self.digits)}"
                rf" \qquad A^{{{self.L}}} = {self.m(self.A(self.L))},\ Y = {self.m(t.Y)}"]

    def bp1(self):
        L, t = self.L, self.s.trace
        if self.s.loss == "mse":
            fp = self.fprime(L)
            symbolic = rf"\Delta^{{{L}}} &= \tfrac{{2}}{{m}}(A^{{{L}}} - Y)" + (rf" \odot f'(Z^{{{L}}})" if fp is not None else "")
            numbers = rf"\tfrac{{2}}{{{t.A0.shape[1]}}}\left({self.m(self.A(L))} - {self.m(t.Y)}\right)"
            if fp is not None:
                numbers += rf" \odot {self.m(fp)}"
        else:
            symbolic = rf"\Delta^{{{L}}} &= \tfrac{{1}}{{m}}(A^{{{L}}} - Y)"
            numbers = rf"\tfrac{{1}}{{{t.A0.shape[1]}}}\left({self.m(self.A(L))} - {self.m(t.Y)}\right)"
        return [rf"{symbolic} = {numbers} = {self.m(t[L - 1].delta)}"]

    def bp2(self, l):
        W_next = self.old[l][0]
        fp = self.fprime(l)
        symbolic = rf"\Delta^{{{l}}} &= (W^{{{l + 1}}})^T \Delta^{{{l + 1}}}" + (rf" \odot f'(Z^{{{l}}})" if fp is not None else "")
        numbers = rf"{self.m(W_next.T)}\,{self.m(self.s.trace[l].delta)}"
        if fp is not None:
            numbers += rf" \odot {self.m(fp)}"
        return [rf"{symbolic} = {numbers} = {self.m(self.s.trace[l - 1].delta)}"]

    def gradients(self, l):
        layer = self.s.trace[l - 1]
        lines = []
        if layer.db is not None:
            lines.append(rf"\frac{{\partial C}}{{\partial b^{{{l}}}}} &= \Delta^{{{l}}}\mathbf{{1}} = {self.m(layer.db)}")
        lines.append(rf"\frac{{\partial C}}{{\partial W^{{{l}}}}} &= \Delta^{{{l}}} (A^{{{l - 1}}})^T = "
                     rf"{self.m(layer.delta)}\,{self.m(self.A(l - 1).T)} = {self.m(layer.dW)}")
        return lines

    def update(self):
        s, lines = self.s, []
        reg = ((rf" + {number(s.l2, self.digits)}\,W" if s.l2 else "")
               + (rf" + {number(s.l1, self.digits)}\operatorname{{sign}}(W)" if s.l1 else ""))
        rule = {"sgd": r"W - \eta G",
                "momentum": rf"W + V,\ V \leftarrow {number(s.hyper.get('momentum', 0), self.digits)}\,V - \eta G",
                "adam": r"W - \eta \hat M / (\sqrt{\hat V} + \epsilon)"}[s.optimizer]
        lines.append(rf"&\text{{{s.optimizer}, }} \eta = {number(s.lr, self.digits)},\ "
                     rf"G = \frac{{\partial C}}{{\partial W}}{reg}:\quad W \leftarrow {rule}")
        for l in range(1, self.L + 1):
            for kind, i in (("W", 0), ("b", 1)):
                old, g, new = self.old[l - 1][i], self.grads[l - 1][i], self.new[l - 1][i]
                if old is None:
                    continue
                name = f"{kind}^{{{l}}}"
                if s.optimizer == "sgd":
                    lines.append(rf"{name} &\leftarrow {self.m(old)} - {number(s.lr, self.digits)}\,{self.m(g)} = {self.m(new)}")
                else:
                    lines.append(rf"{name} &\leftarrow {self.m(new)} \qquad G = {self.m(g)}")
        return lines

    def phase(self, phase):
        kind, l = phase.kind, phase.layer
        return {"forward": lambda: self.forward(l), "cost": self.cost, "bp1": self.bp1,
                "bp2": lambda: self.bp2(l), "gradients": lambda: self.gradients(l), "update": self.update}[kind]()


def _align(lines):
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def phase_latex(step, phase: Phase, digits=4, max_entries=8):
    """The equations of one phase as an align* block."""
    return _align(_Writer(step, digits, max_entries).phase(phase))


def step_latex(step, digits=4, max_entries=8):
    """Every phase of the step, each an align* block under a comment naming it."""
    writer = _Writer(step, digits, max_entries)
    blocks = [f"% {p.title}\n" + _align(writer.phase(p)) for p in phases(writer.L)]
    return "\n\n".join(blocks)


def document(body):
    """A complete .tex file around `body`: article class and amsmath, nothing else."""
    return PREAMBLE + body + "\n\\end{document}\n"
