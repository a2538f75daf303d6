"""Export and import trained weights, in formats other tools read.

.npz   arrays W1..WL and b1..bL (b only for layers with a bias), plus `architecture`:
       a JSON text {"sizes", "activations", "bias"[, "inputs"]}; "inputs" names what each row of
       A⁰ holds, column k of W¹ multiplying input k (e.g. ["x1", "x2", "x1^2", "sin(x1)"] when
       the network is fed input features, see core/features.py). Load with
       np.load(path, allow_pickle=False); W^l has PyTorch's nn.Linear.weight layout
       (n_l, n_{l-1}), so `layer.weight.data = torch.from_numpy(f["W1"])` works.
.json  {"format": "backprop-lab-weights", "version": 1, "architecture": {...},
        "W1": [[...], ...], "b1": [...], ...}
.csv   one line per parameter, with a header:
           parameter,layer,row,column,value
           W,1,0,0,-0.4213
           b,1,0,,0.0172
       When the inputs are named, a sixth column `input` gives, for each W¹ entry, the name of
       the input its column k multiplies (empty for the other rows).
       `row` is j (the neuron of layer l), `column` is k (the neuron of layer l−1);
       biases leave `column` empty. A spreadsheet pivot table gives back each matrix.
Import reads .npz and .json, checks every shape against the architecture, and
refuses non-finite values; it never unpickles or executes anything.
"""
import csv
import io
import json
import lzma
import os
import struct
import tokenize
import zipfile
import zlib

import numpy as np

from . import schema
from .datasets import _short
from .errors import BadInput
from .files import atomic_write, check_readable, parse_json, read_json
from .network import MAX_LAYERS, Network, check_architecture

FORMAT = "backprop-lab-weights"
VERSION = 1
FORMATS = (".npz", ".json", ".csv", ".mat")  # .mat: see core/mat_export.py (needs SciPy)
MAX_FILE_BYTES = 200 * 1024 * 1024


def _extension(path, allowed):
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext not in allowed:
        raise BadInput(f"unknown file type {ext or '(none)'!r} for {path}; use one of {', '.join(allowed)}")
    return ext


def architecture(net, inputs=None):
    arch = {"sizes": list(net.sizes), "activations": list(net.activations), "bias": list(net.bias)}
    if inputs is not None:
        arch["inputs"] = _input_names(inputs, net.sizes[0])
    return arch


def _input_names(inputs, n):
    if not isinstance(inputs, (list, tuple)) or len(inputs) != n or not all(isinstance(x, str) for x in inputs):
        raise BadInput(f"the inputs must be named by a list of {n} names, one per input")
    return list(inputs)


def _named_arrays(net):
    arrays = {}
    for l in range(1, net.n_layers + 1):
        arrays[f"W{l}"] = net.weights[l - 1].copy()
        if net.bias[l - 1]:
            arrays[f"b{l}"] = net.biases[l - 1].copy()
    return arrays


def export_weights(net, path, inputs=None):
    """Write the weights to `path`; the format follows the extension. Atomic. `inputs`: what each
    input is, e.g. Dataset.features (the input features the network is fed: without their list an
    exported W¹ could not be used), written with them; None writes the weights alone."""
    ext = _extension(path, FORMATS)
    if ext == ".mat":
        from . import mat_export  # SciPy only when asked for
        return mat_export.export(net, path, inputs)
    arch = architecture(net, inputs)
    if not np.all(np.isfinite(net.params)):
        raise BadInput(f"nothing was written to {path}: a weight is not a finite number")
    arrays = _named_arrays(net)
    if ext == ".npz":
        buffer = io.BytesIO()
        np.savez(buffer, architecture=np.array(json.dumps(arch)), **arrays)
        data = buffer.getvalue()
    elif ext == ".json":
        doc = {"format": FORMAT, "version": VERSION, "architecture": arch,
               **{k: v.tolist() for k, v in arrays.items()}}
        data = json.dumps(doc, indent=1, allow_nan=False).encode("utf-8")
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        inputs = arch.get("inputs")
        named = [] if inputs is None else ["input"]  # the input a W¹ entry multiplies (column k)
        writer.writerow(["parameter", "layer", "row", "column", "value"] + named)
        for l in range(1, net.n_layers + 1):
            W, b = net.weights[l - 1], net.biases[l - 1]
            for j in range(W.shape[0]):
                for k in range(W.shape[1]):
                    writer.writerow(["W", l, j, k, repr(float(W[j, k]))] + (
                        [inputs[k] if l == 1 else ""] if named else []))
            if b is not None:
                for j in range(b.shape[0]):
                    writer.writerow(["b", l, j, "", repr(float(b[j]))] + ([""] if named else []))
        data = out.getvalue().encode("utf-8")
    atomic_write(path, lambda f: f.write(data))


def _architecture(arch):
    """(sizes, activations, bias, expected array shapes by name) from a file's architecture record."""
    arch = schema.keys(arch, "architecture", required=("sizes", "activations", "bias"), optional=("inputs",))
    schema.layer_sizes(arch["sizes"], "architecture")
    if "inputs" in arch:
        _input_names(arch["inputs"], arch["sizes"][0])
    sizes, acts, bias = check_architecture(arch["sizes"], arch["activations"], arch["bias"])
    shapes = {}
    for l in range(1, len(sizes)):
        shapes[f"W{l}"] = (sizes[l], sizes[l - 1])
        if bias[l - 1]:
            shapes[f"b{l}"] = (sizes[l],)
    return sizes, acts, bias, shapes


def _npy_header(z, info):
    """(shape, dtype) of one .npy member, from its header alone (no data read, nothing allocated)."""
    with z.open(info) as fp:
        version = np.lib.format.read_magic(fp)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(fp)
        elif version in ((2, 0), (3, 0)):
            shape, _, dtype = np.lib.format.read_array_header_2_0(fp)
        else:
            raise ValueError(f"unknown .npy version {version}")
    return shape, dtype


def _npy_array(z, info):
    with z.open(info) as fp:
        return np.lib.format.read_array(fp, allow_pickle=False)


# what NumPy and zipfile raise on a damaged member; a header cut short inside its dictionary fails in
# NumPy's tokenizer (tokenize.TokenError, SyntaxError), which is no ValueError
_NPZ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, lzma.LZMAError, struct.error,
               NotImplementedError, RuntimeError, ValueError, OSError, EOFError, KeyError,
               tokenize.TokenError, SyntaxError, TypeError)


def _read_npz(path):
    """{"architecture": record, "W1": array, ...}. Every member's header is checked (kind of numbers,
    shape) before its data is read, so a file cannot make this allocate more than it declares."""
    check_readable(path, MAX_FILE_BYTES, "weights file")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > 2 * MAX_LAYERS + 1:
                raise BadInput(f"{path} holds {len(infos)} entries; a weights file has at most {2 * MAX_LAYERS + 1}")
            # refuse members that would expand to more than the limit before reading any of them
            if sum(info.file_size for info in infos) > MAX_FILE_BYTES:
                raise BadInput(f"{path} would expand to more than {MAX_FILE_BYTES // 2**20} MB")
            members = {}
            for info in infos:
                if not info.filename.endswith(".npy") or info.filename[:-4] in members:
                    raise BadInput(f"{path}: unexpected entry {info.filename!r}; was it exported by Backprop Lab?")
                members[info.filename[:-4]] = info
            if "architecture" not in members:
                raise BadInput(f"{path} has no 'architecture' entry; was it exported by Backprop Lab?")
            shape, dtype = _npy_header(z, members["architecture"])
            if dtype.kind != "U" or shape != () or dtype.itemsize > 4 * 2**20:
                raise BadInput(f"{path}: 'architecture' must be JSON text")
            doc = {"architecture": parse_json(str(_npy_array(z, members["architecture"])),
                                              f"{path}: 'architecture'", "JSON text")}
            sizes, _, _, shapes = _architecture(doc["architecture"])
            _check_names(set(members) - {"architecture"}, shapes, sizes)
            for name, expected in shapes.items():
                shape, dtype = _npy_header(z, members[name])
                if dtype.hasobject:
                    raise BadInput(f"{path}: {name} holds Python objects, which Backprop Lab never loads "
                                   f"(loading them could run code); only plain numbers are accepted")
                if dtype.kind not in "fiu" or dtype.fields is not None:
                    raise BadInput(f"{path}: {name} must hold plain numbers, not {dtype}")
                if tuple(shape) != expected:
                    raise BadInput(f"{name} must have shape {expected}, got {tuple(shape)}")
                doc[name] = _npy_array(z, members[name])
            return doc
    except BadInput:
        raise
    except _NPZ_ERRORS as e:
        raise BadInput(f"{path} is not a readable .npz file: {e}") from None


def _check_names(present, shapes, sizes):
    expected = set(shapes)
    if present - expected:
        raise BadInput(f"unexpected entries {', '.join(sorted(present - expected))} for a "
                       f"{'-'.join(map(str, sizes))} network")
    if expected - present:
        raise BadInput(f"missing {', '.join(sorted(expected - present))}")


def import_weights(path):
    """A Network with the architecture and values stored in an .npz, .json or .mat weights file."""
    ext = _extension(path, (".npz", ".json", ".mat"))
    if ext == ".npz":
        doc = _read_npz(path)
    elif ext == ".mat":
        from . import mat_export  # SciPy only when asked for
        doc = mat_export.read(path, MAX_FILE_BYTES)
    else:
        doc = schema.obj(read_json(path, MAX_FILE_BYTES, "weights file"), "the weights file")
        if doc.get("format") != FORMAT:
            raise BadInput(f"{path} is not a Backprop Lab weights file (its 'format' is {_short(doc.get('format'))})")
        version = schema.integer(doc.get("version"), "the weights file's version")
        if version != VERSION:
            raise BadInput(f"{path} has weights format version {version}; this version reads version {VERSION}")
        doc = {k: v for k, v in doc.items() if k not in ("format", "version")}
    sizes, acts, bias, shapes = _architecture(doc.get("architecture"))
    _check_names(set(doc) - {"architecture"}, shapes, sizes)
    weights = [schema.array(doc[f"W{l}"], shapes[f"W{l}"], f"W{l}") for l in range(1, len(sizes))]
    biases = [schema.array(doc[f"b{l}"], shapes[f"b{l}"], f"b{l}") if bias[l - 1] else None
              for l in range(1, len(sizes))]
    return Network.from_arrays(weights, biases, acts)
