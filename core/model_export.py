"""Every way to write a trained network, chosen by the file's extension:

    .npz .json .csv   the weights (core/weights_file.py)
    .mat              MATLAB's format (core/mat_export.py, needs SciPy)
    .onnx             the forward pass as an ONNX graph (core/onnx_export.py, needs onnx)
"""
import os

from . import weights_file
from .errors import BadInput

FORMATS = (*weights_file.FORMATS, ".onnx")


def check(path):
    """BadInput unless `path` names a format this module writes (before any training)."""
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext not in FORMATS:
        raise BadInput(f"unknown file type {ext or '(none)'!r} for {path}; use one of {', '.join(FORMATS)}")
    return ext


def export(network, path, inputs=None):
    """Write the network to `path` in the format its extension names. Atomic. `inputs`: the input
    features the network is fed (Dataset.features), recorded with the weights."""
    if check(path) == ".onnx":
        from . import onnx_export  # onnx only when asked for
        return onnx_export.export(network, path, features=inputs)
    return weights_file.export_weights(network, path, inputs)
