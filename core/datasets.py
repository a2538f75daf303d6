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
    # With input features (core/features.py), X holds the features and these the raw points (x1, x2);
    # without, they are None and X is the points themselves.
    X_train_raw: np.ndarray = None
    X_test_raw: np.ndarray = None
    features: tuple = ()

    @property
    def raw_train(self):
        """The training points as drawn (m, 2 for 2-D data), whatever features the network is fed."""
        return self.X_train if self.X_train_raw is None else self.X_train_raw

    @property
    def raw_test(self):
        return self.X_test if self.X_test_raw is None else self.X_test_raw

    @property
    def n_raw_inputs(self):
        return self.raw_train.shape[1]

    def inputs_for(self, points):
        """A⁰ as rows for raw points (m, n_raw): the features of each point, or the points themselves."""
        if not self.features:
            return np.asarray(points, dtype=float)
        from .features import apply
        return apply(self.features, points)

    @property
    def n_inputs(self):
        return self.X_train.shape[1]

    @property
    def n_outputs(self):
        return self.Y_train.shape[1]


# ---- generators: (n, noise, rng) -> (X (n, 2), class labels 0/1/2 or regression targets) -------
# TensorFlow Playground's six problems, as its src/dataset.ts defines them. Binary labels are
# returned as 1 (Playground's +1) and 0 (its −1); encode_labels turns them into ±1, 0/1 or one-hot.
# Noise is Playground's slider / 100, 0 to 0.5. For circle, xor, plane and multi-gaussian it keeps
# the point where it is and computes its label from the point shifted by noise·U(−r, r) in each
# coordinate: labels flip near the boundary. For two-gaussians and spiral the point itself moves.
# Playground draws numSamples/2 points per class; here an odd count gives the second class one more.

def _circle(n, noise, rng):
    """+1 drawn at radius U(0, 2.5), −1 at U(3.5, 5); label: +1 when the shifted point is within 2.5."""
    radius, inner = 5.0, n // 2
    r = np.concatenate([rng.uniform(0, 0.5 * radius, inner), rng.uniform(0.7 * radius, radius, n - inner)])
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    shifted = X + noise * rng.uniform(-radius, radius, X.shape)
    return X, (np.hypot(shifted[:, 0], shifted[:, 1]) < 0.5 * radius).astype(int)


def _xor(n, noise, rng):
    """U(−5, 5)², pushed 0.3 away from the axes; label: +1 when x1·x2 ≥ 0 for the shifted point."""
    X = rng.uniform(-5, 5, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)
    shifted = X + noise * rng.uniform(-5, 5, X.shape)
    return X, (shifted[:, 0] * shifted[:, 1] >= 0).astype(int)


def _two_gaussians(n, noise, rng):
    """+1 around (2, 2), −1 around (−2, −2); the variance grows from 0.5 (noise 0) to 4 (noise 0.5)."""
    variance = 0.5 + (4 - 0.5) * noise / 0.5
    half = n // 2
    labels = (np.arange(n) < half).astype(int)
    centres = np.where(labels[:, None] == 1, 2.0, -2.0)
    return centres + rng.normal(0, np.sqrt(variance), (n, 2)), labels


def _spiral(n, noise, rng):
    """Two arms r = 5i/k, t = 1.75·2π·i/k (+π for the second), i = 0..k−1; the first arm is +1.
    Noise moves each point by noise·U(−1, 1) per coordinate."""
    parts = []
    for count, delta, label in ((n // 2, 0.0, 1), (n - n // 2, np.pi, 0)):
        i = np.arange(count)
        r = 5 * i / count
        t = 1.75 * i / count * 2 * np.pi + delta
        parts.append((np.column_stack([r * np.sin(t), r * np.cos(t)]), np.full(count, label)))
    X = np.vstack([p[0] for p in parts])
    return X + noise * rng.uniform(-1, 1, X.shape), np.concatenate([p[1] for p in parts])


def _plane(n, noise, rng):
    """U(−6, 6)²; target (x1 + x2)/10 of the shifted point (about −1.2 to 1.2)."""
    X = rng.uniform(-6, 6, (n, 2))
    shifted = X + noise * rng.uniform(-6, 6, X.shape)
    return X, (shifted[:, 0] + shifted[:, 1]) / 10


MULTI_GAUSSIAN_BUMPS = ((-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1))


def multi_gaussian_target(P):
    """Of the six signed bumps sign·clamp(1 − d/2, 0, 1) (d: distance to the bump's centre), the
    one largest in size (the first of equals); 0 far from all of them."""
    values = np.stack([sign * np.clip(1 - np.hypot(P[:, 0] - cx, P[:, 1] - cy) / 2, 0, 1)
                       for cx, cy, sign in MULTI_GAUSSIAN_BUMPS], axis=1)
    return values[np.arange(len(P)), np.argmax(np.abs(values), axis=1)]


def _multi_gaussian(n, noise, rng):
    """U(−6, 6)²; target multi_gaussian_target of the shifted point."""
    X = rng.uniform(-6, 6, (n, 2))
    return X, multi_gaussian_target(X + noise * rng.uniform(-6, 6, X.shape))


# The app's own problems (not Playground's), with their own meaning of noise (0 to 0.5):

def _gaussians(n, noise, rng):
    """Three classes around (2, 2), (−2, 2), (0, −2.5); the standard deviation is 0.5 + 2·noise."""
    centres = np.array([[2.0, 2.0], [-2.0, 2.0], [0.0, -2.5]])
    labels = np.arange(n) % len(centres)
    X = centres[labels] + rng.normal(0, 0.5 + 2.0 * noise, (n, 2))
    return X, labels


def _moons(n, noise, rng):
    """Two interleaved half-moons (scaled by 2.5); Gaussian jitter of standard deviation 0.25 + noise."""
    half = n // 2
    labels = (np.arange(n) >= half).astype(int)
    t = rng.uniform(0, np.pi, n)
    X = np.where(labels[:, None] == 0,
                 np.column_stack([np.cos(t), np.sin(t)]),
                 np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)]))
    X = 2.5 * (X - [0.5, 0.25])  # centre on the origin, in Playground's coordinates
    return X + rng.normal(0, 0.25 + noise, X.shape), labels


def _sine(n, noise, rng):
    """1-D regression: x ~ U(−π, π), y = sin x + noise·N(0, 1)."""
    x = rng.uniform(-np.pi, np.pi, n)
    return x[:, None], np.sin(x) + noise * rng.normal(0, 1, n)


GENERATORS = {
    "circle": (_circle, "binary"), "xor": (_xor, "binary"), "two-gaussians": (_two_gaussians, "binary"),
    "spiral": (_spiral, "binary"), "plane": (_plane, "regression"), "multi-gaussian": (_multi_gaussian, "regression"),
    "gaussians": (_gaussians, "multiclass"), "moons": (_moons, "binary"), "sine": (_sine, "regression"),
}
ONE_DIMENSIONAL = ("sine",)  # the rest are points (x1, x2) on the plane
PLAYGROUND = ("circle", "xor", "two-gaussians", "spiral", "plane", "multi-gaussian")
MAX_NOISE = 0.5  # Playground's slider, 0 to 50 %
NAMES = tuple(GENERATORS) + ("points", "drawn")


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


def generate(generator, samples=200, noise=0.0, test_fraction=0.5, seed=0, labels="pm1", features=None):
    """A Dataset from a built-in generator; the same arguments always give the same data.

    generator: one of GENERATORS (Playground's six: PLAYGROUND); noise 0 to MAX_NOISE (0.5, i.e.
    Playground's 50 %); labels: how classes are encoded (see LABELS; ignored for regression);
    features: input features for 2-D data (core/features.py), default the point itself."""
    if not isinstance(generator, str) or generator not in GENERATORS:
        raise BadInput(f"unknown data set {generator!r}; choose one of {', '.join(GENERATORS)}")
    if not isinstance(labels, str) or labels not in LABELS:
        raise BadInput(f"unknown label encoding {labels!r}; choose one of {', '.join(LABELS)}")
    samples = check_int("samples", samples, 2, MAX_SAMPLES)
    noise = check_float("noise", noise, 0.0, MAX_NOISE)
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
    return with_features(Dataset(generator, task, *split(X, Y, test_fraction, rng), source, in_names, out_names),
                         features)


DRAWN_TASKS = ("binary", "regression")


def drawn(points, values, task="binary", labels="pm1", test_fraction=0.0, seed=0, features=None):
    """Data drawn by hand on the plane (the Data plot's clicks).

    points: (m, 2) positions, m ≥ 1; values: m numbers, for task "binary" each +1 (a positive
    point) or −1 (a negative one), encoded by `labels` as for the generators; for "regression"
    each the point's target. test_fraction: share kept aside for testing (default none: the
    learner placed every point to be learnt)."""
    if task not in DRAWN_TASKS:
        raise BadInput(f"drawn data is 'binary' or 'regression', not {_short(task)}")
    if not isinstance(labels, str) or labels not in LABELS:
        raise BadInput(f"unknown label encoding {labels!r}; choose one of {', '.join(LABELS)}")
    P = as_matrix(points, "the drawn points", 2) if len(points) else np.zeros((0, 2))
    v = as_matrix([[x] for x in values], "the drawn values", 1)[:, 0] if len(values) else np.zeros(0)
    if len(P) == 0:
        raise BadInput("drawn data needs at least one point")
    if len(P) != len(v):
        raise BadInput(f"{len(P)} drawn points but {len(v)} values")
    if task == "binary" and not np.all(np.abs(v) == 1):
        raise BadInput("a drawn point of a classification is +1 or −1")
    test_fraction = check_float("test_fraction", test_fraction, 0.0, 0.9)
    seed = check_int("seed", seed, 0, 2**63 - 1)
    if task == "binary":
        Y, out_names = encode_labels((v > 0).astype(int), labels, 2), None
        out_names = ("class 0", "class 1") if Y.shape[1] > 1 else ("label",)
    else:
        Y, out_names = v[:, None], ("y",)
    source = {"generator": "drawn", "task": task, "points": P.tolist(), "values": v.tolist(), "labels": labels,
              "test_fraction": test_fraction, "seed": seed}
    parts = split(P, Y, test_fraction, np.random.default_rng(seed))
    if len(parts[0]) == 0:
        raise BadInput("no drawn point is left for training; lower the test fraction")
    return with_features(Dataset("drawn", task, *parts, source, ("x1", "x2"), out_names), features)


def with_features(data, features):
    """The same data with the network fed these input features of its raw 2-D points (None or
    ("x1", "x2"): the points themselves). The feature list goes into `source`, so sessions keep it."""
    from dataclasses import replace

    from . import features as _features
    raw_train, raw_test = data.raw_train, data.raw_test
    source = {k: v for k, v in data.source.items() if k != "features"}
    if features is None or (data.n_raw_inputs == 2 and _features.is_raw(_features.check(features))):
        return replace(data, X_train=raw_train, X_test=raw_test, X_train_raw=None, X_test_raw=None,
                       features=(), source=source,
                       input_names=data.input_names if not data.features else ("x1", "x2"))
    names = _features.check(features)
    if data.n_raw_inputs != 2:
        raise BadInput(f"input features are made from two inputs (x1, x2); this data has {data.n_raw_inputs}")
    source["features"] = list(names)
    return replace(data, X_train=_features.apply(names, raw_train), X_test=_features.apply(names, raw_test),
                   X_train_raw=raw_train, X_test_raw=raw_test, features=names, source=source, input_names=names)


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
