"""The command line's teaching commands (registered in core/cli.py):

    python main.py lessons [--check]
    python main.py worksheet SOURCE [--step N] [--variant K] --out sheet.html --key key.html

SOURCE is a preset, a lesson or a session file, as for `train`.
"""
import os

from . import lessons, worksheet
from .errors import BadInput
from .files import atomic_write, check_writable

COMMANDS = ("lessons", "worksheet")


def add_commands(sub, number):
    """Add the subcommands to the CLI's subparsers; `number` is the CLI's checked-number type."""
    ls = sub.add_parser("lessons", help="list the shipped lessons")
    ls.add_argument("--check", action="store_true",
                    help="train each lesson's solution headless and say whether its goals are met")
    w = sub.add_parser("worksheet", help="one step in matrix form with blanks, and its answer key (HTML)")
    w.add_argument("source", help="a preset, a lesson or a session .json file")
    w.add_argument("--step", type=number(int, 1, worksheet.MAX_STEP), default=1,
                   help="which step (default 1, the first)")
    w.add_argument("--variant", type=number(int, 0, 10**6), default=0,
                   help="other initial weights and batch, so each student gets other numbers")
    w.add_argument("--out", required=True, metavar="SHEET.html", help="the worksheet")
    w.add_argument("--key", required=True, metavar="KEY.html", help="its answer key")


def load_lesson(source):
    """(trainer, name) if `source` names a shipped lesson or a lesson file, else None."""
    if source in lessons.names():
        return lessons.get(source).trainer(), source
    if source.endswith(".json") and os.path.exists(source):
        try:
            from .files import read_json
            d = read_json(source, lessons.MAX_FILE_BYTES, "lesson file")
        except BadInput:
            return None
        if isinstance(d, dict) and d.get("format") == lessons.FORMAT:
            lesson = lessons.from_dict(d, os.path.splitext(os.path.basename(source))[0], where="the lesson file")
            return lesson.trainer(), lesson.title or lesson.name
    return None


def run(args, out, load):
    """Run one of COMMANDS; `load(source) -> (trainer, name)` is the CLI's loader."""
    if args.command == "lessons":
        for name in lessons.names():
            lesson = lessons.get(name)
            line = f"{name:24s} {lesson.title}"
            if args.check and lesson.solution:
                trainer, progress = lessons.train_solution(lesson)
                states = [s for s in lessons.evaluate_all(lesson, trainer, progress)
                          if s.goal["kind"] not in lessons.BY_LEARNER]
                line += f"  [{sum(s.met for s in states)}/{len(states)} goals met by training]"
            print(line, file=out)
        return 0
    for path in (args.out, args.key):
        if os.path.splitext(path)[1].lower() not in (".html", ".htm"):
            raise BadInput(f"a worksheet is written as HTML: give a .html file name, not {path}")
        check_writable(path)
    if os.path.abspath(args.out) == os.path.abspath(args.key):
        raise BadInput("--out and --key must be two different files (the key holds the answers)")
    trainer, name = load(args.source)
    sheet = worksheet.make(trainer, name, args.step, args.variant)
    atomic_write(args.out, lambda f: f.write(sheet.sheet.encode("utf-8")))
    atomic_write(args.key, lambda f: f.write(sheet.key.encode("utf-8")))
    print(f"wrote {args.out} (step {sheet.step.number} of {name}, {sheet.step.m} sample"
          f"{'s' if sheet.step.m != 1 else ''}) and its key {args.key}", file=out)
    return 0
