"""The equations of one training step as lines of code, written once for every language.

Each language module gives a `Dialect`: how it writes a matrix product, a transpose, an
elementwise product, a column sum, and each activation and its derivative. The lines use the
equation panel's names — Z1, A1, D2 for Δ², dW1 for ∂C/∂W¹, db1 for ∂C/∂b¹ — one equation a line,
commented with the equation it is (BP1–BP4). The arithmetic is written in the order the app's
training step does it (e.g. (A − Y)·(2/m) for the mean cost's factor), so that a script and the
app agree to the last bits or nearly.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Dialect:
    comment: str                 # "#" or "%"
    end: str                     # "" or ";"
    matmul: str                  # "{a} @ {b}" or "{a} * {b}"
    transpose: str               # "{a}.T" or "{a}'"
    times: str                   # elementwise product: "*" or ".*"
    square: str                  # "{a}**2" or "{a}.^2"
    column_sum: str              # Δ^l 1: "{a}.sum(axis=1, keepdims=True)"
    total: str                   # the sum of every entry: "np.sum({a})"
    sign: str                    # "np.sign({a})"
    sqrt: str                    # "np.sqrt({a})"
    f: dict = field(default_factory=dict)       # activation → lines "{A} = ...({Z})" (softmax: 2 lines, {E})
    fprime: dict = field(default_factory=dict)  # activation → expression of f'(Z^l) from {Z} and {A}
    divide: str = "/"            # elementwise division: "/" or "./"
    power: str = "**"            # scalar power: "**" or "^"
    softplus: str = ""           # log(1 + e^x), stable, of "{a}"
    log: str = ""                # "np.log({a})"


# What each line says, for the comments
FORWARD = "Z^{l} = W^{l} A^{p} + b^{l} 1^T"
FORWARD_NO_BIAS = "Z^{l} = W^{l} A^{p}"


def forward(d, sizes, activations, bias):
    """Z^l and A^l for l = 1..L."""
    lines = []
    for l in range(1, len(sizes)):
        product = d.matmul.format(a=f"W{l}", b=f"A{l - 1}")
        z = f"{product} + b{l}" if bias[l - 1] else product
        lines.append(f"Z{l} = {z}{d.end}".ljust(40) + f"{d.comment} ({sizes[l]}, m)  "
                     + (FORWARD if bias[l - 1] else FORWARD_NO_BIAS).format(l=l, p=l - 1))
        name = activations[l - 1]
        for i, line in enumerate(d.f[name]):
            text = line.format(A=f"A{l}", Z=f"Z{l}", E=f"E{l}") + d.end
            note = f"A^{l} = {name}(Z^{l})" if i == len(d.f[name]) - 1 else "softmax, one column at a time"
            lines.append(text.ljust(40) + f"{d.comment} {note}")
    return lines


def cost(d, loss, L):
    """C, the mean cost of the batch (m samples)."""
    A, Z = f"A{L}", f"Z{L}"
    if loss == "mse":
        body = d.total.format(a=d.square.format(a=f"({A} - Y)"))
        note = "C = (1/m) Σ (a − y)²"
    elif loss == "cross_entropy":
        body = "-" + d.total.format(a=f"Y {d.times} {d.log.format(a=A)}")
        note = "C = −(1/m) Σ y log a"
    else:  # binary cross-entropy, from Z: −log σ(z) = softplus(−z), −log(1 − σ(z)) = softplus(z)
        body = d.total.format(a=f"Y {d.times} {d.softplus.format(a='-' + Z)} + (1 - Y) {d.times} "
                                f"{d.softplus.format(a=Z)}")
        note = "C = −(1/m) Σ [y log a + (1 − y) log(1 − a)], written stably from Z"
    return [f"C = {body} / m{d.end}".ljust(40) + f"{d.comment} {note}"]


def _fprime(d, name, l):
    expr = d.fprime.get(name)
    return None if expr is None else expr.format(Z=f"Z{l}", A=f"A{l}")


def backward(d, sizes, activations, bias, loss):
    """BP1–BP4: Δ^L, then Δ^l for l = L−1..1, then ∂C/∂b^l and ∂C/∂W^l."""
    L = len(sizes) - 1
    lines = []
    if loss == "mse":
        first = f"(A{L} - Y) {d.times} (2 / m)"
        fp = _fprime(d, activations[-1], L)
        note = f"BP1: Δ^{L} = ∇_A C ⊙ f'(Z^{L}), ∇_A C = 2(A − Y)/m"
        if fp is not None:
            first = f"{first} {d.times} {fp}"
        else:
            note += "; f' = 1"
    else:
        first = f"(A{L} - Y) {d.times} (1 / m)"
        note = f"BP1: Δ^{L} = (A^{L} − Y)/m ({activations[-1]} output with the cross-entropy)"
    lines.append(f"D{L} = {first}{d.end}".ljust(40) + f"{d.comment} {note}")
    for l in range(L - 1, 0, -1):
        back = d.matmul.format(a=d.transpose.format(a=f"W{l + 1}"), b=f"D{l + 1}")
        fp = _fprime(d, activations[l - 1], l)
        expr = f"({back}) {d.times} {fp}" if fp is not None else back
        lines.append(f"D{l} = {expr}{d.end}".ljust(40)
                     + f"{d.comment} BP2: Δ^{l} = (W^{l + 1})^T Δ^{l + 1} ⊙ f'(Z^{l})" + ("" if fp else "; f' = 1"))
    for l in range(1, L + 1):
        if bias[l - 1]:
            lines.append(f"db{l} = {d.column_sum.format(a=f'D{l}')}{d.end}".ljust(40)
                         + f"{d.comment} BP3: ∂C/∂b^{l} = Δ^{l} 1")
        lines.append(f"dW{l} = {d.matmul.format(a=f'D{l}', b=d.transpose.format(a=f'A{l - 1}'))}{d.end}".ljust(40)
                     + f"{d.comment} BP4: ∂C/∂W^{l} = Δ^{l} (A^{l - 1})^T")
    return lines


def regularise(d, L, l1, l2):
    """L2 adds l2·W, L1 adds l1·sign(W) to ∂C/∂W (weights only, as the app does)."""
    if not (l1 or l2):
        return []
    lines = [f"{d.comment} regularisation: the gradient of (l2/2) Σ W² + l1 Σ |W| (weights only, not biases)"]
    for l in range(1, L + 1):
        terms = ([f"l2 {d.times} W{l}"] if l2 else []) + ([f"l1 {d.times} {d.sign.format(a=f'W{l}')}"] if l1 else [])
        lines.append(f"dW{l} = dW{l} + {' + '.join(terms)}{d.end}")
    return lines


def parameters(bias, L):
    """(name, gradient name) of every parameter matrix, in the app's order."""
    out = []
    for l in range(1, L + 1):
        out.append((f"W{l}", f"dW{l}"))
        if bias[l - 1]:
            out.append((f"b{l}", f"db{l}"))
    return out


def update(d, optimizer, bias, L):
    """The optimizer's update of every W^l and b^l."""
    name, lines = optimizer["name"], []
    params = parameters(bias, L)
    if name == "sgd":
        lines.append(f"{d.comment} update: W ← W − η ∂C/∂W")
        lines += [f"{p} = {p} - lr {d.times} {g}{d.end}" for p, g in params]
    elif name == "momentum":
        lines.append(f"{d.comment} update (momentum): V ← μV − η ∂C/∂W;  W ← W + V")
        for p, g in params:
            lines.append(f"V{p} = mu {d.times} V{p} - lr {d.times} {g}{d.end}")
            lines.append(f"{p} = {p} + V{p}{d.end}")
    else:
        lines += [f"{d.comment} update (Adam): M ← β₁M + (1−β₁)G;  V ← β₂V + (1−β₂)G²;  W ← W − η M̂/(√V̂ + ε)",
                  f"{d.comment} with M̂ = M/(1−β₁ᵗ) and V̂ = V/(1−β₂ᵗ): the two corrections as two numbers",
                  f"t = t + 1{d.end}",
                  f"c1 = lr / (1 - beta1{d.power}t){d.end}",
                  f"c2 = 1 / {d.sqrt.format(a=f'1 - beta2{d.power}t')}{d.end}"]
        for p, g in params:
            lines.append(f"M{p} = beta1 {d.times} M{p} + (1 - beta1) {d.times} {g}{d.end}")
            lines.append(f"V{p} = beta2 {d.times} V{p} + (1 - beta2) {d.times} {d.square.format(a=g)}{d.end}")
            lines.append(f"{p} = {p} - M{p} {d.divide} ({d.sqrt.format(a=f'V{p}')} {d.times} c2 + eps) "
                         f"{d.times} c1{d.end}")
    return lines


def optimizer_state(optimizer, bias, L, zeros):
    """The optimizer's state, starting at zero: `zeros` is e.g. "np.zeros_like({a})"."""
    name = optimizer["name"]
    if name == "sgd":
        return []
    letters = "V" if name == "momentum" else "MV"
    return [f"{x}{p} = {zeros.format(a=p)}" for p, _ in parameters(bias, L) for x in letters]
