"""Session files: a whole training setup and its state, as JSON.

    {"format": "backprop-lab-session", "version": 1, "name": ..., "description": ...,
     "network":  {"sizes", "activations", "bias", "init", "seed"[, "initial_weights", "initial_biases"]},
     "data":     how to make the data: {"generator": ..., params}, {"generator": "drawn", "task",
                 "points", "values", "labels", "test_fraction", "seed"} (points drawn by hand) or
                 {"csv": {columns, rows, ...[, "classes"]}}; each may add "features": [...], the
                 input features the network is fed (core/features.py, core/sources.py),
     "training": {"loss", "optimizer": {"name", "lr", ...}, "batch_size", "seed", "l1", "l2"},
     "weights":  [W^1, ...], "biases": [b^1 or null, ...],          (optional: else from init)
     "state":    {"step", "epoch", "position", "optimizer": {...}},  (optional: else a fresh start)
     "history":  {"stride", "steps", "train_loss", "test_loss", "params"
                  [, "train_accuracy", "test_accuracy", "gradient_norms"]},  (optional, read only with
                 a state: the plots' record of the run; null for a loss or accuracy that was not a
                 number; gradient_norms: one row per step, ‖∂C/∂W^l‖_F for l = 1..L)
     "view":     {"speed": steps/s or "max", "show_test": bool, "discretize": bool}}  (optional: how
                 the window shows the run: its pace, test points on the Data plot, the heatmap
                 as the output's sign/argmax only)

A preset (resources/presets/*.json) is a session file without weights and state.
Everything the trainer's future depends on is stored — weights, optimizer state,
seed, epoch and position in the epoch — so loading and continuing is
bit-for-bit the same as never stopping. So is the history the plots draw, unless
its rows hold more than MAX_HISTORY_VALUES parameter values: then it is saved
thinned, every other row at a time (as it thins itself when full).
"""
import numpy as np

from . import initializers, losses, schema, sources
from .errors import BadInput
from .files import atomic_write, json_pieces, read_json, write_json  # noqa: F401 (write_json: a dict as it is)
from .network import Network, check_architecture
from .optimizers import NAMES as OPTIMIZERS
from .trainer import MAX_STEPS, Trainer

FORMAT = "backprop-lab-session"
VERSION = 1
# Every session this program writes must open again, so the limit is the largest it can write: the
# data of a CSV at its 20 MB limit (at most twice as long as numbers: a one-letter class name becomes
# an index of up to three digits), a network at its 1,000,000-parameter limit with its initial weights
# and two optimizer vectors (Adam's m and v), at most 25 bytes a number, and the history's 100,000
# values. tests/core/test_session_size.py checks the sum against the limits it is made of.
MAX_FILE_BYTES = 160 * 1024 * 1024
MAX_HISTORY_VALUES = 100_000  # parameter values of the history's rows in a file (about 2 MB of JSON)
MAX_SPEED = 1_000_000  # steps/s a file may ask for ("max": as fast as possible)
VIEW_DEFAULTS = {"speed": None, "show_test": True, "discretize": False}  # speed None: the window chooses


def view_settings(view):
    """The "view" part of a session, checked, with defaults for what it leaves out."""
    if view is None:
        return dict(VIEW_DEFAULTS)
    schema.keys(view, "view", optional=tuple(VIEW_DEFAULTS))
    out = dict(VIEW_DEFAULTS)
    speed = view.get("speed")
    if speed is not None and speed != "max":
        speed = schema.integer(speed, 'view speed (steps per second, or "max")', 1, MAX_SPEED)
    out["speed"] = speed
    for key in ("show_test", "discretize"):
        if key in view:
            if not isinstance(view[key], bool):
                raise BadInput(f"view {key} must be true or false")
            out[key] = view[key]
    return out


def _matrices(net, weights, biases):
    return [np.array(w) for w in weights], [None if b is None else np.array(b) for b in biases]


def document(trainer, name="", description="", with_history=True, view=None):
    """The session as a dict of JSON values and NumPy arrays, every array a copy: a snapshot that
    stays as it is while training goes on (the data's record is shared: it never changes)."""
    net = trainer.network
    network = {"sizes": list(net.sizes), "activations": list(net.activations), "bias": list(net.bias),
               "init": net.init, "seed": net.seed}
    if net.init == "explicit":
        initial = net.copy()
        initial.reinitialize()
        network["initial_weights"], network["initial_biases"] = _matrices(net, initial.weights, initial.biases)
    weights, biases = _matrices(net, net.weights, net.biases)
    order = net.file_order()  # files list parameters row by row, whatever the layout in memory
    opt_state = {k: (v[order] if isinstance(v, np.ndarray) else v)
                 for k, v in trainer.optimizer.state_dict().items()}
    d = {
        "format": FORMAT, "version": VERSION, "name": name, "description": description,
        "network": network,
        "data": trainer.data.source,
        "training": {"loss": trainer.loss, "optimizer": trainer.optimizer.settings(),
                     "batch_size": trainer.batch_size, "seed": trainer.seed, "l1": trainer.l1, "l2": trainer.l2},
        "weights": weights, "biases": biases,
        "state": {"step": trainer.step_count, "epoch": trainer.epoch, "position": trainer.position,
                  "optimizer": opt_state},
    }
    if with_history:
        d["history"] = _history_dict(trainer.history, order)
    if view is not None:
        d["view"] = {k: v for k, v in view_settings(view).items() if v is not None}
    return d


def _plain(value):
    """`value` with every array turned into lists (JSON values only)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def to_dict(trainer, name="", description="", with_history=True, view=None):
    """The session as plain JSON values (lists, not arrays)."""
    return _plain(document(trainer, name, description, with_history, view))


def _finite_or_null(values):
    return [float(v) if np.isfinite(v) else None for v in values]


def _history_dict(history, order):
    h = history.thinned(MAX_HISTORY_VALUES)
    return {"stride": h.stride, "steps": h.steps.tolist(), "train_loss": _finite_or_null(h.train_loss),
            "test_loss": _finite_or_null(h.test_loss), "params": h.params[:, order],
            "train_accuracy": _finite_or_null(h.train_accuracy), "test_accuracy": _finite_or_null(h.test_accuracy),
            "gradient_norms": [_finite_or_null(row) for row in h.grad_norms]}


def _losses(values, n, where):
    """A list of n numbers or nulls (a loss that was not a number) as floats, NaN for null."""
    if not isinstance(values, list) or len(values) != n:
        raise BadInput(f"{where} must be a list of {n} numbers (null for none)")
    out = np.empty(n)
    for i, v in enumerate(values):
        out[i] = np.nan if v is None else schema.number(v, f"{where} [{i}]")
    return out


def _history(h, trainer, step):
    """The saved history as History.restore takes it, every part checked against the network and the run."""
    h = schema.keys(h, "history", required=("stride", "steps", "train_loss", "test_loss", "params"),
                    optional=("train_accuracy", "test_accuracy", "gradient_norms"))
    stride = schema.integer(h["stride"], "history stride", 1, MAX_STEPS)
    capacity, n_params = trainer.history.capacity, trainer.network.n_params
    if not isinstance(h["steps"], list) or len(h["steps"]) > capacity:
        raise BadInput(f"history steps must be a list of at most {capacity} steps")
    n = len(h["steps"])
    steps = [schema.integer(v, f"history steps [{i}]", 0, step) for i, v in enumerate(h["steps"])]
    if any(b <= a for a, b in zip(steps, steps[1:])):
        raise BadInput("history steps must increase from one row to the next")
    train, test = _losses(h["train_loss"], n, "history train_loss"), _losses(h["test_loss"], n, "history test_loss")
    if n:
        params = np.empty((n, n_params))
        params[:, trainer.network.file_order()] = schema.array(h["params"], (n, n_params), "history params")
    elif h["params"] != []:
        raise BadInput("history params must be an empty list when there are no steps")
    else:
        params = np.zeros((0, n_params))
    accuracies = None
    if "train_accuracy" in h or "test_accuracy" in h:
        accuracies = tuple(_losses(h.get(k), n, f"history {k}") for k in ("train_accuracy", "test_accuracy"))
    norms = None
    if "gradient_norms" in h:
        rows, L = h["gradient_norms"], trainer.network.n_layers
        if not isinstance(rows, list) or len(rows) != n:
            raise BadInput(f"history gradient_norms must be a list of {n} rows")
        norms = np.array([_losses(row, L, f"history gradient_norms [{i}]") for i, row in enumerate(rows)]).reshape(n, L)
    return np.array(steps, dtype=np.int64), train, test, params, stride, accuracies, norms


def _read_matrices(weights, biases, sizes, bias, where):
    if not isinstance(weights, list) or len(weights) != len(sizes) - 1:
        raise BadInput(f"{where}: expected a list of {len(sizes) - 1} weight matrices")
    if not isinstance(biases, list) or len(biases) != len(sizes) - 1:
        raise BadInput(f"{where}: expected a list of {len(sizes) - 1} bias vectors (null where a layer has none)")
    Ws = [schema.array(w, (sizes[l + 1], sizes[l]), f"{where} W{l + 1}") for l, w in enumerate(weights)]
    bs = []
    for l, b in enumerate(biases):
        if bias[l]:
            bs.append(schema.array(b, (sizes[l + 1],), f"{where} b{l + 1}"))
        elif b is not None:
            raise BadInput(f"{where} b{l + 1} must be null: layer {l + 1} has no bias")
        else:
            bs.append(None)
    return Ws, bs


def _optimizer_state(state, optimizer, net):
    """The optimizer's saved state with every entry checked first: vectors of n_params finite
    numbers (or null), in the file's order, put in the order of net.params; counters whole numbers."""
    known = set(optimizer.state_dict())
    state = dict(schema.keys(state, "state optimizer", optional=tuple(known)))
    for key, value in state.items():
        if key == "t":
            schema.integer(value, f"optimizer state {key}")
        elif value is not None:
            vector = np.empty(net.n_params)
            vector[net.file_order()] = schema.array(value, (net.n_params,), f"optimizer state {key}")
            state[key] = vector
    return state


def _text(d, key):
    value = d.get(key, "")
    return schema.string(value, key)


def _network(d):
    schema.keys(d, "network", required=("sizes", "activations", "bias"),
                optional=("init", "seed", "initial_weights", "initial_biases"))
    schema.layer_sizes(d["sizes"], "network")
    sizes, acts, bias = check_architecture(d["sizes"], d["activations"], d["bias"])
    init = schema.string(d.get("init", "auto"), "network init",
                         (*initializers.METHODS, "explicit"))
    seed = schema.integer(d.get("seed", 0), "network seed")
    if init == "explicit":
        Ws, bs = _read_matrices(d.get("initial_weights"), d.get("initial_biases"), sizes, bias, "network initial")
        net = Network.from_arrays(Ws, bs, acts)
        net.seed = seed
        return net
    return Network(sizes, acts, bias, seed=seed, init=init)


def from_dict(d, where="session"):
    """A Trainer from a session (or preset) dict. Raises BadInput naming the first problem found."""
    schema.keys(d, where, required=("format", "version", "network", "data", "training"),
                optional=("name", "description", "weights", "biases", "state", "history", "view"))
    if d["format"] != FORMAT:
        raise BadInput(f"{where} is not a Backprop Lab session (format is {d['format']!r})")
    version = schema.integer(d["version"], "version", 0)
    if version != VERSION:
        raise BadInput(f"{where} has format version {version}; this version of Backprop Lab reads version {VERSION}")
    name, _ = _text(d, "name"), _text(d, "description")
    view_settings(d.get("view"))
    net = _network(d["network"])
    if ("weights" in d) != ("biases" in d):
        raise BadInput(f"{where} must have both 'weights' and 'biases', or neither")
    if "weights" in d:
        Ws, bs = _read_matrices(d["weights"], d["biases"], net.sizes, net.bias, "weights")
        for l, (W, b) in enumerate(zip(Ws, bs)):
            net.weights[l] = W
            if b is not None:
                net.biases[l] = b
    data = sources.from_source(d["data"], name=name or None)
    t = schema.keys(d["training"], "training", required=("loss", "optimizer", "batch_size"),
                    optional=("seed", "l1", "l2"))
    loss = schema.string(t["loss"], "training loss", losses.NAMES)
    losses.check_pair(loss, net.activations[-1])
    for part, Y in (("training", data.Y_train), ("test", data.Y_test)):
        try:
            losses.check_targets(loss, Y)
        except BadInput as e:
            raise BadInput(f"the {part} data does not suit the cost: {e}") from None
    batch_size = schema.integer(t["batch_size"], "training batch_size", 1)  # the Trainer checks its memory
    opt = dict(schema.obj(t["optimizer"], "training optimizer"))
    opt_name = schema.string(opt.pop("name", None), "optimizer name", OPTIMIZERS)
    if "lr" not in opt:
        raise BadInput("training optimizer is missing 'lr'")
    for k, v in opt.items():
        schema.number(v, f"optimizer {k}")
    lr = opt.pop("lr")
    trainer = Trainer(net, data, loss=loss, optimizer=opt_name, lr=lr,
                      batch_size=batch_size,
                      seed=schema.integer(t.get("seed", 0), "training seed"),
                      l1=schema.number(t.get("l1", 0.0), "training l1"), l2=schema.number(t.get("l2", 0.0), "training l2"),
                      **opt)
    if "state" in d:
        s = schema.keys(d["state"], "state", required=("step", "epoch", "position"), optional=("optimizer",))
        # counters a run can reach and write back: at most MAX_STEPS steps, an epoch takes a step at least
        step = schema.integer(s["step"], "state step", 0, MAX_STEPS)
        epoch = schema.integer(s["epoch"], "state epoch")
        if epoch > step:
            raise BadInput(f"state epoch {epoch:,} is beyond state step {step:,}: every epoch takes a step at least")
        position = schema.integer(s["position"], "state position", 0, max(len(data.X_train) - 1, 0))
        state = _optimizer_state(s.get("optimizer", {}), trainer.optimizer, net)
        history = _history(d["history"], trainer, step) if "history" in d else None
        trainer.optimizer.load_state_dict(state, net.n_params)
        trainer.resume(step, epoch, position, history)
    # (without a state the run starts afresh, and a history of another run would mislead: it is not read)
    return trainer


def save(trainer, path, name="", description="", with_history=True, view=None):
    """Write the session atomically: a failure leaves any existing file untouched. `with_history`
    False leaves out the plots' record (a tenth of a second or more to write for a large network);
    `view` (see view_settings) how the window shows it."""
    write_document(path, document(trainer, name, description, with_history, view))


class Stopped(Exception):
    """A write given up because its `stop` said so (nothing was written)."""


def data_text(d, stop=None):
    """The JSON text of a session dict's data, as write_document writes it: an autosave encodes the
    data once and passes it as `known` ({id(d["data"]): [text]}) while the data stays the same.
    `stop` as for write_document."""
    pieces = json_pieces(d["data"], level=1)
    return "".join(pieces if stop is None else _unless(stop, pieces))


def write_document(path, d, known=None, stop=None):
    """Write a session dict (as `document` makes it) atomically, compactly (core.files.json_pieces:
    one line per array of numbers, one per row of a matrix). `known`: {id(part): its JSON pieces}
    for parts encoded before. `stop`: a function called between pieces (a few milliseconds of work
    each); when it returns True the write ends with Stopped and the file is left as it was."""
    pieces = json_pieces(d, known=known)
    if stop is not None:
        pieces = _unless(stop, pieces)
    try:
        atomic_write(path, lambda f: f.writelines(piece.encode("utf-8") for piece in pieces))
    except BadInput:
        raise
    except ValueError:
        raise BadInput(f"nothing was written to {path}: a value is not a finite number") from None


def load(path):
    """(trainer, name, description) from a session file."""
    d = read_json(path, MAX_FILE_BYTES, "session file")
    schema.obj(d, "the session file")
    trainer = from_dict(d)
    return trainer, d.get("name", ""), d.get("description", "")


def load_document(path):
    """(trainer, name, description, view) from a session file; view as view_settings returns it."""
    d = read_json(path, MAX_FILE_BYTES, "session file")
    schema.obj(d, "the session file")
    trainer = from_dict(d)
    return trainer, d.get("name", ""), d.get("description", ""), view_settings(d.get("view"))


def _unless(stop, pieces):
    for piece in pieces:
        if stop():
            raise Stopped()
        yield piece
