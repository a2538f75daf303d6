"""Input features: what layer 0 holds, computed from the raw point (x1, x2).

TensorFlow Playground lets a learner feed the network more than the point itself:

    x1, x2          the coordinates
    x1^2, x2^2      their squares
    x1*x2           their product
    sin(x1), sin(x2)

The chosen features, in the order given, are the rows of A⁰: for a batch of m raw points
P (m, 2), A⁰ = φ(P)ᵀ with φ(P) of shape (m, n_0), n_0 = the number of features. Nothing else
in the network changes: W¹ has one column per feature, so a weight file records the feature
list to be usable (column k of W¹ multiplies feature k).
"""
import numpy as np

from .errors import BadInput

# name -> (formula on the raw points P (m, 2), the way the window writes it)
FEATURES = {
    "x1": (lambda P: P[:, 0], "x₁"),
    "x2": (lambda P: P[:, 1], "x₂"),
    "x1^2": (lambda P: P[:, 0] ** 2, "x₁²"),
    "x2^2": (lambda P: P[:, 1] ** 2, "x₂²"),
    "x1*x2": (lambda P: P[:, 0] * P[:, 1], "x₁x₂"),
    "sin(x1)": (lambda P: np.sin(P[:, 0]), "sin x₁"),
    "sin(x2)": (lambda P: np.sin(P[:, 1]), "sin x₂"),
}
NAMES = tuple(FEATURES)
RAW = ("x1", "x2")  # the point itself: no map at all
# other spellings a user may type (the CLI's --features x1,x2,x1^2,x1x2,sinx1)
_ALIASES = {"x1²": "x1^2", "x2²": "x2^2", "x1x2": "x1*x2", "x1·x2": "x1*x2", "x1 x2": "x1*x2",
            "sin x1": "sin(x1)", "sinx1": "sin(x1)", "sin x2": "sin(x2)", "sinx2": "sin(x2)",
            "x₁": "x1", "x₂": "x2", "x₁²": "x1^2", "x₂²": "x2^2", "x₁x₂": "x1*x2", "sin x₁": "sin(x1)",
            "sin x₂": "sin(x2)"}


def canonical(name):
    """The feature's name as NAMES spells it, or BadInput."""
    if not isinstance(name, str):
        raise BadInput(f"a feature must be a name such as 'x1^2', got {type(name).__name__}")
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in FEATURES:
        raise BadInput(f"unknown input feature {name!r}; choose from {', '.join(NAMES)}")
    return key


def check(names):
    """A tuple of distinct known features (at least one), in the order given."""
    if isinstance(names, str):
        names = [part for part in names.split(",") if part.strip()]
    if not isinstance(names, (list, tuple)):
        raise BadInput("the input features must be a list of names such as ['x1', 'x2', 'x1^2']")
    out = tuple(canonical(n) for n in names)
    if not out:
        raise BadInput("choose at least one input feature")
    if len(set(out)) != len(out):
        raise BadInput("an input feature is named twice")
    return out


def is_raw(names):
    return tuple(names) == RAW


def label(name):
    """How the window writes a feature: x₁², sin x₁, ..."""
    return FEATURES[canonical(name)][1]


def apply(names, P):
    """φ(P): the features of raw points P (m, 2), one column per feature, shape (m, len(names))."""
    P = np.asarray(P, dtype=float)
    if P.ndim != 2 or P.shape[1] != 2:
        raise BadInput(f"input features are made from points (x1, x2); these have shape {P.shape}")
    return np.column_stack([FEATURES[n][0](P) for n in check(names)]) if len(P) else np.zeros((0, len(names)))
