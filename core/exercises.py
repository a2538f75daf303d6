"""Fill in the step: blanks in one training step, answers read as people write them, checked to the
precision the equations panel shows, and hints that name the equation and the numbers feeding it.

    step = Step.from_trainer(trainer)          # the next step, not taken
    blanks = pick_blanks(step, seed=0)         # one per equation, in the order of the computation
    check(blanks[0], "−363,54")                # True / False (BadInput for a wrong format)
    hint(step, blanks[0])                      # "BP1: δ¹₀₀ = ∂C/∂a · f'(z) = …"

Entries are named in the column form of DESIGN.md: Z^l, A^l, Δ^l have one column per sample; a
blank's `index` is (row, column) of its matrix, `l` its layer (1..L).
"""
import re
from dataclasses import dataclass

import numpy as np

from . import activations as _activations
from .errors import BadInput
from .precision import num, same_when_shown, step_digits
from .typed_numbers import parse_number

# The equations of a step, in the order of the computation.
EQUATIONS = ("shape", "forward", "activation", "cost_gradient", "BP1", "BP2", "BP3", "BP4", "update")
EQUATION_NAMES = {
    "shape": "the shapes", "forward": "the forward pass Z = W A + b 1ᵀ", "activation": "A = f(Z)",
    "cost_gradient": "the cost's gradient ∇_A C", "BP1": "BP1", "BP2": "BP2", "BP3": "BP3", "BP4": "BP4",
    "update": "the update",
}
MAX_TERMS = 6  # a sum in a hint is written out up to this many terms, then "+ …"

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


# ---- reading an answer --------------------------------------------------------------------------
# One parser of typed numbers (core/typed_numbers.py: −, spaces, a decimal comma); an answer adds a
# fraction (1/3), the other dashes and group marks people type, and a written power of ten.
_GROUPING = re.compile(r"[\u202f\u2009_']")  # 1 000 (narrow spaces), 1'000, 1_000
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})
_TIMES_TEN = re.compile(r"\s*[x×·*]\s*10\s*\^\s*")  # −3.6354×10^2
ANSWER_EXAMPLE = "-363.54, -363,54, 1/3 or -3.6354e2"


def _number(text, original):
    try:
        return parse_number(text)
    except BadInput:
        raise BadInput(f"{original.strip()!r} is not a number: write it like {ANSWER_EXAMPLE}") from None


def parse_answer(text) -> float:
    """A number as a learner types it: `−363.54`, `-363,54`, `1/3`, `-3.6354e2`, ` - 363.54 `.

    Raises BadInput with a message saying what is accepted for anything else (empty, words, two
    numbers, a division by zero)."""
    if not isinstance(text, str):
        raise BadInput(f"an answer is text, got {type(text).__name__}")
    if not text.strip():
        raise BadInput(f"the answer is empty: type a number, e.g. {ANSWER_EXAMPLE}")
    cleaned = _TIMES_TEN.sub("e", _GROUPING.sub("", text.translate(_DASHES)))
    parts = cleaned.split("/")
    if len(parts) > 2:
        raise BadInput(f"{text.strip()!r} is not a number: one fraction at most, like 1/3")
    values = [_number(part, text) for part in parts]
    if len(values) == 1:
        return values[0]
    if values[1] == 0:
        raise BadInput(f"{text.strip()!r} divides by zero")
    return values[0] / values[1]


_SHAPE = re.compile(r"\(?\s*(\d+)\s*(?:[x×,*]|by)\s*(\d+)\s*\)?")


def parse_shape(text):
    """A matrix shape as a learner types it: `4×2`, `4x2`, `(4, 2)`, `4 by 2` → (4, 2)."""
    if not isinstance(text, str) or not text.strip():
        raise BadInput("the answer is empty: type a shape, e.g. 4×2 (rows × columns)")
    match = _SHAPE.fullmatch(text.strip().lower())
    if not match:
        raise BadInput(f"{text.strip()!r} is not a shape: write rows × columns, e.g. 4×2, 4x2 or (4, 2)")
    return int(match.group(1)), int(match.group(2))


# ---- the step -----------------------------------------------------------------------------------
@dataclass
class Step:
    """One step of training, not taken: the trace of its batch, the gradient the optimizer applies and
    the parameters after it. `params`, `grad` and `new_params` are flat, laid out like Network.params."""
    network: object  # a copy of the core.Network before the step
    trace: object  # core.network.StepTrace of the batch
    grad: np.ndarray
    new_params: np.ndarray
    lr: float
    optimizer: str
    l1: float
    l2: float
    number: int  # the step's number: 1 for the first

    @classmethod
    def from_trainer(cls, trainer):
        net = trainer.network
        X, Y = trainer.peek_batch()
        grad = trainer.gradient_for_next_step()
        new_params = trainer.optimizer.preview(net.params, grad)
        return cls(net.copy(), net.trace(X, Y, trainer.loss), grad, new_params, trainer.lr,
                   trainer.optimizer.name, trainer.l1, trainer.l2, trainer.step_count + 1)

    @property
    def L(self):
        return self.network.n_layers

    @property
    def m(self):
        return self.trace.A0.shape[1]

    @property
    def digits(self):
        return step_digits(self.network.sizes, self.m)

    def new_weights(self, l):
        return self.network.split(self.new_params)[l - 1][0]

    def grad_weights(self, l):
        return self.network.split(self.grad)[l - 1][0]

    def cost_gradient(self):
        """∇_A C (n_L, m), or None for the cross-entropy pairs (Δ^L = (A − Y)/m directly)."""
        from .losses import get
        loss = get(self.trace.loss)
        return None if loss.grad is None else loss.grad(self.trace[self.L - 1].A, self.trace.Y)


# ---- blanks ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Blank:
    """One entry (or shape) of the step the learner fills in.

    kind: "shape_W" (value is (rows, cols)), "Z", "A", "grad_A" (∇_A C), "delta", "dW", "db",
    "new_W"; l: the layer 1..L; index: (row, column) in that matrix ((0, 0) for a shape)."""
    kind: str
    l: int
    index: tuple
    equation: str  # one of EQUATIONS
    value: object  # float, or (rows, cols) for a shape
    digits: int

    @property
    def label(self):
        """The entry's name in plain Unicode: Z²₁₀, Δ¹₀₃, ∂C/∂W²₀₁, shape of W²."""
        i, j = self.index
        sup = str(self.l).translate(_SUP)
        sub = f"{i}{j}".translate(_SUB) if max(i, j) < 10 else f"{i},{j}".translate(_SUB)
        return {"shape_W": f"shape of W{sup}", "Z": f"Z{sup}{sub}", "A": f"A{sup}{sub}",
                "grad_A": f"∂C/∂A{sup}{sub}", "delta": f"Δ{sup}{sub}", "dW": f"∂C/∂W{sup}{sub}",
                "db": f"∂C/∂b{sup}{str(i).translate(_SUB)}", "new_W": f"new W{sup}{sub}"}[self.kind]

    def shown(self):
        """The value as the panel shows it: '-363.54', '(4×2)'."""
        if self.kind == "shape_W":
            return f"({self.value[0]}×{self.value[1]})"
        return num(self.value, self.digits)


KINDS = ("shape_W", "Z", "A", "grad_A", "delta", "dW", "db", "new_W")


def blank_at(step, kind, l, index=(0, 0)):
    """The Blank for one entry of the step (e.g. one the learner clicked to blank). BadInput if the
    step has no such entry."""
    if kind not in KINDS:
        raise BadInput(f"unknown kind of entry {kind!r}; choose one of {', '.join(KINDS)}")
    if not (isinstance(l, (int, np.integer)) and 1 <= l <= step.L):
        raise BadInput(f"there is no layer {l}: layers are 1 to {step.L}")
    t, net = step.trace[l - 1], step.network
    i, j = (int(index[0]), int(index[1]))
    if kind == "shape_W":
        return Blank(kind, l, (0, 0), "shape", tuple(net.weights[l - 1].shape), step.digits)
    matrices = {"Z": (t.Z, "forward"), "A": (t.A, "activation"), "delta": (t.delta, "BP1" if l == step.L else "BP2"),
                "dW": (t.dW, "BP4"), "new_W": (step.new_weights(l), "update")}
    if kind == "grad_A":
        g = step.cost_gradient()
        if g is None or l != step.L:
            raise BadInput("∇_A C is only an entry of the output layer, and not of a cross-entropy cost "
                           "(there BP1 gives Δ^L = (A − Y)/m directly)")
        M, eq = g, "cost_gradient"
    elif kind == "db":
        if t.db is None:
            raise BadInput(f"layer {l} has no bias")
        M, eq, j = t.db[:, None], "BP3", 0
    else:
        M, eq = matrices[kind]
    if not (0 <= i < M.shape[0] and 0 <= j < M.shape[1]):
        raise BadInput(f"{kind}{l} has no entry ({i}, {j}): its shape is {M.shape}")
    return Blank(kind, l, (i, j), eq, float(M[i, j]), step.digits)


def pick_blanks(step, seed=0, max_blanks=len(EQUATIONS)):
    """A seeded, sensible mix of blanks: one per equation, following the order of the computation —
    the shape of a W, an entry of Z, of A, of ∇C, of Δ by BP1, of Δ by BP2, of ∂C/∂b, of ∂C/∂W and of
    the new W — each in a layer and at an entry drawn at random (the same seed, the same blanks).
    Equations the step does not have (BP2 with one layer, BP3 without biases, ∇C with a
    cross-entropy) are left out. With max_blanks smaller, BP1 and BP4 (the question's heart) stay."""
    rng = np.random.default_rng(seed)
    L, bias = step.L, step.network.bias
    any_layer = lambda layers: int(rng.choice(layers))  # noqa: E731
    wanted = [("shape_W", any_layer(range(1, L + 1))), ("Z", any_layer(range(1, L + 1))),
              ("A", any_layer(range(1, L + 1)))]
    if step.cost_gradient() is not None:
        wanted.append(("grad_A", L))
    wanted.append(("delta", L))
    if L > 1:
        wanted.append(("delta", any_layer(range(1, L))))
    if any(bias):
        wanted.append(("db", any_layer([l for l in range(1, L + 1) if bias[l - 1]])))
    wanted += [("dW", any_layer(range(1, L + 1))), ("new_W", any_layer(range(1, L + 1)))]
    if len(wanted) > max_blanks:
        keep = {i for i, (k, l) in enumerate(wanted) if k in ("dW",) or (k == "delta" and l == L)}
        rest = [i for i in range(len(wanted)) if i not in keep]
        extra = rng.choice(rest, size=max(max_blanks - len(keep), 0), replace=False)
        wanted = [wanted[i] for i in sorted(keep | {int(e) for e in extra})]
    blanks = []
    for kind, l in wanted:
        rows, cols = _shape_of(step, kind, l)
        blanks.append(blank_at(step, kind, l, (int(rng.integers(rows)), int(rng.integers(cols)))))
    return blanks


def _shape_of(step, kind, l):
    t = step.trace[l - 1]
    return {"shape_W": (1, 1), "Z": t.Z.shape, "A": t.A.shape, "grad_A": t.A.shape, "delta": t.delta.shape,
            "dW": t.dW.shape, "db": (t.delta.shape[0], 1), "new_W": t.dW.shape}[kind]


# ---- checking ------------------------------------------------------------------------------------
def check(blank, text):
    """True when the typed answer is the entry as the panel shows it (same digits once rounded to the
    shown precision): for −363.5412 shown as -363.54, '−363,54' and '-363.541' are right, '-363.5'
    is not. Raises BadInput for text that is not a number (or not a shape, for a shape)."""
    if blank.kind == "shape_W":
        return parse_shape(text) == tuple(blank.value)
    return same_when_shown(parse_answer(text), blank.value, blank.digits)


# ---- hints ----------------------------------------------------------------------------------------
def _p(x, digits):
    """A number ready to be multiplied: negative ones in parentheses."""
    text = num(x, digits)
    return f"({text})" if text.startswith("-") else text


def _sum(terms):
    shown = terms[:MAX_TERMS]
    return " + ".join(shown) + (f" + … ({len(terms)} terms)" if len(terms) > MAX_TERMS else "")


def _sub(*ix):
    text = "".join(str(i) for i in ix) if max(ix) < 10 else ",".join(str(i) for i in ix)
    return text.translate(_SUB)


def _symbol(kind, l, i, j):
    """An entry's name, as Blank.label writes it; also W (the weights before the step)."""
    if kind == "W":
        return f"W{str(l).translate(_SUP)}{_sub(i, j)}"
    return Blank(kind, l, (i, j), "", 0.0, 0).label


def hint(step, blank, open_blanks=()):
    """What a learner needs to compute the entry: the equation's name and the scalar chain rule of
    this one entry with the step's numbers (as the selected-weight view writes it). A number that is
    another still-open blank, or that shows as this blank's own answer (a factor of 1 leaves the
    other factor equal to it), is written as its symbol instead: a hint never gives an answer away."""
    d, l, (i, j) = step.digits, blank.l, blank.index
    net, t = step.network, step.trace
    sup = str(l).translate(_SUP)
    prev = step.trace.A0 if l == 1 else t[l - 2].A
    W, b = net.weights[l - 1], net.biases[l - 1]
    name = blank.label
    still_open = {(o.kind, o.l, tuple(o.index)) for o in open_blanks} - {(blank.kind, blank.l, tuple(blank.index))}
    answer = blank.shown() if blank.kind != "shape_W" else None

    def _q(x, kind, ll, ii, jj):
        """The number x (entry (ii, jj) of `kind` in layer ll) ready to be multiplied, or its symbol."""
        if (kind, ll, (ii, jj)) in still_open or num(x, d) == answer:
            return _symbol(kind, ll, ii, jj) if kind != "fprime" else f"f'(Z{str(ll).translate(_SUP)}{_sub(ii, jj)})"
        return _p(x, d)

    if blank.kind == "shape_W":
        return (f"Shapes: W{sup} has one row per neuron of layer {l} ({net.sizes[l]}) and one column per "
                f"neuron of layer {l - 1} ({net.sizes[l - 1]}), so that W{sup} A{str(l - 1).translate(_SUP)} "
                f"can be multiplied.")
    if blank.kind == "Z":
        terms = [f"{_q(W[i, k], 'W', l, i, k)}·{_q(prev[k, j], 'A', l - 1, k, j)}" for k in range(W.shape[1])]
        bias = f" + {_p(b[i], d)}" if b is not None else ""
        return (f"Forward pass, Z{sup} = W{sup} A{str(l - 1).translate(_SUP)} + b{sup} 1ᵀ: {name} = "
                f"Σₖ W{sup}{_sub(i)}ₖ A{str(l - 1).translate(_SUP)}ₖ{_sub(j)}"
                f"{' + b' + sup + _sub(i) if b is not None else ''} = {_sum(terms)}{bias}")
    if blank.kind == "A":
        f = _activations.get(net.activations[l - 1])
        z = _q(t[l - 1].Z[i, j], "Z", l, i, j)
        return (f"Activation, A{sup} = f(Z{sup}) with f = {f.name} ({f.formula}): {name} = "
                f"{f.name}({z[1:-1] if z.startswith('(') else z})"
                + (" — softmax uses the whole column of Z" if f.name == "softmax" else ""))
    if blank.kind == "grad_A":
        a, y = t[l - 1].A[i, j], t.Y[i, j]
        return (f"The cost's gradient, C = (1/m) Σ (a − y)²: {name} = 2(a − y)/m = "
                f"2·({_q(a, 'A', l, i, j)} − {_p(y, d)})/{step.m}")
    if blank.kind == "delta" and l == step.L:
        a, y, z = t[l - 1].A[i, j], t.Y[i, j], t[l - 1].Z[i, j]
        g = step.cost_gradient()
        if g is None:
            return (f"BP1 (softmax or sigmoid with cross-entropy): Δ{sup} = (A{sup} − Y)/m, so {name} = "
                    f"({_q(a, 'A', l, i, j)} − {_p(y, d)})/{step.m}")
        fp = _activations.get(net.activations[l - 1]).df(np.array([[z]]), np.array([[a]]))[0, 0]
        return (f"BP1: Δ{sup} = ∇_A C ⊙ f'(Z{sup}), so {name} = ∂C/∂A{sup}{_sub(i, j)} · f'(Z{sup}{_sub(i, j)}) "
                f"= {_q(g[i, j], 'grad_A', l, i, j)} · {_q(fp, 'fprime', l, i, j)}")
    if blank.kind == "delta":
        nxt, W_next = t[l].delta, net.weights[l]
        z, a = t[l - 1].Z[i, j], t[l - 1].A[i, j]
        fp = _activations.get(net.activations[l - 1]).df(np.array([[z]]), np.array([[a]]))[0, 0]
        up = str(l + 1).translate(_SUP)
        terms = [f"{_q(W_next[k, i], 'W', l + 1, k, i)}·{_q(nxt[k, j], 'delta', l + 1, k, j)}"
                 for k in range(W_next.shape[0])]
        return (f"BP2: Δ{sup} = ((W{up})ᵀ Δ{up}) ⊙ f'(Z{sup}), so {name} = (Σₖ W{up}ₖ{_sub(i)} Δ{up}ₖ{_sub(j)}) "
                f"· f'(Z{sup}{_sub(i, j)}) = ({_sum(terms)}) · {_q(fp, 'fprime', l, i, j)}")
    if blank.kind == "db":
        terms = [_q(x, "delta", l, i, s) for s, x in enumerate(t[l - 1].delta[i])]
        return f"BP3: ∂C/∂b{sup} = Δ{sup} 1, the sum of row {i} of Δ{sup} over the samples: {name} = {_sum(terms)}"
    if blank.kind == "dW":
        delta = t[l - 1].delta
        terms = [f"{_q(delta[i, s], 'delta', l, i, s)}·{_q(prev[j, s], 'A', l - 1, j, s)}" for s in range(step.m)]
        low = str(l - 1).translate(_SUP)
        return (f"BP4: ∂C/∂W{sup} = Δ{sup} (A{low})ᵀ, so {name} = Σₛ Δ{sup}{_sub(i)}ₛ A{low}{_sub(j)}ₛ "
                f"= {_sum(terms)}")
    # the update
    old, g = W[i, j], step.grad_weights(l)[i, j]
    if step.optimizer == "sgd":
        reg = " (the gradient includes the regularisation term)" if (step.l1 or step.l2) else ""
        return (f"The update, W{sup} ← W{sup} − η ∂C/∂W{sup}: {name} = {num(old, d)} − {num(step.lr, d)}·"
                f"{_q(g, 'dW', l, i, j)}{reg}")
    return (f"The update by {step.optimizer}: {name} = W{sup}{_sub(i, j)} plus the optimizer's step, from "
            f"{num(old, d)} with the gradient {_q(g, 'dW', l, i, j)} and η = {num(step.lr, d)}")


# ---- a score --------------------------------------------------------------------------------------
@dataclass
class Score:
    """Right at the first try, right after a hint, revealed; per equation (for lesson goals)."""
    right_first: int = 0
    right_later: int = 0
    revealed: int = 0
    by_equation: dict = None

    def __post_init__(self):
        if self.by_equation is None:
            self.by_equation = {}

    def answered(self, blank, first_try):
        if first_try:
            self.right_first += 1
        else:
            self.right_later += 1
        self.by_equation[blank.equation] = self.by_equation.get(blank.equation, 0) + 1

    def reveal(self, blank):
        self.revealed += 1

    @property
    def asked(self):
        return self.right_first + self.right_later + self.revealed

    def text(self):
        return (f"{self.right_first + self.right_later} of {self.asked} right"
                f" ({self.right_first} at the first try, {self.revealed} revealed)")


# ---- a quiz on one step ---------------------------------------------------------------------------
OPEN, RIGHT, REVEALED = "open", "right", "revealed"


class Quiz:
    """The blanks of one step and what the learner did with each: typed the right answer (at the
    first try or later), or asked for it to be revealed. The step may be taken when none is open.

    >>> quiz = Quiz(step, pick_blanks(step, seed))
    >>> quiz.answer(0, "−363,54")   # (True, "") or (False, hint); BadInput for a wrong format
    >>> quiz.reveal(1); quiz.done
    """

    def __init__(self, step, blanks, score=None):
        self.step = step
        self.blanks = list(blanks)
        self.state = [OPEN] * len(self.blanks)
        self.tries = [0] * len(self.blanks)
        self.score = score if score is not None else Score()

    def add(self, blank):
        """Blank one more entry (the learner clicked it); returns its position, or the position it has."""
        for i, b in enumerate(self.blanks):
            if (b.kind, b.l, b.index) == (blank.kind, blank.l, blank.index):
                return i
        self.blanks.append(blank)
        self.state.append(OPEN)
        self.tries.append(0)
        return len(self.blanks) - 1

    def answer(self, i, text):
        """(right, hint). A wrong format raises BadInput and does not count as a try."""
        if self.state[i] != OPEN:
            return self.state[i] == RIGHT, ""
        right = check(self.blanks[i], text)
        self.tries[i] += 1
        if right:
            self.state[i] = RIGHT
            self.score.answered(self.blanks[i], first_try=self.tries[i] == 1)
            return True, ""
        still_open = [b for b, s in zip(self.blanks, self.state) if s == OPEN]
        return False, hint(self.step, self.blanks[i], still_open)

    def reveal(self, i):
        """The entry's value as shown; counted as revealed."""
        if self.state[i] == OPEN:
            self.state[i] = REVEALED
            self.score.reveal(self.blanks[i])
        return self.blanks[i].shown()

    @property
    def done(self):
        return all(s != OPEN for s in self.state)

    def hidden(self):
        """(kind, l, index) of the entries still to be hidden in the view: the open ones."""
        return {(b.kind, b.l, b.index) for b, s in zip(self.blanks, self.state) if s == OPEN}
