"""Every change of the session can be undone: settings, data, Reset, network edits.

References are runs made apart (a second controller that never made the change), not the
controller's own record of what it did."""
import numpy as np
import pytest

from core import datasets, edits, presets
from core.csv_data import load_csv
from gui.controller import SessionController


@pytest.fixture
def controller(qtbot):
    return SessionController(presets.load("circle"), "circle")


def snapshot(c):
    t = c.trainer
    h = t.history
    return dict(sizes=c.network.sizes, params=c.network.params.copy(), step=t.step_count, epoch=t.epoch,
                position=t.position, rows=h.count, steps=h.steps.copy(), train=h.train_loss.copy(),
                optimizer=t.optimizer.state_dict(), name=t.optimizer.name, lr=t.lr, data=t.data.source)


def assert_same(a, b):
    assert a["sizes"] == b["sizes"]
    assert np.array_equal(a["params"], b["params"])
    for key in ("step", "epoch", "position", "rows", "name", "lr", "data"):
        assert a[key] == b[key], key
    assert np.array_equal(a["steps"], b["steps"]) and np.array_equal(a["train"], b["train"])
    assert a["optimizer"].keys() == b["optimizer"].keys()
    for key, value in a["optimizer"].items():
        assert np.array_equal(value, b["optimizer"][key]) if value is not None else b["optimizer"][key] is None


def test_the_issues_reproduction_undoes_reset_then_the_rate_then_the_neuron(controller):
    c = controller
    original = snapshot(c)
    c.apply_edit(edits.add_neuron, 1, text="Add neuron to layer 1")
    c.step(50)
    trained = snapshot(c)
    old_lr = c.trainer.lr
    c.set_lr(0.5)
    c.reset()
    assert c.trainer.step_count == 0 and c.trainer.lr == 0.5
    assert c.undo_stack.undoText() == "Reset"

    c.undo_stack.undo()  # Reset undone: step 50, the weights, the history, the optimizer's state
    assert_same(snapshot(c), {**trained, "lr": 0.5})
    assert c.undo_stack.undoText() == "learning rate 0.5"
    c.undo_stack.undo()
    assert c.trainer.lr == old_lr and c.trainer.step_count == 50
    assert c.undo_stack.undoText() == "Add neuron to layer 1"
    c.undo_stack.undo()
    assert_same(snapshot(c), original)
    for _ in range(3):
        c.undo_stack.redo()
    assert c.trainer.step_count == 0 and c.trainer.lr == 0.5 and c.network.sizes == (2, 5, 2, 1)


@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
def test_training_after_an_undone_reset_is_the_run_that_never_reset(qtbot, optimizer):
    straight, undone = (SessionController(presets.load("circle"), "circle") for _ in range(2))
    for c in (straight, undone):
        c.set_optimizer(optimizer)
        c.set_batch_size(7)  # batches that do not divide the 200 samples: epochs and positions matter
        c.step(50)
    undone.reset()
    undone.step(5)
    undone.undo_stack.undo()
    straight.step(40)
    undone.step(40)
    assert np.array_equal(undone.network.params, straight.network.params)
    assert undone.trainer.epoch == straight.trainer.epoch and undone.trainer.position == straight.trainer.position


@pytest.mark.parametrize("change, read", [
    (lambda c: c.set_lr(0.25), lambda t: t.lr),
    (lambda c: c.set_batch_size(3), lambda t: t.batch_size),
    (lambda c: c.set_regularisation(l1=0.01), lambda t: t.l1),
    (lambda c: c.set_regularisation(l2=0.02), lambda t: t.l2),
    (lambda c: c.set_seed(7), lambda t: (t.seed, t.network.seed)),
    (lambda c: c.set_optimizer("adam"), lambda t: t.optimizer.name),
    (lambda c: (c.set_optimizer("momentum"), c.set_momentum(0.5)), lambda t: t.optimizer.settings()),
])
def test_each_setting_is_undone_and_redone(controller, change, read):
    before = read(controller.trainer)
    change(controller)
    after = read(controller.trainer)
    assert after != before
    while controller.undo_stack.canUndo():
        controller.undo_stack.undo()
    assert read(controller.trainer) == before
    while controller.undo_stack.canRedo():
        controller.undo_stack.redo()
    assert read(controller.trainer) == after


def test_the_cost_is_undone(qtbot):
    c = SessionController(presets.load("moons"), "moons")  # a sigmoid output, labels 0/1: both costs fit
    assert c.trainer.loss == "binary_cross_entropy"
    c.set_loss("mse")
    assert c.undo_stack.undoText() == "cost mean squared error"  # as the learner reads it
    c.undo_stack.undo()
    assert c.trainer.loss == "binary_cross_entropy"


def test_consecutive_changes_of_one_setting_are_one_undo_step(controller):
    before = controller.trainer.lr
    for value in (0.1, 0.2, 0.3):
        controller.set_lr(value)
    assert controller.undo_stack.count() == 1
    assert controller.undo_stack.undoText() == "learning rate 0.3"
    controller.set_batch_size(4)
    controller.set_lr(0.4)
    assert controller.undo_stack.count() == 3  # another field between: separate steps
    controller.undo_stack.undo()
    controller.undo_stack.undo()
    controller.undo_stack.undo()
    assert controller.trainer.lr == before
    controller.set_lr(0.7)
    controller.set_lr(before)  # back where it started: nothing to undo
    assert controller.undo_stack.count() == 0 or not controller.undo_stack.canUndo()


def test_undoing_a_change_of_optimizer_brings_back_its_state(controller):
    controller.set_optimizer("adam")
    controller.step(20)
    state = controller.trainer.optimizer.state_dict()
    controller.set_optimizer("momentum")
    controller.step(5)
    controller.undo_stack.undo()
    assert controller.trainer.optimizer.name == "adam"
    assert controller.trainer.optimizer.t == 20
    assert np.array_equal(controller.trainer.optimizer.m, state["m"])


def test_data_changes_are_undone_with_the_run_they_replaced(controller):
    controller.step(30)
    trained = snapshot(controller)
    controller.set_data_source(noise=0.3)
    assert controller.undo_stack.undoText() == "noise 0.3"
    controller.set_data_source(noise=0.4)  # the same field again: one step
    controller.set_data_source(generator="sine")  # other inputs: the network follows
    assert controller.network.sizes[0] == 1 and controller.trainer.step_count == 0
    assert controller.undo_stack.undoText() == "data set sine"
    controller.undo_stack.undo()
    assert controller.trainer.data.source["noise"] == 0.4 and controller.network.sizes[0] == 2
    controller.undo_stack.undo()
    assert_same(snapshot(controller), trained)
    assert not controller.undo_stack.canUndo()


def test_imported_data_starts_a_new_run_at_step_0_and_is_undone(controller, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("x1,x2,y\n0,0,1\n1,0,-1\n0,1,-1\n1,1,1\n")
    controller.step(233)
    trained = snapshot(controller)
    controller.set_data(load_csv(path, targets=["y"]), "import data d.csv")
    t = controller.trainer
    assert t.step_count == 0 and t.epoch == 0
    assert list(t.history.steps) == [0]  # the plots start again at step 0
    assert np.array_equal(controller.network.params, trained["params"])  # the weights stay
    assert controller.undo_stack.undoText() == "import data d.csv"
    controller.undo_stack.undo()
    assert_same(snapshot(controller), trained)


def test_undo_keeps_the_rows_in_use_not_the_preallocated_history(controller):
    controller.step(10)
    buffer = controller.trainer.history._params.nbytes  # capacity rows × parameters, allocated up front
    for _ in range(20):
        controller.reset()
        controller.step(10)
    kept = [controller.undo_stack.command(i).saved.nbytes for i in range(controller.undo_stack.count())]
    rows = controller.trainer.history.count
    row = controller.network.n_params + 5 + controller.network.n_layers  # + step, losses, accuracies, norms
    per_run = rows * row * 8 + controller.network.params.nbytes
    assert max(kept) <= per_run
    assert sum(kept) < buffer  # twenty resets keep less than one history buffer


def test_undoing_a_generator_change_that_reshaped_the_network_restores_its_labels(controller):
    before = controller.trainer.data.Y_train.copy()
    controller.set_data_source(generator="gaussians")
    assert controller.network.sizes[-1] == 3
    controller.undo_stack.undo()
    assert controller.network.sizes[-1] == 1
    assert np.array_equal(controller.trainer.data.Y_train, before)
    assert datasets.GENERATORS["circle"]


def test_the_stack_keeps_at_most_its_undo_limit_of_steps(controller):
    from gui.undo_budget import UNDO_STEPS
    for i in range(UNDO_STEPS + 20):  # alternate two settings so that no change merges with the last
        if i % 2:
            controller.set_lr(0.01 + i / 1000)
        else:
            controller.set_regularisation(l2=i / 1000)
    assert controller.undo_stack.count() == UNDO_STEPS


def test_past_the_byte_budget_the_oldest_steps_go_and_the_rest_undo_exactly(qtbot, controller):
    """Each edit of the network keeps the run it replaced; with a budget of a few such runs the
    oldest edits are dropped, and the edits kept still undo to exactly the runs they replaced."""
    from gui.undo_budget import current_arrays, step_bytes
    c = controller
    before = []
    for i in range(10):
        c.step(30)
        before.append(snapshot(c))
        c.apply_edit(edits.add_neuron, 1 + i % 2, text="Add neuron")
        if i == 0:
            c.undo_bytes = 6 * sum(step_bytes(c.undo_stack, current_arrays(c.trainer))) + 1000
        qtbot.waitUntil(lambda: not c._budget_check_due)  # the check the stack's change scheduled has run
        assert sum(step_bytes(c.undo_stack, current_arrays(c.trainer))) <= c.undo_bytes
    after = snapshot(c)
    kept = c.undo_stack.count()
    assert 2 <= kept < 10
    for expected in reversed(before[-kept:]):
        c.undo_stack.undo()
        assert_same(snapshot(c), expected)
    assert not c.undo_stack.canUndo()  # the older edits are gone
    for _ in range(kept):
        c.undo_stack.redo()
    assert_same(snapshot(c), after)


def test_a_step_that_redo_needs_is_never_dropped(qtbot, controller):
    c = controller
    for i in range(6):
        c.step(20)
        c.apply_edit(edits.add_neuron, 1, text="Add neuron")
    for _ in range(4):
        c.undo_stack.undo()
    c.undo_bytes = 0
    c.keep_undo_within_budget()
    assert c.undo_stack.count() == 4 and c.undo_stack.index() == 0  # the two applied went; Redo's four stay
    assert not c.undo_stack.canUndo()
    while c.undo_stack.canRedo():
        c.undo_stack.redo()
    assert c.network.sizes[1] == 4 + 6
