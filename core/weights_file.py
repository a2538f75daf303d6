"""Export and import trained weights, in formats other tools read.

.npz   arrays W1..WL and b1..bL (b only for layers with a bias), plus `architecture`:
       a JSON text {"sizes", "activations", "bias"}. Load with
       np.load(path, allow_pickle=False); W^l has PyTorch's nn.Linear.weight layout
       (n_l, n_{l-1}), so `layer.weight.data = torch.from_numpy(f["W1"])` works.
.json  {"format": "backprop-lab-weights", "version": 1, "architecture": {...},
        "W1": [[...], ...], "b1": [...], ...}
.csv   one line per parameter, with a header:
           parameter,layer,row,column,value
           W,1,0,0,-0.4213
           b,1,0,,0.0172
       `row` is j (the neuron of layer l), `column` is k (the neuron of layer l−1);
       biases leave `column` empty. A spreadsheet pivot table gives back each matrix.
Import reads .npz and .json, checks every shape against the architecture, and
refuses non-finite values; it never unpickles or executes anything.
"""
import csv
import io
import json
import os
import zipfile

import numpy as np

from . import schema
from .errors import BadInput
from .files import atomic_write, read_json
from .network import Network, check_architecture

FORMAT = "backprop-lab-weights"
VERSION = 1
FORMATS = (".npz", ".json", ".csv")
MAX_FILE_BYTES = 200 * 1024 * 1024


def _extension(path, allowed):
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext not in allowed:
        raise BadInput(f"unknown file type {ext or '(none)'!r} for {path}; use one of {', '.join(allowed)}")
    return ext


def architecture(net):
    return {"sizes": list(net.sizes), "activations": list(net.activations), "bias": list(net.bias)}


def _named_arrays(net):
    arrays = {}
    for l in range(1, net.n_layers + 1):
        arrays[f"W{l}"] = net.weights[l - 1].copy()
        if net.bias[l - 1]:
            arrays[f"b{l}"] = net.biases[l - 1].copy()
    return arrays


def export_weights(net, path):
    """Write the weights to `path`; the format follows the extension. Atomic."""
    ext = _extension(path, FORMATS)
    arrays = _named_arrays(net)
    if ext == ".npz":
        buffer = io.BytesIO()
        np.savez(buffer, architecture=np.array(json.dumps(architecture(net))), **arrays)
        data = buffer.getvalue()
    elif ext == ".json":
        doc = {"format": FORMAT, "version": VERSION, "architecture": architecture(net),
               **{k: v.tolist() for k, v in arrays.items()}}
        data = json.dumps(doc, indent=1, allow_nan=False).encode("utf-8")
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["parameter", "layer", "row", "column", "value"])
        for l in range(1, net.n_layers + 1):
            W, b = net.weights[l - 1], net.biases[l - 1]
            for j in range(W.shape[0]):
                for k in range(W.shape[1]):
                    writer.writerow(["W", l, j, k, repr(float(W[j, k]))])
            if b is not None:
                for j in range(b.shape[0]):
                    writer.writerow(["b", l, j, "", repr(float(b[j]))])
        data = out.getvalue().encode("utf-8")
    atomic_write(path, lambda f: f.write(data))


def _read_npz(path):
    from .files import check_readable
    check_readable(path, MAX_FILE_BYTES, "weights file")
    try:
        with zipfile.ZipFile(path) as z:
            # refuse members that would expand to more than the limit before reading any of them
            if sum(info.file_size for info in z.infolist()) > MAX_FILE_BYTES:
                raise BadInput(f"{path} would expand to more than {MAX_FILE_BYTES // 2**20} MB")
        with np.load(path, allow_pickle=False) as f:
            if "architecture" not in f.files:
                raise BadInput(f"{path} has no 'architecture' entry; was it exported by Backprop Lab?")
            arch_text = f["architecture"]
            if arch_text.dtype.kind != "U" or arch_text.shape != ():
                raise BadInput(f"{path}: 'architecture' must be JSON text")
            doc = {"architecture": json.loads(str(arch_text))}
            for name in f.files:
                if name != "architecture":
                    doc[name] = f[name]
            return doc
    except BadInput:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as e:
        raise BadInput(f"{path} is not a readable .npz file: {e}") from None


def import_weights(path):
    """A Network with the architecture and values stored in an .npz or .json weights file."""
    ext = _extension(path, (".npz", ".json"))
    if ext == ".npz":
        doc = _read_npz(path)
    else:
        doc = schema.obj(read_json(path, MAX_FILE_BYTES, "weights file"), "the weights file")
        if doc.get("format") != FORMAT:
            raise BadInput(f"{path} is not a Backprop Lab weights file (its 'format' is {doc.get('format')!r})")
        if doc.get("version") != VERSION:
            raise BadInput(f"{path} has weights format version {doc.get('version')!r}; "
                           f"this version reads version {VERSION}")
        doc = {k: v for k, v in doc.items() if k not in ("format", "version")}
    arch = schema.keys(doc.get("architecture"), "architecture", required=("sizes", "activations", "bias"))
    if not isinstance(arch["sizes"], list):
        raise BadInput("architecture sizes must be a list of whole numbers")
    for i, s in enumerate(arch["sizes"]):
        schema.integer(s, f"architecture size of layer {i}", 1, 100_000)
    sizes, acts, bias = check_architecture(arch["sizes"], arch["activations"], arch["bias"])
    expected = {f"W{l}" for l in range(1, len(sizes))} | {f"b{l}" for l in range(1, len(sizes)) if bias[l - 1]}
    present = set(doc) - {"architecture"}
    if present - expected:
        raise BadInput(f"unexpected entries {', '.join(sorted(present - expected))} for a "
                       f"{'-'.join(map(str, sizes))} network")
    if expected - present:
        raise BadInput(f"missing {', '.join(sorted(expected - present))}")
    weights = [schema.array(doc[f"W{l}"], (sizes[l], sizes[l - 1]), f"W{l}") for l in range(1, len(sizes))]
    biases = [schema.array(doc[f"b{l}"], (sizes[l],), f"b{l}") if bias[l - 1] else None
              for l in range(1, len(sizes))]
    return Network.from_arrays(weights, biases, acts)
