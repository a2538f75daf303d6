"""Context menus of the diagram, built from what is under the pointer (a `Hit`).

`build_menu` returns the QMenu without showing it, so a test can read and trigger its
actions (a shown context menu would block). Refused edits stay in the menu, disabled,
with the reason in their text: the learner sees why, instead of a missing entry.
"""
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu

from core import activations, edits

from .layout import pretty_name

HIDDEN_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "leaky_relu")
OUTPUT_ACTIVATIONS = HIDDEN_ACTIVATIONS + ("softmax",)


def _action(menu, text, slot, reason=None):
    """A menu entry; disabled with the reason shown when `reason` is given."""
    action = menu.addAction(text if reason is None else f"{text}  ({reason})")
    action.setEnabled(reason is None)
    if reason is None:
        action.triggered.connect(slot)
    else:
        action.setToolTip(reason)
    return action


def add_layer_actions(menu, view, l):
    """Everything that can be done to layer l: neurons, insert/remove layers, activation, bias."""
    net = view.controller.network
    L = net.n_layers
    hidden = 1 <= l < L
    if l == 0:
        menu.addSection(f"Input: {net.sizes[0]} neurons, one per input of the data")
        _action(menu, "Insert a hidden layer after the input", lambda: view.edit(
            edits.add_layer, 1, text="Insert hidden layer 1"), edits.why_not_add_layer(net))
        return
    menu.addSection(("Output layer" if l == L else f"Hidden layer {l}") + f" · {net.sizes[l]} neurons")
    if hidden:
        _action(menu, "Add a neuron", lambda: view.edit(edits.add_neuron, l, text=f"Add neuron to layer {l}"),
                edits.why_not_add_neuron(net, l))
        _action(menu, "Remove the last neuron",
                lambda: view.edit(edits.remove_neuron, l, text=f"Remove neuron from layer {l}"),
                edits.why_not_remove_neuron(net, l))
        menu.addSeparator()
        _action(menu, "Insert a hidden layer before this one",
                lambda: view.edit(edits.add_layer, l, text=f"Insert hidden layer {l}"), edits.why_not_add_layer(net))
        _action(menu, "Insert a hidden layer after this one",
                lambda: view.edit(edits.add_layer, l + 1, text=f"Insert hidden layer {l + 1}"),
                edits.why_not_add_layer(net))
        _action(menu, f"Remove layer {l}", lambda: view.edit(edits.remove_layer, l, text=f"Remove layer {l}"))
    else:
        menu.addAction(f"Its {net.sizes[l]} neurons follow the outputs of the data").setEnabled(False)
        _action(menu, "Insert a hidden layer before the output",
                lambda: view.edit(edits.add_layer, l, text=f"Insert hidden layer {l}"), edits.why_not_add_layer(net))
    menu.addSeparator()
    activation = menu.addMenu("Activation")
    activation.setObjectName("activationMenu")
    group = QActionGroup(activation)
    for act in (OUTPUT_ACTIVATIONS if l == L else HIDDEN_ACTIVATIONS):
        a = activation.addAction(activations.describe(act).label)
        a.setToolTip(f"f(z) = {activations.describe(act).formula}")
        a.setCheckable(True)
        a.setChecked(net.activations[l - 1] == act)
        group.addAction(a)
        a.triggered.connect(lambda checked=False, act=act: view.edit(
            edits.set_activation, l, act, text=f"Layer {l}: {act}"))
    bias = menu.addAction(f"Bias {pretty_name('b', l, 0, scalar=True)}")
    bias.setCheckable(True)
    bias.setChecked(net.bias[l - 1])
    bias.toggled.connect(lambda on: view.edit(edits.set_bias, l, on,
                                              text=f"Layer {l}: bias {'on' if on else 'off'}"))


def build_menu(view, hit):
    """The context menu for `hit` (see layout.Hit), parented to the view; not shown."""
    net = view.controller.network
    menu = QMenu(view)
    menu.setObjectName("diagramMenu")
    menu.setToolTipsVisible(True)
    if hit.kind in ("weight", "bias"):
        kind = "W" if hit.kind == "weight" else "b"
        label = pretty_name(kind, hit.l, hit.j, hit.k)
        menu.addSection(label)
        menu.addAction(f"Set {label}…", lambda: view.open_editor(kind, hit.l, hit.j, hit.k))
        menu.addAction(f"Select {label}", lambda: view.select_parameter(kind, hit.l, hit.j, hit.k))
        menu.addSeparator()
        add_layer_actions(menu.addMenu(f"Layer {hit.l}"), view, hit.l)
    elif hit.kind == "neuron" and 1 <= hit.l < net.n_layers:
        menu.addSection(f"Neuron {hit.j} of layer {hit.l}")
        _action(menu, f"Remove neuron {hit.j}", lambda: view.edit(
            edits.remove_neuron, hit.l, hit.j, text=f"Remove neuron {hit.j} of layer {hit.l}"),
            edits.why_not_remove_neuron(net, hit.l))
        add_layer_actions(menu, view, hit.l)
    elif hit.kind in ("neuron", "column"):
        add_layer_actions(menu, view, hit.l)
    else:
        menu.addSection(f"{net.n_layers - 1} hidden layers")
        _action(menu, "Add a hidden layer before the output",
                lambda: view.edit(edits.add_layer, text="Add hidden layer"), edits.why_not_add_layer(net))
    return menu
