"""`python main.py code SOURCE --lang numpy|pytorch|matlab [--steps N] -o PATH`: the run as a script.

The script trains from the initial weights for N steps (default: as many as the session has
taken), one equation a line, and checks itself against the app's numbers (see core/code_export).
"""
import os

from . import code_export
from .errors import BadInput


def add_parser(sub, number):
    c = sub.add_parser("code", help="write the run as a NumPy, PyTorch or MATLAB script that checks itself")
    c.add_argument("source", help="a preset name or a session .json file")
    c.add_argument("--lang", choices=tuple(code_export.LANGUAGES), default="numpy",
                   help="the script's language (default numpy)")
    c.add_argument("--steps", type=number(int, 0, code_export.replay_module.MAX_STEPS),
                   help="steps to train (default: as many as the session has taken)")
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
    result = code_export.write(trainer, args.output, args.lang, args.steps, name, command)
    print(f"wrote {args.output}: {args.lang}, {result.steps:,} steps of {name}; the app's final cost "
          f"{result.cost:.6g}, which the script checks itself against", file=out)
    return 0
