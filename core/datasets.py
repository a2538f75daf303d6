"""Data sets: built-in generators (seeded) and the Dataset record they produce.

A Dataset holds samples as rows, like a spreadsheet: X (m, n_0), Y (m, n_L).
`source` says how to make it again (a generator and its parameters, or the
rows of an imported CSV), which is what a session file stores.

Label encodings for classification, chosen to match the output layer:
    "pm1"     one output, −1 / +1      (tanh output, mse: TensorFlow Playground's choice)
    "01"      one output, 0 / 1        (sigmoid output, binary cross-entropy)
    "onehot"  one output per class     (softmax output, cross-entropy)
"""
from dataclasses import dataclass, field

import numpy as np

from .errors import BadInput

MAX_SAMPLES = 100_000
LABELS = ("pm1", "01", "onehot")


@dataclass
class Dataset:
    name: str
    task: str  # "regression", "binary" or "multiclass": decides how the data is drawn
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    source: dict = field(default_factory=dict)
    input_names: tuple = ()
    output_names: tuple = ()

    @property
    def n_inputs(self):
        return self.X_train.shape[1]

    @property
    def n_outputs(self):
        return self.Y_train.shape[1]


# ---- generators: (n, noise, rng) -> (X (n, d), labels or targets) -----------------------------
# Coordinates follow TensorFlow Playground (a disc of radius ~6) so its learning rates carry over.

def _circle(n, noise, rng):
    r_max = 5.0
    inner = n // 2
    r = np.concatenate([rng.uniform(0, 0.5 * r_max, inner), rng.uniform(0.7 * r_max, r_max, n - inner)])
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    labels = (np.arange(n) < inner).astype(int)  # 1 inside, 0 on the ring
    return X + noise * rng.uniform(-r_max, r_max, X.shape), labels


def _xor(n, noise, rng):
    X = rng.uniform(-5, 5, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)  # keep points off the axes, as Playground does
    labels = (X[:, 0] * X[:, 1] > 0).astype(int)
    return X + noise * rng.uniform(-5, 5, X.shape), labels


def _spiral(n, noise, rng):
    half = n // 2
    labels = (np.arange(n) >= half).astype(int)
    t = np.concatenate([np.linspace(0, 1, half, endpoint=False), np.linspace(0, 1, n - half, endpoint=False)])
    r = 5 * t
    angle = 1.75 * t * 2 * np.pi + np.pi * labels
    X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    return X + noise * rng.uniform(-1, 1, X.shape), labels


def _gaussians(n, noise, rng):
    centres = np.array([[2.0, 2.0], [-2.0, 2.0], [0.0, -2.5]])
    labels = np.arange(n) % len(centres)
    X = centres[labels] + rng.normal(0, 0.5 + 2.0 * noise, (n, 2))
    return X, labels


def _moons(n, noise, rng):
    half = n // 2
    labels = (np.arange(n) >= half).astype(int)
    t = rng.uniform(0, np.pi, n)
    X = np.where(labels[:, None] == 0,
                 np.column_stack([np.cos(t), np.sin(t)]),
                 np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)]))
    X = 2.5 * (X - [0.5, 0.25])  # centre on the origin, in Playground's coordinates
    return X + rng.normal(0, 0.25 + noise, X.shape), labels


def _sine(n, noise, rng):
    x = rng.uniform(-np.pi, np.pi, n)
    return x[:, None], np.sin(x) + noise * rng.normal(0, 1, n)


GENERATORS = {
    "circle": (_circle, "binary"), "xor": (_xor, "binary"), "spiral": (_spiral, "binary"),
    "gaussians": (_gaussians, "multiclass"), "moons": (_moons, "binary"), "sine": (_sine, "regression"),
}
NAMES = tuple(GENERATORS) + ("points",)


def encode_labels(labels, encoding, n_classes):
    if n_classes > 2 and encoding != "onehot":
        raise BadInput(f"{n_classes} classes need one output each (labels 'onehot'), not {encoding!r}")
    if encoding == "pm1":
        return np.where(labels > 0, 1.0, -1.0)[:, None]
    if encoding == "01":
        return (labels > 0).astype(float)[:, None]
    if encoding == "onehot":
        return np.eye(n_classes)[labels]
    raise BadInput(f"unknown label encoding {encoding!r}; choose one of {', '.join(LABELS)}")


def split(X, Y, test_fraction, rng):
    """Shuffle once (seeded) and split off the last `test_fraction` of the samples as the test set."""
    order = rng.permutation(len(X))
    n_test = int(round(len(X) * test_fraction))
    train, test = order[:len(X) - n_test], order[len(X) - n_test:]
    return X[train], Y[train], X[test], Y[test]


def generate(generator, samples=200, noise=0.0, test_fraction=0.5, seed=0, labels="pm1"):
    """A Dataset from a built-in generator; the same arguments always give the same data."""
    if not isinstance(generator, str) or generator not in GENERATORS:
        raise BadInput(f"unknown data set {generator!r}; choose one of {', '.join(GENERATORS)}")
    if not isinstance(labels, str) or labels not in LABELS:
        raise BadInput(f"unknown label encoding {labels!r}; choose one of {', '.join(LABELS)}")
    samples = check_int("samples", samples, 2, MAX_SAMPLES)
    noise = check_float("noise", noise, 0.0, 2.0)
    test_fraction = check_float("test_fraction", test_fraction, 0.0, 0.9)
    seed = check_int("seed", seed, 0, 2**63 - 1)
    make, task = GENERATORS[generator]
    rng = np.random.default_rng(seed)
    X, target = make(samples, noise, rng)
    if task == "regression":
        Y = target[:, None]
        out_names = ("y",)
    else:
        n_classes = int(target.max()) + 1
        Y = encode_labels(target, labels, n_classes)
        out_names = tuple(f"class {c}" for c in range(Y.shape[1])) if Y.shape[1] > 1 else ("label",)
    source = {"generator": generator, "samples": samples, "noise": noise,
              "test_fraction": test_fraction, "seed": seed, "labels": labels}
    in_names = ("x",) if X.shape[1] == 1 else ("x1", "x2")
    return Dataset(generator, task, *split(X, Y, test_fraction, rng), source, in_names, out_names)


def points(X, Y, X_test=None, Y_test=None, name="points"):
    """A Dataset from explicit samples (rows), e.g. the seed's single sample a = 5.7, y = 50.1."""
    X, Y = as_matrix(X, "X"), as_matrix(Y, "Y")
    if len(X) != len(Y):
        raise BadInput(f"X has {len(X)} samples but Y has {len(Y)}")
    if X_test is None:
        X_test, Y_test = np.zeros((0, X.shape[1])), np.zeros((0, Y.shape[1]))
    X_test, Y_test = as_matrix(X_test, "X_test", X.shape[1]), as_matrix(Y_test, "Y_test", Y.shape[1])
    if len(X_test) != len(Y_test):
        raise BadInput(f"X_test has {len(X_test)} samples but Y_test has {len(Y_test)}")
    source = {"generator": "points", "X": X.tolist(), "Y": Y.tolist(),
              "X_test": X_test.tolist(), "Y_test": Y_test.tolist()}
    return Dataset(name, "regression", X, Y, X_test, Y_test, source,
                   tuple(f"x{i + 1}" for i in range(X.shape[1])), tuple(f"y{i + 1}" for i in range(Y.shape[1])))


# ---- checks shared with the CSV and file readers ----------------------------------------------

def as_matrix(value, what, n_columns=None):
    if isinstance(value, np.ndarray) and value.dtype == object:
        raise BadInput(f"{what} must be numbers")
    if isinstance(value, (str, bytes, dict)):
        raise BadInput(f"{what} must be a table of numbers (a list of rows)")
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise BadInput(f"{what} must be a table of numbers (a list of rows)") from None
    if arr.ndim == 1 and n_columns is not None and arr.size == 0:
        arr = arr.reshape(0, n_columns)
    if arr.ndim != 2:
        raise BadInput(f"{what} must be a table of numbers (a list of rows), got {arr.ndim} dimensions")
    if n_columns is not None and arr.shape[1] != n_columns:
        raise BadInput(f"{what} must have {n_columns} columns, got {arr.shape[1]}")
    if arr.shape[0] > MAX_SAMPLES:
        raise BadInput(f"{what} has {arr.shape[0]:,} rows; the limit is {MAX_SAMPLES:,}")
    if not np.all(np.isfinite(arr)):
        raise BadInput(f"{what} holds a value that is not a finite number")
    return arr


def check_int(what, value, low, high):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise BadInput(f"{what} must be a whole number, got {_short(value)}")
    if not low <= value <= high:
        raise BadInput(f"{what} must be between {low} and {high}, got {_short(value)}")
    return int(value)


def _short(value, limit=40):
    """repr(value), shortened for a message (a file may hold a 4000-digit number)."""
    try:
        text = repr(value)
    except ValueError:  # an int too long to print
        return "a number far too large"
    return text if len(text) <= limit else text[:limit] + "…"


def check_float(what, value, low, high):
    if isinstance(value, bool):
        raise BadInput(f"{what} must be a number, got {value!r}")
    try:
        value = float(value)
    except (TypeError, ValueError, OverflowError):
        raise BadInput(f"{what} must be a number, got {_short(value)}") from None
    if not low <= value <= high:  # also false for NaN
        raise BadInput(f"{what} must be between {low} and {high}, got {value}")
    return value
