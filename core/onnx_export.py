"""The network's forward pass as an ONNX model, for ONNX Runtime, other frameworks and Netron.

    input  "x": (batch, n_0), one sample a row, float64 — what Network.forward takes; for a network
           fed input features (x1², sin x1, …: core/features.py) the raw points (batch, 2), the
           graph computing the features as the app does
    output "y": (batch, n_L), the output layer's activation applied — what Network.forward returns

Each layer is Gemm (Z = X (W^l)^T + b^l, W^l stored in the app's (n_l, n_{l-1}) layout, which is
PyTorch's nn.Linear.weight too) followed by its activation. The architecture is also kept as
JSON in the model's metadata ("backprop_lab_architecture").

Needs the optional `onnx` package (pip install -e ".[onnx]"); nothing else in the app does.
"""
import json

import numpy as np

from . import features as _features
from .activations import LEAKY_SLOPE
from .errors import BadInput
from .files import atomic_write

OPSET = 17
DOUBLE = 11  # onnx.TensorProto.DOUBLE


def _onnx():
    try:
        import onnx
    except ImportError:
        raise BadInput("writing an ONNX model needs the onnx package: pip install onnx "
                       "(or pip install -e \".[onnx]\")") from None
    return onnx


def _activation(helper, name, z, out):
    """Nodes computing out = f(z) for the activation `name`."""
    if name == "linear":
        return [helper.make_node("Identity", [z], [out])]
    if name == "tanh":
        return [helper.make_node("Tanh", [z], [out])]
    if name == "sigmoid":
        return [helper.make_node("Sigmoid", [z], [out])]
    if name == "relu":
        return [helper.make_node("Relu", [z], [out])]
    if name == "leaky_relu":  # max(0.01z, z); LeakyRelu's alpha is a float32 attribute, 0.0099999998
        slope = helper.make_tensor(f"{z}_slope_value", DOUBLE, [], [LEAKY_SLOPE])
        return [helper.make_node("Constant", [], [f"{z}_slope"], value=slope),
                helper.make_node("Mul", [z, f"{z}_slope"], [f"{z}_scaled"]),
                helper.make_node("Max", [z, f"{z}_scaled"], [out])]
    if name == "softmax":  # one row per sample here: softmax across each row
        return [helper.make_node("Softmax", [z], [out], axis=1)]
    raise BadInput(f"no ONNX form for the activation {name!r}")


def _feature_nodes(helper, numpy_helper, features):
    """Nodes turning the raw points "x" (batch, 2) into A⁰'s rows as the app feeds them
    (core/features.py): one column per feature, in order, into "A0"."""
    inits = [numpy_helper.from_array(np.array([0], dtype=np.int64), "x1_index"),
             numpy_helper.from_array(np.array([1], dtype=np.int64), "x2_index")]
    nodes = [helper.make_node("Gather", ["x", "x1_index"], ["x1"], axis=1),  # (batch, 1)
             helper.make_node("Gather", ["x", "x2_index"], ["x2"], axis=1)]
    columns = []
    for i, name in enumerate(features):
        out = f"feature{i}"
        if name in ("x1", "x2"):
            nodes.append(helper.make_node("Identity", [name], [out]))
        elif name in ("x1^2", "x2^2"):
            nodes.append(helper.make_node("Mul", [name[:2], name[:2]], [out]))
        elif name == "x1*x2":
            nodes.append(helper.make_node("Mul", ["x1", "x2"], [out]))
        else:  # sin(x1), sin(x2)
            nodes.append(helper.make_node("Sin", [name[4:6]], [out]))
        columns.append(out)
    nodes.append(helper.make_node("Concat", columns, ["A0"], axis=1))
    return nodes, inits


def build(network, name="backprop-lab", features=None):
    """The onnx.ModelProto of the network's forward pass (weights as they are now). `features`:
    the input features the network is fed (core/features.py); the graph then takes the raw points
    (x1, x2) and computes them, so it answers for a point as the app does."""
    onnx = _onnx()
    helper, numpy_helper = onnx.helper, onnx.numpy_helper
    nodes, inits = [], []
    current = "x"
    n_in = network.sizes[0]
    if features and len(_features.check(features)) != network.sizes[0]:
        raise BadInput(f"{len(features)} input features for a network with {network.sizes[0]} inputs")
    if features and not _features.is_raw(_features.check(features)):
        features = _features.check(features)
        nodes, inits = _feature_nodes(helper, numpy_helper, features)
        current, n_in = "A0", 2
    else:
        features = None
    L = network.n_layers
    for l in range(1, L + 1):
        W, b = network.weights[l - 1], network.biases[l - 1]
        inits.append(numpy_helper.from_array(np.ascontiguousarray(W, dtype=np.float64), f"W{l}"))
        inputs = [current, f"W{l}"]
        if b is not None:
            inits.append(numpy_helper.from_array(np.array(b, dtype=np.float64), f"b{l}"))
            inputs.append(f"b{l}")
        nodes.append(helper.make_node("Gemm", inputs, [f"Z{l}"], transB=1, name=f"layer{l}"))  # Z = X W^T + b
        current = "y" if l == L else f"A{l}"
        nodes += _activation(helper, network.activations[l - 1], f"Z{l}", current)
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("x", DOUBLE, ["batch", n_in])],
        [helper.make_tensor_value_info("y", DOUBLE, ["batch", network.sizes[-1]])], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="Backprop Lab",
                              doc_string=f"{network!r}: one sample a row in, the output layer's activation out")
    model.ir_version = min(model.ir_version, 8)  # readable by ONNX Runtime releases of the last years
    architecture = {"sizes": list(network.sizes), "activations": list(network.activations),
                    "bias": list(network.bias), **({"features": list(features)} if features else {})}
    helper.set_model_props(model, {"backprop_lab_architecture": json.dumps(architecture)})
    onnx.checker.check_model(model)
    return model


def export(network, path, features=None):
    """Write the network as an ONNX model to `path`, atomically (`features`: see build)."""
    if not np.all(np.isfinite(network.params)):
        raise BadInput(f"nothing was written to {path}: a weight is not a finite number")
    data = build(network, features=features).SerializeToString()
    atomic_write(path, lambda f: f.write(data))
