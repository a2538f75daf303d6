"""`python main.py code SOURCE --lang numpy|pytorch|matlab [--steps N] -o PATH`: the run as a script.

The script trains from the initial weights for N steps (default: as many as the session has
taken; when none were taken, as for a preset or a lesson, see default_steps), one equation a line, and checks itself against the app's numbers (see core/code_export).
"""
import os

from . import code_export
from .errors import BadInput

QUESTION_STEPS = 20   # one-sample networks (the question's): each step is worth reading
DEFAULT_STEPS = 1000  # anything else: enough to see the cost fall


def default_steps(trainer):
    """The steps a script takes when none are asked for: as many as the session has taken, or, when it
    has taken none (a preset, a lesson), a number worth running instead of a script that does nothing."""
    if trainer.step_count > 0:
        return None  # the session's own count
    return QUESTION_STEPS if len(trainer.data.X_train) <= 1 else DEFAULT_STEPS


def add_parser(sub, number):
    c = sub.add_parser("code", help="write the run as a NumPy, PyTorch or MATLAB script that checks itself")
    c.add_argument("source", help="a preset name or a session .json file")
    c.add_argument("--lang", choices=tuple(code_export.LANGUAGES), default="numpy",
                   help="the script's language (default numpy)")
    c.add_argument("--steps", type=number(int, 0, code_export.replay_module.MAX_STEPS),
                   help=f"steps to train (default: as many as the session has taken; when it has taken none, "
                        f"as a preset or a lesson, {QUESTION_STEPS} for a one-sample network like the question's "
                        f"and {DEFAULT_STEPS} otherwise)")
    c.add_argument("-o", "--output", required=True, metavar="PATH", help="where to write the script")
    return c


def run(args, out, load):
    """Write the script; `load` turns SOURCE into (trainer, name) as `train` does."""
    ext = os.path.splitext(args.output)[1].lower()
    wanted = code_export.EXTENSIONS[args.lang]
    if ext != wanted:
        raise BadInput(f"a {args.lang} script needs a {wanted} file name, got {args.output}")
    trainer, name = load(args.source)
    command = f"python main.py code {args.source} --lang {args.lang}" + \
              (f" --steps {args.steps}" if args.steps is not None else "")
    steps = args.steps if args.steps is not None else default_steps(trainer)
    result = code_export.write(trainer, args.output, args.lang, steps, name, command)
    print(f"wrote {args.output}: {args.lang}, {result.steps:,} steps of {name}; the app's final cost "
          f"{result.cost:.6g}, which the script checks itself against", file=out)
    return 0
