"""Random sequences of edits, training, undo and redo keep the network valid, and undo and redo land
exactly where they must: a structural edit's undo restores the network and the step it was made at,
a typed weight's undo restores that weight alone (training since is kept)."""
import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from core import BadInput, edits, presets
from core.network import check_architecture
from gui.controller import SessionController

HIDDEN_ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu"]


class EditorMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.c = SessionController(presets.load("circle"), "circle")
        # every command on the stack: ("net", before, after, step before, step after) for an edit of
        # the network, ("weight", index, old, new) for a typed weight
        self.commands = []

    def _push(self, edit, weight=None):
        """Run an edit; record what undo and redo must restore."""
        before, index, step = self.c.network.copy(), self.c.undo_stack.index(), self.c.trainer.step_count
        try:
            edit()
        except BadInput as e:
            assert str(e)  # refused edits say why, and change nothing
            assert np.array_equal(self.c.network.params, before.params)
            return
        after = self.c.network.copy()
        if weight is not None:
            command = ("weight", weight, float(before.params[weight]), float(after.params[weight]))
        else:
            command = ("net", before, after, step, self.c.trainer.step_count)
        if self.c.undo_stack.index() > index:  # a new command; the redo branch is gone
            self.commands[index:] = [command]
        else:  # merged into the last command (the same weight typed again): only its new value changes
            last = self.commands[index - 1]
            self.commands[index - 1] = (*last[:3], command[3])

    def _edit(self, fn, *args):
        self._push(lambda: self.c.apply_edit(fn, *args))

    def _hidden(self, data):
        return data.draw(st.integers(1, self.c.network.n_layers - 1))

    @rule()
    def add_layer(self):
        self._edit(edits.add_layer)

    @precondition(lambda self: self.c.network.n_layers > 1)
    @rule(data=st.data())
    def remove_layer(self, data):
        self._edit(edits.remove_layer, self._hidden(data))

    @precondition(lambda self: self.c.network.n_layers > 1)
    @rule(data=st.data())
    def add_neuron(self, data):
        self._edit(edits.add_neuron, self._hidden(data))

    @precondition(lambda self: self.c.network.n_layers > 1)
    @rule(data=st.data())
    def remove_neuron(self, data):
        l = self._hidden(data)
        j = data.draw(st.integers(0, self.c.network.sizes[l] - 1))
        self._edit(edits.remove_neuron, l, j)

    @precondition(lambda self: self.c.network.n_layers > 1)
    @rule(data=st.data(), name=st.sampled_from(HIDDEN_ACTIVATIONS))
    def set_activation(self, data, name):
        self._edit(edits.set_activation, self._hidden(data), name)

    @rule(data=st.data(), on=st.booleans())
    def set_bias(self, data, on):
        self._edit(edits.set_bias, data.draw(st.integers(1, self.c.network.n_layers)), on)

    @rule(data=st.data(), value=st.floats(-10, 10))
    def set_weight(self, data, value):
        net = self.c.network
        l = data.draw(st.integers(1, net.n_layers))
        j = data.draw(st.integers(0, net.sizes[l] - 1))
        k = data.draw(st.integers(0, net.sizes[l - 1] - 1))
        self._push(lambda: self.c.set_parameter("W", l, j, k, value), weight=net.parameter_index("W", l, j, k))

    @rule(steps=st.integers(1, 20))
    def train(self, steps):
        self.c.step(steps)  # training between edits must not disturb what undo restores

    @precondition(lambda self: self.c.undo_stack.canUndo())
    @rule()
    def undo(self):
        current, step = self.c.network.copy(), self.c.trainer.step_count
        self.c.undo_stack.undo()
        index = self.c.undo_stack.index()
        self._check(self.commands[index], current, undone=True)
        self._keep_aside(index, "after", current, step)

    @precondition(lambda self: self.c.undo_stack.canRedo())
    @rule()
    def redo(self):
        current, step = self.c.network.copy(), self.c.trainer.step_count
        self.c.undo_stack.redo()
        index = self.c.undo_stack.index() - 1
        self._check(self.commands[index], current, undone=False)
        self._keep_aside(index, "before", current, step)

    def _keep_aside(self, index, side, current, step):
        """A change of the run is undone and redone by swapping runs: the run left by Undo (or Redo),
        with whatever training it had since, is the one Redo (or Undo) brings back. Nothing is lost."""
        command = self.commands[index]
        if command[0] == "net":
            _, before, after, step_before, step_after = command
            self.commands[index] = (("net", current, after, step, step_after) if side == "before" else
                                    ("net", before, current, step_before, step))

    def _check(self, command, current, undone):
        net = self.c.network
        if command[0] == "weight":  # that weight alone changes; every other value is kept
            _, index, old, new = command
            expected = current.params.copy()
            expected[index] = old if undone else new
            assert net.sizes == current.sizes
            assert np.array_equal(net.params, expected)
        else:  # the network and the step of the run, exactly as they were
            _, before, after, step_before, step_after = command
            expected, step = (before, step_before) if undone else (after, step_after)
            assert net.sizes == expected.sizes
            assert np.array_equal(net.params, expected.params)
            assert self.c.trainer.step_count == step

    @invariant()
    def network_is_valid(self):
        net = self.c.network
        check_architecture(net.sizes, net.activations, net.bias)
        assert net.sizes[0] == 2 and net.sizes[-1] == 1  # input/output follow the data
        assert net.n_layers - 1 <= edits.MAX_HIDDEN_LAYERS
        assert all(1 <= n <= edits.MAX_NEURONS for n in net.sizes[1:-1])
        assert all(w.shape == (net.sizes[l + 1], net.sizes[l]) for l, w in enumerate(net.weights))
        assert self.c.trainer.network is net

    def teardown(self):
        while self.c.undo_stack.canUndo():
            self.undo()


EditorMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None,
                                           suppress_health_check=[HealthCheck.too_slow])


def test_editor_state_machine(qtbot):
    EditorMachine.TestCase().runTest()
