"""The headless command line: train a preset or a session file without a window (no Qt imported).

    python main.py presets
    python main.py train SOURCE [--steps N] [--lr X] [--batch-size N] [--seed N]
                                [--save SESSION.json] [--export PATH]... [--history PATH.csv] [--quiet]
                                [--features x1,x2,...] [--until-loss X]
    python main.py train DATA.csv --target COLUMN [--target ...] [--hidden 8,8] [--test-fraction F]
    python main.py gradcheck SOURCE [--all]
    python main.py lessons [--check]
    python main.py worksheet SOURCE [--step N] [--variant K] --out SHEET.html --key KEY.html
    python main.py code SOURCE --lang numpy|pytorch|matlab [--steps N] -o PATH
    python main.py figure SOURCE --what diagram|loss|weights|data|equations|window [--steps N] -o PATH

Exit codes: 0 success; 2 bad input (one line on stderr, nothing written) or a file that could not
be written (stderr names it, and which files were written); 3 training diverged (the last finite
weights are what --save/--export write). --save, --export and --history are checked before training
and written together: all go to temporary files first and are renamed into place at the end.
"""
import argparse
import io
import math
import os
import sys
import time

from . import (cli_code, cli_data, cli_figure, cli_teaching, history_csv, losses, model_export, optimizers,
               presets, session)
from .errors import BadInput
from .files import check_writable, write_together
from .gradcheck import check_gradients, sample

EXIT_OK, EXIT_BAD_INPUT, EXIT_DIVERGED, EXIT_INTERRUPTED = 0, 2, 3, 130
GRADCHECK_SAMPLE = 1000  # parameters gradcheck checks by default (two forward passes each: ~1.5 s at 1M parameters)
SHOW_PARAMS = 8  # networks this small get their final weights printed in the summary
CHUNK_SECONDS = 0.05  # how long one batch of steps runs before progress is checked


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage block, exit 2
        raise BadInput(message)


class _Output:
    """A text stream that goes quiet once its reader has gone (e.g. `... | head -1`), so a closed
    pipe never stops training or keeps --save/--export from being written. Text the stream cannot
    encode (a lone surrogate in a session's name, a file name that is not UTF-8, on a strict UTF-8
    or an ASCII terminal) is written with backslash escapes (\\ud800) rather than stopping the run."""

    def __init__(self, stream):
        self.stream = stream
        self.gone = False

    def write(self, text):
        if not self.gone:
            try:
                try:
                    self.stream.write(text)
                except UnicodeEncodeError:
                    self.stream.write(self._escaped(text))
            except BrokenPipeError:
                self._gone()
        return len(text)

    def _escaped(self, text):
        encoding = getattr(self.stream, "encoding", None) or "utf-8"
        return text.encode(encoding, "backslashreplace").decode(encoding)

    def flush(self):
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._gone()

    def _gone(self):
        self.gone = True
        try:  # point the file descriptor at /dev/null, so Python's own flush at exit stays quiet
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            pass


def _number(kind, low=None, high=None):
    """An argparse type: a number of this kind, within [low, high] if given. Settings of the model
    (η, the batch size, the seed) are only read here; the core checks them (see _set)."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a {'whole number' if kind is int else 'number'}, "
                                             f"got {text!r}") from None
        if low is not None and not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(f"must be between {low:g} and {high:g}, got {text}")
        return value
    return parse


WINDOW_USAGE = """the window:
  python main.py               opens the window on the question's network
  python main.py PRESET        opens it on a preset (see 'presets'), e.g. python main.py circle
  python main.py FILE.json     opens a saved session"""


def _parser():
    p = _Parser(prog="backprop-lab", description="Backprop Lab: backpropagation in matrix form, headless.",
                epilog=WINDOW_USAGE, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("presets", help="list the built-in presets")
    t = sub.add_parser("train", help="train a preset or a session file")
    t.add_argument("source", help="a preset name (see 'presets'), a session .json file or a data .csv file")
    t.add_argument("--steps", type=_number(int, 0, 10**9), default=1000,
                   help="optimizer steps to take (default 1000)")
    t.add_argument("--lr", type=_number(float), help="learning rate η")
    t.add_argument("--batch-size", type=_number(int))
    t.add_argument("--seed", type=_number(int),
                   help="start again: initial weights and shuffling from this seed")
    t.add_argument("--save", metavar="SESSION.json", help="write the session here when done")
    t.add_argument("--export", metavar="PATH", action="append", default=[],
                   help="write the weights (.npz, .json, .csv or MATLAB .mat) or the model (.onnx), by "
                   "extension; may be repeated")
    t.add_argument("--history", metavar="PATH.csv", help="write the recorded steps (losses, every weight) as CSV")
    t.add_argument("--quiet", action="store_true", help="print only the summary")
    cli_data.add_arguments(t, _number)
    g = sub.add_parser("gradcheck", help="compare backprop with finite differences")
    g.add_argument("source")
    g.add_argument("--all", action="store_true",
                   help=f"check every parameter (by default a network of more than {GRADCHECK_SAMPLE:,} "
                   "has a random sample of them checked, from every layer)")
    cli_teaching.add_commands(sub, _number)
    cli_code.add_parser(sub, _number)
    cli_figure.add_parser(sub, _number)
    return p


def _load(source):
    if source in presets.names():
        return presets.load(source), source
    lesson = cli_teaching.load_lesson(source)
    if lesson is not None:
        return lesson
    if os.path.lexists(source) or source.endswith(".json"):
        trainer, name, _ = session.load(source)
        return trainer, name or os.path.basename(source)
    raise BadInput(f"{source!r} is neither a preset ({', '.join(presets.names())}), a lesson (see 'lessons') "
                   f"nor a session file")


def _destinations(args):
    """(flag, path) of every file the run is asked to write, in the order they are written."""
    return ([("--save", args.save)] if args.save else []) + [("--export", p) for p in args.export] + \
        ([("--history", args.history)] if args.history else [])


def _check_outputs(args):
    """Refuse bad output paths before any training, so nothing is written on bad input: each must
    be writable, and no file may be named twice (the second would silently replace the first)."""
    if args.save:
        if os.path.splitext(args.save)[1].lower() != ".json":
            raise BadInput(f"--save needs a .json file name, got {args.save}")
        check_writable(args.save)
    for path in args.export + ([args.history] if args.history else []):
        if path != args.history:
            model_export.check(path)
        elif not path.lower().endswith(".csv"):
            raise BadInput(f"--history needs a .csv file name, got {path}")
        check_writable(path)
    seen = {}
    for flag, path in _destinations(args):
        same = os.path.realpath(path)  # through links: two names of one file are one destination
        if same in seen:
            raise BadInput(f"{path} is named twice ({seen[same]} and {flag}); each file can be written once")
        seen[same] = flag


def _losses_text(trainer):
    (train, test), (train_acc, test_acc) = trainer.losses(), trainer.accuracies()
    text = f"loss {train:.6g}" + ("" if math.isnan(test) else f"  test {test:.6g}")
    if not math.isnan(train_acc):  # a classification: e.g. "accuracy 98.4%  test 97.6%"
        text += f"; accuracy {100 * train_acc:.1f}%" + ("" if math.isnan(test_acc) else f"  test {100 * test_acc:.1f}%")
    return text


def _set(flag, change, *args):
    """Apply a setting given by a flag; the core's refusal names the flag."""
    try:
        change(*args)
    except BadInput as e:
        raise BadInput(f"argument {flag}: {e}") from None


def _train(args, out):
    _check_outputs(args)
    cli_data.check_options(args)
    if cli_data.is_csv(args.source):
        trainer = cli_data.csv_trainer(args.source, args.target, args.hidden, args.test_fraction,
                                       args.seed if args.seed is not None else 0)
        name = os.path.basename(args.source)
    else:
        trainer, name = _load(args.source)
    if args.features is not None:
        trainer = cli_data.with_features(trainer, args.features)
    if args.lr is not None:
        _set("--lr", setattr, trainer, "lr", args.lr)
    if args.batch_size is not None:
        _set("--batch-size", setattr, trainer, "batch_size", args.batch_size)
    if args.seed is not None:
        _set("--seed", trainer.set_seed, args.seed)
        trainer.reset()
    say = (lambda text: None) if args.quiet else (lambda text: print(text, file=out, flush=True))
    goal = "" if args.until_loss is None else \
        f" (or until the {trainer.goal_loss_name()} loss is at most {args.until_loss:g})"
    inputs = f", inputs {', '.join(trainer.data.input_names)}" if trainer.data.features else ""
    say(f"{name}: {trainer.network}{inputs}, {losses.describe(trainer.loss).label}, "
        f"{optimizers.describe(trainer.optimizer.name).label} η={trainer.lr:g}, "
        f"batch {trainer.effective_batch_size}, {'at most ' if goal else ''}{args.steps:,} steps{goal}")
    start, done, chunk, last_report = time.perf_counter(), 0, 1, 0.0
    result = None
    while done < args.steps:
        t0 = time.perf_counter()
        if args.until_loss is None:
            result = trainer.run(min(chunk, args.steps - done))
        else:
            result = trainer.run_until(args.until_loss, min(chunk, args.steps - done))
        done += result.steps
        if result.diverged or result.reached or result.at_limit:
            break
        elapsed = time.perf_counter() - t0
        chunk = max(1, min(chunk * 2, int(chunk * CHUNK_SECONDS / max(elapsed, 1e-9))))  # aim at ~50 ms chunks
        now = time.perf_counter() - start
        if now - last_report >= 1.0 and done < args.steps:
            say(f"step {trainer.step_count:>10,}  {done / args.steps:6.1%}  {_losses_text(trainer)}  "
                f"{done / now:,.0f} steps/s")
            last_report = now
    seconds = time.perf_counter() - start
    failed = _write_outputs(args, trainer, name)
    rate = f"{done / seconds:,.0f} steps/s" if seconds > 0 and done else "-"
    print(f"done: {done:,} steps in {seconds:.2f} s ({rate}); step {trainer.step_count:,}, epoch {trainer.epoch:,}; "
          f"{_losses_text(trainer)}", file=out)
    if trainer.network.n_params <= SHOW_PARAMS:  # e.g. the question's one weight: show where it went
        names = trainer.network.parameter_names()
        print("  " + ", ".join(f"{n} = {v:.8g}" for n, v in zip(names, trainer.network.params)), file=out)
    if args.until_loss is not None:
        which = trainer.goal_loss_name()
        reached = trainer.losses()[1 if which == "test" else 0] <= args.until_loss
        print(f"  the {which} loss reached {args.until_loss:g} at step {trainer.step_count:,}" if reached else
              f"  the {which} loss did not reach {args.until_loss:g} in {done:,} steps", file=out)
    for path in WRITTEN:
        print(f"wrote {path}", file=out)
    if result is not None and (result.diverged or result.at_limit):
        print(f"backprop-lab: {result.message}", file=_Output(sys.stderr))
    if failed:
        raise BadInput("; ".join([f"wrote {', '.join(WRITTEN)}" if WRITTEN else "nothing was written"] +
                                 [f"{path} not written: {reason}" for path, reason in failed]))
    if result is not None and result.diverged:
        return EXIT_DIVERGED
    return EXIT_OK


WRITTEN = []  # the files this run has put in place, so an interruption can say exactly which


def _write_outputs(args, trainer, name):
    """Write --save, --export and --history together (see files.write_together): each to its
    temporary file, then all renamed into place. One that cannot be written (a full disk) does not
    keep the others from being written. Returns [(path, reason)] of those not written."""
    writers = {"--save": lambda p: session.save(trainer, p, name=name),
               "--export": lambda p: model_export.export(trainer.network, p, inputs=trainer.data.features or None),
               "--history": lambda p: history_csv.write(trainer, p)}
    failed = []
    with write_together(WRITTEN):
        for flag, path in _destinations(args):
            try:
                writers[flag](path)
            except BadInput as e:
                failed.append((path, str(e)))
    return failed


def _gradcheck(args, out):
    trainer, name = _load(args.source)
    X, Y = trainer.peek_batch()
    net, n = trainer.network, trainer.network.n_params
    indices = None if args.all or n <= GRADCHECK_SAMPLE else sample(net, GRADCHECK_SAMPLE)
    err, started, shown = _Output(sys.stderr), time.perf_counter(), [time.perf_counter()]

    def progress(done, total):  # a line every few seconds on a long check, so it is never silent
        now = time.perf_counter()
        if now - shown[0] >= 2.0 and done < total:
            left = (now - started) / done * (total - done)
            print(f"gradcheck: {done:,} of {total:,} parameters checked, about {left:,.0f} s left", file=err,
                  flush=True)
            shown[0] = now
    check = check_gradients(net, X, Y, trainer.loss, indices=indices, progress=progress)
    checked = f"{n:,} parameter{'' if n == 1 else 's'}" if indices is None else \
        f"{len(indices):,} of {n:,} parameters (a random sample from every layer; --all checks each)"
    print(f"{name}: {checked}, batch of {len(X):,}; {check.summary()}", file=out)
    return EXIT_OK


def main(argv=None, out=None, figure=None):
    out = _Output(out or sys.stdout)
    WRITTEN.clear()
    try:
        args = _parser().parse_args(argv)
        if args.command == "presets":
            for n in presets.names():
                print(f"{n:16s} {presets.describe(n)}", file=out)
            return EXIT_OK
        if args.command in cli_teaching.COMMANDS:
            return cli_teaching.run(args, out, _load)
        if args.command == "code":
            return cli_code.run(args, out, _load)
        if args.command == "figure":
            return cli_figure.run(args, out, _load, figure)
        return (_train if args.command == "train" else _gradcheck)(args, out)
    except BadInput as e:
        print(f"backprop-lab: {e}", file=_Output(sys.stderr))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        done = f"wrote {', '.join(WRITTEN)}; nothing else was written" if WRITTEN else "nothing was written"
        print(f"backprop-lab: interrupted; {done}", file=_Output(sys.stderr))
        return EXIT_INTERRUPTED
