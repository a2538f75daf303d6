"""How the textbook's symbols are written: one place, in plain text and in HTML.

The notation is docs/design.md's ("Notation"): layer l = 0..L, W^l of shape (n_l × n_{l−1}), row j
of layer l and column k of layer l − 1, a batch of m samples as columns. Indices count from 0 (as
in NumPy and PyTorch), layers from 1 (layer 0 is the input).

Plain text uses Unicode super- and subscripts (W¹₂₁, δ²₀), for labels, tooltips and the terminal;
HTML uses <sup> and <sub> (W<sup>1</sup><sub>21</sub>), for the equations. Two indices are run
together while both are single digits (W¹₂₁) and separated by a comma once one reaches 10 (W¹₁₀,₃).

    notation.parameter("W", 1, 2, 1)            'W¹₂₁'
    notation.parameter("W", 1, 2, 1, html=True) 'W<sup>1</sup><sub>21</sub>'
    notation.entry("δ", 2, 0)                   'δ²₀'
    notation.matrix("Z", 3)                     'Z³'
    notation.shape(4, 10)                       '(4×10)'

Descriptions of activations, costs and optimizers (the name a learner sees, the formula) use the
`Description` record below; each module describes its own (see e.g. core.optimizers.describe).
"""
from dataclasses import dataclass

TIMES = "×"
MINUS = "−"  # the typographic minus the equations print (core.typed_numbers reads it back)
_SUP = str.maketrans("0123456789-−lLT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻ˡᴸᵀ")
_SUB = str.maketrans("0123456789-−jklmn", "₀₁₂₃₄₅₆₇₈₉₋₋ⱼₖₗₘₙ")


def sup(text):
    """Digits (and l, L, T) as superscripts (plain text): the layer of W¹, a², δᴸ."""
    return str(text).translate(_SUP)


def sub(text):
    """Digits (and j, k, l, m, n) as subscripts (plain text): the neuron of a²₃, aˡⱼ."""
    return str(text).translate(_SUB)


def indices(*numbers):
    """Neuron indices as one subscript: '21' while all are single digits, else '10,3'."""
    return ("" if all(0 <= n < 10 for n in numbers) else ",").join(str(n) for n in numbers)


def matrix(symbol, l, html=False):
    """A layer's matrix or vector: W¹, Z³, Δ², b¹ (W<sup>1</sup> in HTML)."""
    return f"{symbol}<sup>{l}</sup>" if html else f"{symbol}{sup(l)}"


def entry(symbol, l, *idx, html=False):
    """One entry of a layer's matrix: W¹₂₁, b²₃, δ²₀, a¹ⱼ... (symbol, layer, then its indices)."""
    if not idx:
        return matrix(symbol, l, html)
    subscript = indices(*idx) if all(isinstance(i, int) for i in idx) else "".join(str(i) for i in idx)
    if html:
        return f"{symbol}<sup>{l}</sup><sub>{subscript}</sub>"
    return f"{symbol}{sup(l)}{sub(subscript)}"


def parameter(kind, l, j, k=0, html=False, scalar=False):
    """The name of a weight W^l_jk (kind 'W') or a bias b^l_j (kind 'b'). `scalar`: the layer's only
    entry (the question's 1×1 network), written W¹ without indices."""
    if kind not in ("W", "b"):
        raise ValueError(f"a parameter is a weight 'W' or a bias 'b', not {kind!r}")
    if scalar:
        return matrix(kind, l, html)
    return entry(kind, l, j, k, html=html) if kind == "W" else entry(kind, l, j, html=html)


def ascii_parameter(kind, l, j, k=0):
    """The same name in ASCII for code and terminals that cannot show sub/superscripts: W^2_01, b^1_3."""
    return f"{kind}^{l}_{indices(j, k) if kind == 'W' else j}"


def shape(rows, cols=None):
    """A shape as the equations write it under a matrix: (4×10), so (4×2)(2×10) reads as a product;
    a vector's (4)."""
    return f"({rows})" if cols is None else f"({rows}{TIMES}{cols})"


def layer_shape(l, batch=True, html=False):
    """A layer's shape in symbols: (nₗ×m) for its Z, A, Δ; (nₗ×nₗ₋₁) for W^l (batch=False).
    `l` is a layer number or the letter 'l'."""
    prev = l - 1 if isinstance(l, int) else f"{l}{MINUS}1"
    n = (lambda i: f"n<sub>{i}</sub>") if html else (lambda i: f"n{sub(i)}")
    return shape(n(l), "m" if batch else n(prev))


@dataclass(frozen=True)
class Description:
    """How one activation, cost or optimizer presents itself to a learner.

    name           the key used in code, files and the command line ("cross_entropy")
    label          what the window and the CLI show ("cross-entropy"); never the key
    formula        the definition, plain text (activation: f(z); cost: C = ...; optimizer: the update)
    formula_html   the same, HTML
    derivative     activation: f′(z); cost: what BP1 starts from (∇_A C, or Δ^L when f′ cancels);
                   optimizer: "" (an update has no derivative)
    derivative_html  the same, HTML
    settings       optimizer: ((key, label), ...) of its settings besides η, e.g. (("momentum", "μ"),)
    """
    name: str
    label: str
    formula: str
    formula_html: str
    derivative: str = ""
    derivative_html: str = ""
    settings: tuple = ()
