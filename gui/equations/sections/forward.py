"""Phase "forward", one layer: Z^l = W^l A^{l−1} + b^l 1^T, A^l = f(Z^l)."""
from ..format import sup

_FEATURE_HTML = {"x1": "x<sub>1</sub>", "x2": "x<sub>2</sub>", "x1^2": "x<sub>1</sub><sup>2</sup>",
                 "x2^2": "x<sub>2</sub><sup>2</sup>", "x1*x2": "x<sub>1</sub>x<sub>2</sub>",
                 "sin(x1)": "sin x<sub>1</sub>", "sin(x2)": "sin x<sub>2</sub>"}


def label_html(name):
    """A feature of core.features as the equations write it."""
    return _FEATURE_HTML.get(name, name)


def forward(p, l):
    t, net = p.t, p.s.network
    n, n_prev, m = net.sizes[l], net.sizes[l - 1], p.m
    has_b = net.bias[l - 1]
    f = p.f(l)
    bias_sym = (f" + {sup('b', l)}" + ("" if p.sample else "1<sup>T</sup>")) if has_b else ""
    symbolic = (f"{p.Z(l)} = {sup('W', l)}{p.A(l - 1)}{bias_sym}, &nbsp; "
                f"{p.A(l)} = {p.fname(l, p.Z(l))}")
    shapes = (f"{p.shp(n, m)} = {p.shp(n, n_prev)}{p.shp(n_prev, m)}"
              + (f" + {p.shp(n, 1)}" if has_b else ""))
    A_prev = t.A0 if l == 1 else t.layers[l - 2].A
    tl = t.layers[l - 1]
    rhs = [p.weight(p.W[l], l, sup("W", l)), p.mat(A_prev, p.A(l - 1))]
    if has_b:
        rhs += [p.op("+"), p.bias(p.b[l], l, sup("b", l))]
    rows = [(p.Z(l), "=", rhs), ("", "=", [p.mat(tl.Z, p.Z(l), entry=("Z", l))])]
    if f == "linear":
        rows.append((p.A(l), "=", [p.op(f"{p.Z(l)} &nbsp;(linear: f(z) = z)"),
                                   p.op("="), p.mat(tl.A, p.A(l), entry=("A", l))]))
    else:
        rows.append((p.A(l), "=", [p.op(p.fname(l, p.Z(l))), p.op("="),
                                   p.mat(tl.A, p.A(l), entry=("A", l))]))
    notes = []
    if l == 1 and p.s.features:  # A⁰ is the feature map of each raw point p = (x₁, x₂)
        phi = ", ".join(label_html(name) for name in p.s.features)
        notes.append(f"A<sup>0</sup> = φ(P)<sup>T</sup>: column i is φ(p) = [{phi}]<sup>T</sup> of the raw "
                     f"point p = (x<sub>1</sub>, x<sub>2</sub>) of sample i, the input features chosen in the "
                     f"diagram." if not p.sample else
                     f"a<sup>0</sup> = φ(p) = [{phi}]<sup>T</sup>: the input features of the first sample's "
                     f"point p = (x<sub>1</sub>, x<sub>2</sub>).")
    elif l == 1:
        notes.append("A<sup>0</sup> = X<sup>T</sup>: the inputs, one column per sample." if not p.sample
                     else "a<sup>0</sup> = x: the first sample's inputs as a column.")
    if has_b and not p.sample and m > 1:
        notes.append(f"b<sup>{l}</sup>1<sup>T</sup>: the bias is added to every column (sample).")
    if f == "softmax":
        notes.append("softmax works per column: a<sub>j</sub> = e<sup>z<sub>j</sub></sup> / "
                     "Σ<sub>r</sub> e<sup>z<sub>r</sub></sup>, so each column sums to 1.")
    body = p.equations(rows) + "".join(p.note(n_) for n_ in notes)
    return p.title(f"Forward, layer {l}", symbolic, shapes) + body
