"""The headless command line: train a preset or a session file without a window (no Qt imported).

    python main.py presets
    python main.py train SOURCE [--steps N] [--lr X] [--batch-size N] [--seed N]
                                [--save SESSION.json] [--export PATH]... [--quiet]
    python main.py gradcheck SOURCE

Exit codes: 0 success; 2 bad input (one line on stderr, nothing written);
3 training diverged (the last finite weights are what --save/--export write).
"""
import argparse
import io
import math
import os
import sys
import time

from . import losses, optimizers, presets, session, weights_file
from .errors import BadInput
from .files import check_writable
from .gradcheck import check_gradients

EXIT_OK, EXIT_BAD_INPUT, EXIT_DIVERGED, EXIT_INTERRUPTED = 0, 2, 3, 130
SHOW_PARAMS = 8  # networks this small get their final weights printed in the summary
CHUNK_SECONDS = 0.05  # how long one batch of steps runs before progress is checked


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage block, exit 2
        raise BadInput(message)


class _Output:
    """A text stream that goes quiet once its reader has gone (e.g. `... | head -1`), so a closed
    pipe never stops training or keeps --save/--export from being written."""

    def __init__(self, stream):
        self.stream = stream
        self.gone = False

    def write(self, text):
        if not self.gone:
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self._gone()
        return len(text)

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


def _parser():
    p = _Parser(prog="backprop-lab", description="Backprop Lab: backpropagation in matrix form, headless. "
                "Without a command, `python main.py` opens the window.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("presets", help="list the built-in presets")
    t = sub.add_parser("train", help="train a preset or a session file")
    t.add_argument("source", help="a preset name (see 'presets') or a session .json file")
    t.add_argument("--steps", type=_number(int, 0, 10**9), default=1000,
                   help="optimizer steps to take (default 1000)")
    t.add_argument("--lr", type=_number(float), help="learning rate η")
    t.add_argument("--batch-size", type=_number(int))
    t.add_argument("--seed", type=_number(int),
                   help="start again: initial weights and shuffling from this seed")
    t.add_argument("--save", metavar="SESSION.json", help="write the session here when done")
    t.add_argument("--export", metavar="PATH", action="append", default=[],
                   help="write the weights (.npz, .json or .csv by extension); may be repeated")
    t.add_argument("--quiet", action="store_true", help="print only the summary")
    g = sub.add_parser("gradcheck", help="compare backprop with finite differences")
    g.add_argument("source")
    return p


def _load(source):
    if source in presets.names():
        return presets.load(source), source
    if os.path.exists(source) or source.endswith(".json"):
        trainer, name, _ = session.load(source)
        return trainer, name or os.path.basename(source)
    raise BadInput(f"{source!r} is neither a preset ({', '.join(presets.names())}) nor a session file")


def _check_outputs(args):
    """Refuse bad output paths before any training, so nothing is written on bad input."""
    if args.save:
        if os.path.splitext(args.save)[1].lower() != ".json":
            raise BadInput(f"--save needs a .json file name, got {args.save}")
        check_writable(args.save)
    for path in args.export:
        weights_file._extension(path, weights_file.FORMATS)
        check_writable(path)


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
    trainer, name = _load(args.source)
    if args.lr is not None:
        _set("--lr", setattr, trainer, "lr", args.lr)
    if args.batch_size is not None:
        _set("--batch-size", setattr, trainer, "batch_size", args.batch_size)
    if args.seed is not None:
        _set("--seed", trainer.set_seed, args.seed)
        trainer.reset()
    say = (lambda text: None) if args.quiet else (lambda text: print(text, file=out, flush=True))
    say(f"{name}: {trainer.network}, {losses.describe(trainer.loss).label}, "
        f"{optimizers.describe(trainer.optimizer.name).label} η={trainer.lr:g}, "
        f"batch {trainer.effective_batch_size}, {args.steps} steps")
    start, done, chunk, last_report = time.perf_counter(), 0, 1, 0.0
    result = None
    while done < args.steps:
        t0 = time.perf_counter()
        result = trainer.run(min(chunk, args.steps - done))
        done += result.steps
        if result.diverged:
            break
        elapsed = time.perf_counter() - t0
        chunk = max(1, min(chunk * 2, int(chunk * CHUNK_SECONDS / max(elapsed, 1e-9))))  # aim at ~50 ms chunks
        now = time.perf_counter() - start
        if now - last_report >= 1.0 and done < args.steps:
            say(f"step {trainer.step_count:>10,}  {done / args.steps:6.1%}  {_losses_text(trainer)}  "
                f"{done / now:,.0f} steps/s")
            last_report = now
    seconds = time.perf_counter() - start
    if args.save:
        session.save(trainer, args.save, name=name)
    for path in args.export:
        weights_file.export_weights(trainer.network, path)
    rate = f"{done / seconds:,.0f} steps/s" if seconds > 0 and done else "-"
    print(f"done: {done:,} steps in {seconds:.2f} s ({rate}); step {trainer.step_count:,}, epoch {trainer.epoch}; "
          f"{_losses_text(trainer)}", file=out)
    if trainer.network.n_params <= SHOW_PARAMS:  # e.g. the question's one weight: show where it went
        names = trainer.network.parameter_names()
        print("  " + ", ".join(f"{n} = {v:.8g}" for n, v in zip(names, trainer.network.params)), file=out)
    for path in ([args.save] if args.save else []) + args.export:
        print(f"wrote {path}", file=out)
    if result is not None and result.diverged:
        print(f"backprop-lab: {result.message}", file=_Output(sys.stderr))
        return EXIT_DIVERGED
    return EXIT_OK


def _gradcheck(args, out):
    trainer, name = _load(args.source)
    X, Y = trainer.peek_batch()
    check = check_gradients(trainer.network, X, Y, trainer.loss)
    print(f"{name}: {trainer.network.n_params} parameters, batch of {len(X)}; {check.summary()}", file=out)
    return EXIT_OK


def main(argv=None, out=None):
    out = _Output(out or sys.stdout)
    try:
        args = _parser().parse_args(argv)
        if args.command == "presets":
            for n in presets.names():
                print(f"{n:12s} {presets.describe(n)}", file=out)
            return EXIT_OK
        return (_train if args.command == "train" else _gradcheck)(args, out)
    except BadInput as e:
        print(f"backprop-lab: {e}", file=_Output(sys.stderr))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("backprop-lab: interrupted; nothing was written", file=_Output(sys.stderr))
        return EXIT_INTERRUPTED
