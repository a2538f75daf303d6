"""Lessons: a session plus a title, a task, goals checked live and the controls hidden or locked.

    {"format": "backprop-lab-lesson", "version": 1,
     "name": "the-question", "title": "...", "task": "Markdown or simple HTML", "task_format": "markdown",
     "session": {a session file's contents (core/session.py)},
     "goals": [{"kind": ..., ...}, ...],
     "locks": {"hidden": [control, ...], "locked": [control, ...]},
     "solution": {"session": {keys to change in the session}, "steps": N}}   (optional)

Goals are data, never code (nothing in a lesson file is evaluated). The kinds:
    {"kind": "loss", "set": "train"|"test", "at_most": x}          the loss of that set is ≤ x
    {"kind": "parameter", "name": "W1[0,0]", "target": x, "within": d}   |θ − x| ≤ d
    {"kind": "steps", "at_least": n}                              the run has taken ≥ n steps
    {"kind": "hidden_neurons", "at_most": n} / "at_least"         neurons in the hidden layers
    {"kind": "hidden_layers", "at_most": n} / "at_least"
    {"kind": "setting", "name": "lr"|"l1"|"l2"|"batch_size", "at_most"/"at_least"/"equals": x}
    {"kind": "hidden_activation", "one_of": ["relu", ...]}        every hidden layer uses one of them
    {"kind": "gradient_ratio", "at_most"/"at_least": r}           ‖∂C/∂W¹‖ / ‖∂C/∂W^L‖ of the next step
    {"kind": "quiz", "equation": "BP2", "count": n}               n entries of that equation answered
    {"kind": "diverged"}                                          a run diverged during the lesson
Each may carry its own "text"; otherwise one is written from its data. The last two are met by what
the learner does (Progress), the others by the state of the run.

"solution" says how a teacher reaches the goals (changes to the session, then N steps of training):
`python main.py lessons --check` and the tests train it headless and check the goals it can meet.
"""
import copy
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from . import schema, session
from .errors import BadInput
from .exercises import EQUATIONS
from .files import read_json, write_json

FORMAT = "backprop-lab-lesson"
VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024
DEFAULT_SPEED = 50  # steps/s a lesson opens at when its file sets no pace (a preset's typical pace)
ORDER = ("the-question", "the-chain", "why-a-hidden-layer", "shapes-and-the-batch", "softmax-cross-entropy",
         "learning-rate-too-large", "vanishing-gradients", "overfitting-and-l2")

# The controls a lesson may hide or lock; the window maps each to its widgets.
CONTROLS = ("network", "activations", "weights", "loss", "optimizer", "lr", "batch_size", "regularization",
            "data", "seed")
GOAL_KINDS = ("loss", "parameter", "steps", "hidden_neurons", "hidden_layers", "setting", "hidden_activation",
              "gradient_ratio", "quiz", "diverged")
BY_LEARNER = ("quiz", "diverged")  # met by what the learner does, not by the run's state
SETTINGS = ("lr", "l1", "l2", "batch_size")
BOUNDS = ("at_most", "at_least", "equals")


@dataclass
class Progress:
    """What the learner has done in the lesson: quiz entries answered per equation, a diverged run."""
    quiz: dict = field(default_factory=dict)
    diverged: bool = False

    def answered(self, equation, n=1):
        self.quiz[equation] = self.quiz.get(equation, 0) + n


@dataclass
class GoalState:
    goal: dict
    met: bool
    text: str
    now: str  # where the run is: "test loss 0.12", "3 of 5"


@dataclass
class Lesson:
    name: str
    title: str
    task: str
    task_format: str  # "markdown" or "html"
    session: dict
    goals: list
    hidden: tuple
    locked: tuple
    solution: dict | None = None

    def trainer(self):
        """A fresh Trainer of the lesson's session."""
        return session.from_dict(copy.deepcopy(self.session), where=f"lesson {self.name} session")

    def view(self):
        """How the window shows the lesson (see session.view_settings). A lesson is watched, so one
        whose file sets no pace opens at DEFAULT_SPEED, never "as fast as possible"."""
        view = session.view_settings(self.session.get("view"))
        if view["speed"] is None:
            view["speed"] = DEFAULT_SPEED
        return view

    def solved_session(self):
        """The session with the solution's changes merged in."""
        if not self.solution:
            raise BadInput(f"lesson {self.name} has no solution")
        return _merged(self.session, self.solution.get("session", {}))

    def to_dict(self):
        d = {"format": FORMAT, "version": VERSION, "name": self.name, "title": self.title, "task": self.task,
             "task_format": self.task_format, "session": self.session, "goals": self.goals,
             "locks": {"hidden": list(self.hidden), "locked": list(self.locked)}}
        if self.solution:
            d["solution"] = self.solution
        return d


def _merged(base, changes):
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


# ---- validation -----------------------------------------------------------------------------------
def _bound(goal, where, integer=False):
    present = [b for b in BOUNDS if b in goal]
    if len(present) != 1:
        raise BadInput(f"{where} needs exactly one of {', '.join(BOUNDS)}")
    value = goal[present[0]]
    if integer:
        schema.integer(value, f"{where} {present[0]}")
    else:
        schema.number(value, f"{where} {present[0]}")


def check_goal(goal, where="goal"):
    """BadInput naming the problem if `goal` is not one of the kinds above with the right data."""
    schema.obj(goal, where)
    kind = goal.get("kind")
    if kind not in GOAL_KINDS:
        raise BadInput(f"{where} has kind {kind!r}; the kinds are {', '.join(GOAL_KINDS)}")
    allowed = {"loss": ("set", "at_most"), "parameter": ("name", "target", "within"), "steps": ("at_least",),
               "hidden_neurons": BOUNDS, "hidden_layers": BOUNDS, "setting": ("name",) + BOUNDS,
               "hidden_activation": ("one_of",), "gradient_ratio": BOUNDS, "quiz": ("equation", "count"),
               "diverged": ()}[kind]
    required = {"loss": ("set", "at_most"), "parameter": ("name", "target", "within"), "steps": ("at_least",),
                "setting": ("name",), "hidden_activation": ("one_of",), "quiz": ("equation", "count")}.get(kind, ())
    schema.keys(goal, where, required=("kind",) + required, optional=tuple(set(allowed) - set(required)) + ("text",))
    if "text" in goal:
        schema.string(goal["text"], f"{where} text")
    if kind == "loss":
        schema.string(goal["set"], f"{where} set", ("train", "test"))
        schema.number(goal["at_most"], f"{where} at_most")
    elif kind == "parameter":
        name = schema.string(goal["name"], f"{where} name")
        if not (name[:1] in "Wb" and "[" in name and name.endswith("]")):
            raise BadInput(f"{where} name {name!r} must name a weight or bias like 'W1[0,0]' or 'b2[1]'")
        schema.number(goal["target"], f"{where} target")
        schema.number(goal["within"], f"{where} within")
    elif kind == "steps":
        schema.integer(goal["at_least"], f"{where} at_least")
    elif kind in ("hidden_neurons", "hidden_layers"):
        _bound(goal, where, integer=True)
    elif kind == "setting":
        schema.string(goal["name"], f"{where} name", SETTINGS)
        _bound(goal, where)
    elif kind == "hidden_activation":
        from .activations import NAMES
        if not isinstance(goal["one_of"], list) or not goal["one_of"]:
            raise BadInput(f"{where} one_of must be a list of activations")
        for a in goal["one_of"]:
            schema.string(a, f"{where} one_of", NAMES)
    elif kind == "gradient_ratio":
        _bound(goal, where)
    elif kind == "quiz":
        schema.string(goal["equation"], f"{where} equation", EQUATIONS)
        schema.integer(goal["count"], f"{where} count", 1)
    return goal


def from_dict(d, name="", where="lesson"):
    """A Lesson from a lesson file's contents. Raises BadInput naming the first problem found; the
    session is checked by loading it (as a session file is), so a lesson that loads can be trained."""
    schema.obj(d, where)
    schema.keys(d, where, required=("format", "version", "title", "task", "session", "goals"),
                optional=("name", "task_format", "locks", "solution"))
    if d["format"] != FORMAT:
        raise BadInput(f"{where} is not a Backprop Lab lesson (format is {d['format']!r})")
    version = schema.integer(d["version"], f"{where} version", 0)
    if version != VERSION:
        raise BadInput(f"{where} has format version {version}; this version of Backprop Lab reads version {VERSION}")
    title = schema.string(d["title"], f"{where} title")
    task = schema.string(d["task"], f"{where} task")
    task_format = schema.string(d.get("task_format", "markdown"), f"{where} task_format", ("markdown", "html"))
    session.from_dict(copy.deepcopy(d["session"]), where=f"{where} session")
    if not isinstance(d["goals"], list):
        raise BadInput(f"{where} goals must be a list")
    goals = [check_goal(g, f"{where} goal {i + 1}") for i, g in enumerate(d["goals"])]
    locks = schema.keys(d.get("locks", {}), f"{where} locks", optional=("hidden", "locked"))
    lists = []
    for key in ("hidden", "locked"):
        items = locks.get(key, [])
        if not isinstance(items, list):
            raise BadInput(f"{where} locks {key} must be a list of controls")
        lists.append(tuple(schema.string(c, f"{where} locks {key}", CONTROLS) for c in items))
    solution = d.get("solution")
    if solution is not None:
        schema.keys(solution, f"{where} solution", optional=("session", "steps"))
        schema.integer(solution.get("steps", 0), f"{where} solution steps", 0, 10**7)
        schema.obj(solution.get("session", {}), f"{where} solution session")
    name = schema.string(d.get("name", name), f"{where} name") or name
    lesson = Lesson(name, title, task, task_format, copy.deepcopy(d["session"]), goals, *lists, solution)
    if solution is not None:
        session.from_dict(lesson.solved_session(), where=f"{where} solution session")
    return lesson


# ---- files ----------------------------------------------------------------------------------------
def folder():
    """The shipped lessons' folder, inside the package like the presets (an importlib.resources
    Traversable), so an installed copy finds them wherever it runs."""
    return resources.files("resources").joinpath("lessons")


def names():
    """The shipped lessons, in the order of the path through the subject."""
    found = {entry.name[:-len(".json")] for entry in folder().iterdir() if entry.name.endswith(".json")}
    return [n for n in ORDER if n in found] + sorted(found - set(ORDER))


def read(name):
    """A shipped lesson's JSON as a dict."""
    if name not in names():
        raise BadInput(f"no lesson called {name!r}; the lessons are {', '.join(names())}")
    return json.loads(folder().joinpath(f"{name}.json").read_text(encoding="utf-8"))


def title(name):
    """A shipped lesson's title, read without building its session (the Lessons menu lists them all
    at start-up; the tests check every shipped lesson loads)."""
    return schema.string(read(name).get("title", name), f"lesson {name} title")


def get(name):
    """A shipped lesson by name."""
    return from_dict(read(name), name, where=f"lesson {name}")


def load(path):
    d = read_json(path, MAX_FILE_BYTES, "lesson file")
    return from_dict(d, Path(path).stem, where="the lesson file")


def save(lesson, path):
    from_dict(lesson.to_dict(), lesson.name)  # refuse to write what could not be read back
    write_json(path, lesson.to_dict())


def from_trainer(trainer, title, task, goals=(), hidden=(), locked=(), name="", task_format="markdown"):
    """A teacher's lesson from the current run (File › Save as lesson): its session without the
    history, the task, goals and locks (all validated)."""
    d = {"format": FORMAT, "version": VERSION, "name": name, "title": title, "task": task,
         "task_format": task_format, "session": session.to_dict(trainer, name=name, with_history=False),
         "goals": list(goals), "locks": {"hidden": list(hidden), "locked": list(locked)}}
    return from_dict(json.loads(json.dumps(d)), name)


# ---- goals ----------------------------------------------------------------------------------------
SIGNS = {"at_most": "≤", "at_least": "≥", "equals": "="}
SETTING_NAMES = {"lr": "learning rate η", "batch_size": "batch size", "l1": "L1 λ₁", "l2": "L2 λ₂"}


def _compare(value, goal):
    for bound in BOUNDS:
        if bound in goal:
            limit = goal[bound]
            ok = {"at_most": value <= limit, "at_least": value >= limit, "equals": value == limit}[bound]
            return bool(ok), SIGNS[bound], limit
    raise BadInput("a goal without a bound")


def _parameter(network, name):
    import re
    match = re.fullmatch(r"([Wb])(\d+)\[(\d+)(?:,(\d+))?\]", name.replace(" ", ""))
    if not match:
        raise BadInput(f"{name!r} does not name a weight or bias like 'W1[0,0]' or 'b2[1]'")
    kind, l, j, k = match.group(1), int(match.group(2)), int(match.group(3)), int(match.group(4) or 0)
    return float(network.params[network.parameter_index(kind, l, j, k)])


def _gradient_ratio(trainer):
    net = trainer.network
    grad = net.split(trainer.gradient_for_next_step())
    first, last = np.linalg.norm(grad[0][0]), np.linalg.norm(grad[-1][0])
    return float(first / last) if last > 0 else float("inf")


def describe(goal):
    """The goal in words, from its own "text" or its data."""
    if "text" in goal:
        return goal["text"]
    kind, get = goal["kind"], goal.get
    bound = next((f"{SIGNS[b]} {goal[b]:g}" for b in BOUNDS if b in goal), "")
    count = get("count", 0)
    words = {
        "loss": f"{get('set', 'train')} loss ≤ {get('at_most', 0):g}",
        "parameter": f"{get('name')} within {get('within', 0):g} of {get('target', 0):g}",
        "steps": f"train for at least {get('at_least', 0)} steps",
        "hidden_neurons": f"hidden neurons {bound}",
        "hidden_layers": f"hidden layers {bound}",
        "setting": f"{SETTING_NAMES.get(get('name'), get('name'))} {bound}",
        "hidden_activation": "hidden layers use " + " or ".join(get("one_of", [])),
        "gradient_ratio": f"‖∂C/∂W¹‖ / ‖∂C/∂Wᴸ‖ {bound}",
        "quiz": f"answer {count} quiz entr{'y' if count == 1 else 'ies'} of {get('equation')}",
        "diverged": "make a run diverge (and see why)",
    }
    return words[kind]


def evaluate(goal, trainer, progress=None):
    """GoalState of one goal for this run and the learner's progress."""
    progress = progress or Progress()
    net, kind = trainer.network, goal["kind"]
    hidden = net.sizes[1:-1]
    if kind == "loss":
        train, test = trainer.losses()
        value = train if goal["set"] == "train" else test
        met, now = bool(np.isfinite(value) and value <= goal["at_most"]), f"{goal['set']} loss {value:.4g}"
    elif kind == "parameter":
        try:
            value = _parameter(net, goal["name"])
        except BadInput:
            return GoalState(goal, False, describe(goal), f"the network has no {goal['name']}")
        met, now = abs(value - goal["target"]) <= goal["within"], f"{goal['name']} = {value:.6g}"
    elif kind == "steps":
        met, now = trainer.step_count >= goal["at_least"], f"{trainer.step_count} steps"
    elif kind == "hidden_neurons":
        met, _, _ = _compare(sum(hidden), goal)
        now = f"{sum(hidden)} hidden neurons"
    elif kind == "hidden_layers":
        met, _, _ = _compare(len(hidden), goal)
        now = f"{len(hidden)} hidden layers"
    elif kind == "setting":
        value = getattr(trainer, goal["name"])
        met, _, _ = _compare(value, goal)
        now = f"{goal['name']} = {value:g}"
    elif kind == "hidden_activation":
        acts = net.activations[:-1]
        met = bool(acts) and all(a in goal["one_of"] for a in acts)
        now = "hidden: " + (", ".join(dict.fromkeys(acts)) or "none")
    elif kind == "gradient_ratio":
        with np.errstate(all="ignore"):
            value = _gradient_ratio(trainer)
        met, _, _ = _compare(value, goal)
        now = f"ratio {value:.3g}"
    elif kind == "quiz":
        done = progress.quiz.get(goal["equation"], 0)
        met, now = done >= goal["count"], f"{min(done, goal['count'])} of {goal['count']}"
    else:  # diverged
        met, now = progress.diverged or bool(getattr(trainer, "diverged", False)), ""
    return GoalState(goal, bool(met), describe(goal), now)


def evaluate_all(lesson, trainer, progress=None):
    return [evaluate(g, trainer, progress) for g in lesson.goals]


def train_solution(lesson):
    """(trainer, progress) after the solution: its session changes, then its steps, headless; a
    diverged run is recorded in the progress as the window records it."""
    trainer = session.from_dict(lesson.solved_session(), where=f"lesson {lesson.name} solution")
    progress = Progress()
    steps = int(lesson.solution.get("steps", 0))
    if steps:
        result = trainer.run(steps)
        progress.diverged = result.diverged
    return trainer, progress
