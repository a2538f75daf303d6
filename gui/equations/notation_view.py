"""The next step in another notation (core/notations.py) as HTML for the equations panel: each
equation's formula, with what moved compared with the column form highlighted (a transpose, the 1/m,
a sum), then its matrix with the same numbers. Pure Python: no Qt."""
from core.notations import NAMES, TITLES, lines

from .format import esc, matrix_atom

INTRO = {
    "column": "Samples are columns: A⁰ = Xᵀ is n₀ × m. Δ is the gradient of the mean cost.",
    "row": "Samples are rows, as PyTorch stores them: X is m × n₀, Z = X Wᵀ + b is m × n (the column "
           "form's Z transposed). nn.Linear.weight is W itself, so W.grad has W's shape and equals ∂C/∂W; "
           "Z.grad (here dZ) is Δᵀ with a mean-reduced loss.",
    "ng": "Samples are columns, as in the column form, but dZ is the gradient of each sample's own loss: "
          "dZ = m·Δ. The 1/m of the mean cost is written in dW and db instead.",
    "index": "Every matrix product written as a sum over an index: j, k neurons, μ the sample. The numbers "
             "are the column form's, entry by entry (δ = Δ).",
}


SECTIONS = {"forward": "Forward pass", "activation": "Forward pass", "BP1": "Backward pass",
            "BP2": "Backward pass", "BP3": "Gradients", "BP4": "Gradients"}


def formula_html(formula, color):
    """«moved» parts highlighted in `color`."""
    out, rest = [], formula
    while "«" in rest:
        before, _, tail = rest.partition("«")
        moved, _, rest = tail.partition("»")
        out.append(esc(before))
        out.append(f'<span style="color:{color}; font-weight:bold">{esc(moved)}</span>')
    out.append(esc(rest))
    return "".join(out)


def render(step, notation, width=80.0, colors=None):
    """HTML of the step in `notation` (one of core.notations.NAMES)."""
    c = {"moved": "#b3261e", "muted": "#6e6e6e", **(colors or {})}
    parts = [f"<h3>{esc(TITLES[notation])}</h3>", f'<p style="color:{c["muted"]}">{esc(INTRO[notation])}</p>']
    if notation != "column":
        parts.append(f'<p style="color:{c["muted"]}">Highlighted: <span style="color:{c["moved"]}; '
                     f'font-weight:bold">what moved</span> compared with the column form.</p>')
    section = None
    for line in lines(step, notation):
        title = SECTIONS[line.equation]
        if title != section:
            parts.append(f"<p><b>{title}</b></p>")
            section = title
        atom = matrix_atom(line.value, esc(line.symbol), digits=step.digits, max_width=width - 4)
        parts.append(f'<p style="margin-bottom:0px">{line.equation}: {formula_html(line.formula, c["moved"])}</p>'
                     f'<table cellspacing="0" cellpadding="0"><tr>{atom.html}</tr></table>')
    return "".join(parts)


__all__ = ["NAMES", "TITLES", "render"]
