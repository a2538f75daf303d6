"""Editing a network's architecture while keeping every weight that still fits.

Each function takes a Network and returns a *new* one (the old one is left as
it was, so an undo command can keep both). Weights of untouched neurons are
kept exactly; only the new rows/columns are drawn fresh. Limits are checked
first and explained: `why_not_*` return the reason an edit is refused, or None.
"""
import numpy as np

from . import activations as _activations
from . import initializers
from .errors import BadInput
from .network import Network, check_architecture

MAX_HIDDEN_LAYERS = 8
MAX_NEURONS = 32  # per hidden layer
NEW_LAYER_SIZE = 2


def _rebuilt(net, sizes, activations, bias, fill):
    """A network of the new shape whose W^l, b^l come from fill(l, new_net) (l from 1)."""
    init = "auto" if net.init == "explicit" else net.init
    new = Network(sizes, activations, bias, seed=net.seed, init=init)
    for l in range(1, new.n_layers + 1):
        W, b = fill(l, new)
        if W is not None:
            new.weights[l - 1] = W
        if b is not None and new.bias[l - 1]:
            new.biases[l - 1] = b
    return new


def _fresh(new, l):
    """Fresh starting values for layer l of `new`, reproducible from the network's seed and shape."""
    rng = np.random.default_rng([new.seed, l, *new.sizes])
    method = "auto" if new.init in ("explicit", "zeros") else new.init
    return initializers.layer_values(method, new.sizes[l], new.sizes[l - 1], new.activations[l - 1], rng)


def _whole(value, what):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise BadInput(f"{what} must be a whole number, got {value!r}")
    return int(value)


def _hidden(net, l):
    l = _whole(l, "the layer")
    if not 1 <= l <= net.n_layers - 1:
        raise BadInput(f"layer {l} is not a hidden layer (hidden layers are 1 to {net.n_layers - 1})")


def why_not_add_layer(net):
    if net.n_layers - 1 >= MAX_HIDDEN_LAYERS:
        return f"at most {MAX_HIDDEN_LAYERS} hidden layers"
    return None


def add_layer(net, position=None, size=NEW_LAYER_SIZE, activation=None):
    """Insert a hidden layer so it becomes layer `position` (default: just before the output).

    Its incoming and outgoing weights are new; every other layer keeps its weights.
    """
    reason = why_not_add_layer(net)
    if reason:
        raise BadInput(f"cannot add a layer: {reason}")
    position = net.n_layers if position is None else _whole(position, "the position")
    if not 1 <= position <= net.n_layers:
        raise BadInput(f"a new hidden layer can go at position 1 to {net.n_layers}, not {position}")
    size = _whole(size, "the number of neurons")
    if not 1 <= size <= MAX_NEURONS:
        raise BadInput(f"a hidden layer has 1 to {MAX_NEURONS} neurons")
    hidden_acts = [a for a in net.activations[:-1]]
    activation = activation or (hidden_acts[position - 2] if position >= 2 else
                                (hidden_acts[0] if hidden_acts else "tanh"))
    _activations.get(activation)
    if activation == "softmax":
        raise BadInput("softmax is only allowed on the output layer")
    sizes = list(net.sizes[:position]) + [size] + list(net.sizes[position:])
    acts = list(net.activations[:position - 1]) + [activation] + list(net.activations[position - 1:])
    bias = list(net.bias[:position - 1]) + [True] + list(net.bias[position - 1:])

    def fill(l, new):
        if l < position:
            return net.weights[l - 1], net.biases[l - 1]
        if l > position + 1:
            return net.weights[l - 2], net.biases[l - 2]
        W, b = _fresh(new, l)
        if l == position + 1 and net.bias[l - 2]:
            b = net.biases[l - 2]  # the layer after keeps its biases; only its inputs changed
        return W, b
    return _rebuilt(net, sizes, acts, bias, fill)


def remove_layer(net, l):
    """Remove hidden layer l; layer l+1 then takes layer l−1's outputs (its weights are drawn fresh)."""
    _hidden(net, l)
    sizes = list(net.sizes[:l]) + list(net.sizes[l + 1:])
    acts = list(net.activations[:l - 1]) + list(net.activations[l:])
    bias = list(net.bias[:l - 1]) + list(net.bias[l:])

    def fill(i, new):
        if i < l:
            return net.weights[i - 1], net.biases[i - 1]
        if i > l:
            return net.weights[i], net.biases[i]
        W, _ = _fresh(new, i)
        return W, net.biases[l]
    return _rebuilt(net, sizes, acts, bias, fill)


def why_not_add_neuron(net, l):
    l = _whole(l, "the layer")
    if not 1 <= l <= net.n_layers - 1:
        return "only hidden layers can be resized; input and output follow the data"
    if net.sizes[l] >= MAX_NEURONS:
        return f"at most {MAX_NEURONS} neurons in a hidden layer"
    return None


def add_neuron(net, l):
    """Add a neuron at the end of hidden layer l: a new row of W^l (and b^l), a new column of W^{l+1}."""
    reason = why_not_add_neuron(net, l)
    if reason:
        raise BadInput(f"cannot add a neuron to layer {l}: {reason}")
    sizes = list(net.sizes)
    sizes[l] += 1

    def fill(i, new):
        W_old, b_old = net.weights[i - 1], net.biases[i - 1]
        if i not in (l, l + 1):
            return W_old, b_old
        W, b = _fresh(new, i)
        if i == l:
            W[:-1], b[:-1] = W_old, (b_old if b_old is not None else 0.0)
            return W, b
        W[:, :-1] = W_old
        return W, b_old
    return _rebuilt(net, sizes, net.activations, net.bias, fill)


def why_not_remove_neuron(net, l):
    l = _whole(l, "the layer")
    if not 1 <= l <= net.n_layers - 1:
        return "only hidden layers can be resized; input and output follow the data"
    if net.sizes[l] <= 1:
        return "a layer needs at least one neuron (remove the layer instead)"
    return None


def remove_neuron(net, l, j=None):
    """Remove neuron j (default: the last) of hidden layer l: row j of W^l and b^l, column j of W^{l+1}."""
    reason = why_not_remove_neuron(net, l)
    if reason:
        raise BadInput(f"cannot remove a neuron from layer {l}: {reason}")
    j = net.sizes[l] - 1 if j is None else _whole(j, "the neuron")
    if not 0 <= j < net.sizes[l]:
        raise BadInput(f"layer {l} has no neuron {j}")
    sizes = list(net.sizes)
    sizes[l] -= 1

    def fill(i, new):
        W, b = net.weights[i - 1], net.biases[i - 1]
        if i == l:
            return np.delete(W, j, axis=0), (None if b is None else np.delete(b, j))
        if i == l + 1:
            return np.delete(W, j, axis=1), b
        return W, b
    return _rebuilt(net, sizes, net.activations, net.bias, fill)


def set_activation(net, l, name):
    """Layer l uses activation `name`; all weights kept."""
    l = _whole(l, "the layer")
    if not 1 <= l <= net.n_layers:
        raise BadInput(f"there is no layer {l}")
    acts = list(net.activations)
    acts[l - 1] = _activations.get(name).name
    check_architecture(net.sizes, acts, net.bias)  # e.g. softmax only on the output layer
    new = net.copy()
    new.activations = tuple(acts)  # the parameter layout does not depend on the activations
    return new


def set_bias(net, l, on):
    """Give layer l a bias (starting at 0) or take it away; all weights kept."""
    l = _whole(l, "the layer")
    if not 1 <= l <= net.n_layers:
        raise BadInput(f"there is no layer {l}")
    bias = list(net.bias)
    bias[l - 1] = bool(on)

    def fill(i, new):
        b = net.biases[i - 1]
        if i == l and on and b is None:
            b = np.zeros(new.sizes[i])
        return net.weights[i - 1], b
    return _rebuilt(net, net.sizes, net.activations, bias, fill)


def set_io(net, n_inputs, n_outputs):
    """Match the input and output layer to a data set; W^1 (or W^L) is drawn fresh if its size changed."""
    sizes = list(net.sizes)
    sizes[0], sizes[-1] = n_inputs, n_outputs
    if tuple(sizes) == net.sizes:
        return net.copy()

    def fill(i, new):
        W, b = net.weights[i - 1], net.biases[i - 1]
        if W.shape != (new.sizes[i], new.sizes[i - 1]) or (b is not None and b.shape != (new.sizes[i],)):
            return _fresh(new, i)
        return W, b
    return _rebuilt(net, sizes, net.activations, net.bias, fill)


def set_parameter(net, kind, l, j, k, value):
    """A copy of net with W^l_jk (kind 'W') or b^l_j (kind 'b') set to value."""
    index = net.parameter_index(kind, l, j, k)  # BadInput for a parameter the network does not have
    if isinstance(value, (bool, np.bool_)):
        raise BadInput(f"a weight must be a number, got {value!r}")
    try:
        value = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        raise BadInput(f"a weight must be a number, got {value!r}") from None
    if not np.isfinite(value):
        raise BadInput("a weight must be a finite number")
    new = net.copy()
    new.params[index] = value
    return new
