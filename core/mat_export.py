"""Weights in MATLAB's own .mat format (version 5, which MATLAB and GNU Octave `load`).

    W1, W2, ...       W^l, (n_l, n_{l-1})
    b1, b2, ...       b^l as a column, (n_l, 1), for layers with a bias
    architecture      a struct: sizes (a row), activations (a cell of names), bias (a logical row)

In MATLAB: `S = load('weights.mat'); Z1 = S.W1*A0 + S.b1;`. Reading and writing go through
SciPy's reader and writer (the optional `scipy` package); a file's variables are listed with their
shapes and checked before any data is read, and nothing in a file is ever run.
"""
import io

import numpy as np

from .errors import BadInput
from .files import atomic_write, check_readable


def _scipy_io():
    try:
        import scipy.io
    except ImportError:
        raise BadInput("MATLAB .mat files need the scipy package: pip install scipy "
                       "(or pip install -e \".[mat]\")") from None
    return scipy.io


def export(network, path, inputs=None):
    """Write W1…, b1… and the architecture to a .mat file, atomically. `inputs`: the names of the
    input features the network is fed, kept in the architecture (architecture.inputs)."""
    sio = _scipy_io()
    if not np.all(np.isfinite(network.params)):
        raise BadInput(f"nothing was written to {path}: a weight is not a finite number")
    arrays = {}
    for l in range(1, network.n_layers + 1):
        arrays[f"W{l}"] = np.array(network.weights[l - 1])
        if network.bias[l - 1]:
            arrays[f"b{l}"] = np.array(network.biases[l - 1])[:, None]
    acts = np.empty((1, network.n_layers), dtype=object)  # a cell array of names
    acts[0, :] = list(network.activations)
    arrays["architecture"] = {"sizes": np.array([network.sizes], dtype=float), "activations": acts,
                              "bias": np.array([network.bias], dtype=bool)}
    if inputs:
        names = np.empty((1, len(inputs)), dtype=object)
        names[0, :] = list(inputs)
        arrays["architecture"]["inputs"] = names
    buffer = io.BytesIO()
    sio.savemat(buffer, arrays, format="5", oned_as="column")
    data = buffer.getvalue()
    atomic_write(path, lambda f: f.write(data))


def _strings(value, what):
    """A cell array of names as loadmat gives it (an array of one-string arrays) → list of str."""
    names = []
    for cell in np.ravel(np.asarray(value, dtype=object)):
        text = np.ravel(np.asarray(cell))
        if text.size != 1 or text.dtype.kind != "U":
            raise BadInput(f"{what} must be a cell array of names")
        names.append(str(text[0]))
    return names


def read(path, max_bytes):
    """{"architecture": {...}, "W1": array, "b1": array (n,), ...} from a .mat file, for
    weights_file.import_weights to check against the architecture."""
    sio = _scipy_io()
    check_readable(path, max_bytes, "weights file")
    try:
        listing = sio.whosmat(path)
    except Exception as e:  # SciPy raises many kinds for a file that is not a .mat (or is v7.3 / HDF5)
        raise BadInput(f"{path} is not a readable MATLAB .mat file (version 5; save with '-v7'): {e}") from None
    declared = sum(int(np.prod(shape)) for _, shape, _ in listing)
    if declared * 8 > max_bytes:
        raise BadInput(f"{path} declares {declared:,} numbers; more than a weights file may hold")
    for name, _, kind in listing:
        if kind not in ("double", "single", "struct", "logical", "cell") and not kind.startswith(("int", "uint")):
            raise BadInput(f"{path}: {name} is a MATLAB {kind}; a weights file holds numbers and a struct")
    try:
        raw = sio.loadmat(path, squeeze_me=False, struct_as_record=True, mat_dtype=True)
    except Exception as e:
        raise BadInput(f"{path} is not a readable MATLAB .mat file: {e}") from None
    doc = {k: v for k, v in raw.items() if not k.startswith("__")}
    arch = doc.get("architecture")
    if not (isinstance(arch, np.ndarray) and arch.dtype.names and arch.size == 1
            and {"sizes", "activations", "bias"} <= set(arch.dtype.names)):
        raise BadInput(f"{path} has no 'architecture' struct with sizes, activations and bias; "
                       f"was it exported by Backprop Lab?")
    arch = arch.ravel()[0]
    try:
        sizes = np.ravel(np.asarray(arch["sizes"], dtype=float))
        record = {"sizes": [int(s) if float(s).is_integer() else float(s) for s in sizes],
                  "activations": _strings(arch["activations"], "architecture.activations"),
                  "bias": [bool(b) for b in np.ravel(np.asarray(arch["bias"], dtype=float))]}
    except (TypeError, ValueError):
        raise BadInput(f"{path}: the architecture struct needs sizes, activations and bias") from None
    doc["architecture"] = record
    for key, value in list(doc.items()):
        if key.startswith("b") and isinstance(value, np.ndarray) and value.ndim == 2 and value.shape[1] == 1:
            doc[key] = value[:, 0]  # a column in MATLAB, (n_l,) here
    return doc
