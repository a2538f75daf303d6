"""The command line's data options: training on a CSV file, input features, stopping at a loss.

    python main.py train data.csv --target COLUMN [--target COLUMN ...] [--hidden 8,8]
                                  [--test-fraction 0.2]
    python main.py train SOURCE --features 'x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)'
    python main.py train SOURCE --until-loss 0.01 [--steps MAX]

A CSV gets a network made for its data: the hidden layers asked for (tanh), and an output
layer and cost that suit the targets — one tanh output with mse for labels ±1, a sigmoid with
binary cross-entropy for 0/1, a softmax with cross-entropy for classes (text labels or one-hot
columns), a linear output with mse for numbers.
"""
import os

from . import datasets, edits
from .csv_data import make_dataset, read_table
from .errors import BadInput
from .network import Network
from .trainer import Trainer

CSV_LR = 0.03
CSV_BATCH = 10


def add_arguments(train_parser, number):
    """The options above, on the `train` subcommand's parser; `number` makes a checked number type."""
    t = train_parser
    t.add_argument("--target", action="append", metavar="COLUMN",
                   help="for a .csv SOURCE: a column to predict (name or 0-based number); may be repeated "
                        "(default: the last column)")
    t.add_argument("--hidden", default="8", metavar="SIZES",
                   help="for a .csv SOURCE: hidden layer sizes, comma-separated (default 8; 0 for none)")
    t.add_argument("--test-fraction", type=number(float, 0.0, 0.9), default=0.2,
                   help="for a .csv SOURCE: the share of rows kept aside for testing (default 0.2)")
    t.add_argument("--features", metavar="LIST",
                   help="input features of 2-D data, e.g. x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)")
    t.add_argument("--until-loss", type=number(float, 0.0, 1e300), metavar="X",
                   help="stop as soon as the test loss (the training loss without test data) is at most X; "
                        "--steps is then the most steps to take")


def is_csv(source):
    return source.lower().endswith(".csv")


def _hidden_sizes(text):
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise BadInput(f"--hidden must be whole numbers separated by commas, e.g. 8,8; got {text!r}") from None
    if sizes == [0]:
        return []
    if not sizes or any(s < 1 for s in sizes):
        raise BadInput(f"--hidden sizes must be at least 1 (or just 0 for no hidden layer); got {text!r}")
    return sizes


def output_for(data):
    """(output activation, loss) that suit the data's targets."""
    if data.task == "multiclass":
        return "softmax", "cross_entropy"
    if data.task == "binary":
        return ("tanh", "mse") if data.Y_train.min() < 0 or (len(data.Y_test) and data.Y_test.min() < 0) \
            else ("sigmoid", "binary_cross_entropy")
    return "linear", "mse"


def csv_trainer(path, targets, hidden="8", test_fraction=0.2, seed=0):
    """A Trainer for a CSV file: inputs → hidden (tanh) → an output layer suited to the targets."""
    table = read_table(path)
    if targets:  # a column given by its number, unless a column has that name
        targets = [int(t) if t not in table.names and t.lstrip("-").isdigit() else t for t in targets]
    data = make_dataset(*table, targets, test_fraction, seed, name=os.path.basename(path), classes=table.classes)
    sizes = [data.n_inputs, *_hidden_sizes(hidden), data.n_outputs]
    output, loss = output_for(data)
    net = Network(sizes, ["tanh"] * (len(sizes) - 2) + [output], bias=True, seed=seed)
    return Trainer(net, data, loss=loss, optimizer="sgd", lr=CSV_LR, batch_size=CSV_BATCH, seed=seed)


def with_features(trainer, features):
    """A Trainer like `trainer` whose network is fed these input features of the raw points; W¹ is
    drawn afresh when the number of inputs changes (a new run), every other setting is kept."""
    data = datasets.with_features(trainer.data, features)
    net = trainer.network
    if data.n_inputs == net.sizes[0]:
        trainer.set_data(data)
        return trainer
    net = edits.set_io(net, data.n_inputs, data.n_outputs)
    settings = trainer.optimizer.settings()
    name, lr = settings.pop("name"), settings.pop("lr")
    return Trainer(net, data, loss=trainer.loss, optimizer=name, lr=lr, batch_size=trainer.batch_size,
                   seed=trainer.seed, l1=trainer.l1, l2=trainer.l2, **settings)


def check_options(args):
    """Refuse options that do not apply to the source, before anything runs."""
    if not is_csv(args.source):
        for option, given in (("--target", args.target), ("--hidden", args.hidden != "8")):
            if given:
                raise BadInput(f"{option} applies to a .csv file; {args.source} is a preset or a session")


def run_until(trainer, loss, max_steps):
    """Train until the watched loss is at most `loss` or max_steps are taken (Trainer.run_until)."""
    return trainer.run_until(loss, max_steps)
