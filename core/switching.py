"""Switching the data of a session: which data a change of source means, and the labels it implies.

The window's data controls and a notebook ask the same questions here: the source record after a
change (`switched_source`), the label encoding an output activation wants (`label_encoding_for`)
and a Trainer with every setting of another on a new network and data (`trainer_like`).
"""
from . import datasets
from .trainer import Trainer

# a generator chosen instead of fixed points or a CSV starts from these settings
GENERATOR_DEFAULTS = {"samples": 200, "noise": 0.0, "test_fraction": 0.5, "seed": 0}


def label_encoding_for(output_activation):
    """The targets an output layer can reach: 0/1 for a sigmoid, one-hot for softmax, ±1 otherwise."""
    return {"sigmoid": "01", "softmax": "onehot"}.get(output_activation, "pm1")


def switched_source(source, changes, output_activation):
    """The source record (see core.sources.from_source) after `changes` (generator, samples, noise,
    test_fraction, seed, labels) to `source`, for a network whose output activation is given.

    Leaving a CSV or fixed points for a generator starts from GENERATOR_DEFAULTS; a CSV keeps its rows
    and takes only a new split or seed; a generator's labels follow the output layer unless given.
    `features` (a list of core.features names, None for the raw points) stays across 2-D data and is
    dropped for 1-D data; drawn points (generator "drawn") keep their points, taking a new split or seed."""
    source = dict(source)
    if "csv" in source and changes.get("generator", "csv") != "csv":
        source = {"generator": changes["generator"], **GENERATOR_DEFAULTS}  # leaving the CSV for a generator
    if "csv" in source:
        record = dict(source["csv"])
        record.update({k: v for k, v in changes.items() if k in ("test_fraction", "seed")})
        features = changes.get("features", source.get("features"))
        return {"csv": record, **({"features": features} if features is not None else {})}
    generator = changes.get("generator", source.get("generator"))
    if generator != source.get("generator") and source.get("generator") in (None, "points", "drawn"):
        # fixed or drawn points have no such settings (the input features stay)
        kept = {"features": source["features"]} if "features" in source else {}
        source = {"generator": generator, **GENERATOR_DEFAULTS, **kept}
    source.update(changes)
    if source.get("generator") in datasets.ONE_DIMENSIONAL or source.get("features", 0) is None:
        source.pop("features", None)  # features are made from two inputs; None: the points themselves
    if "labels" not in changes and source.get("generator") != "points":
        # a tanh output wants labels ±1, a sigmoid one 0/1, several classes one output each
        multiclass = datasets.GENERATORS[source["generator"]][1] == "multiclass" \
            if source.get("generator") in datasets.GENERATORS else False
        source["labels"] = "onehot" if multiclass else label_encoding_for(output_activation)
    return source


def trainer_like(old, network, data):
    """A new Trainer with `network` and `data` and every setting of `old`."""
    settings = old.optimizer.settings()
    name, lr = settings.pop("name"), settings.pop("lr")
    return Trainer(network, data, loss=old.loss, optimizer=name, lr=lr, batch_size=old.batch_size,
                   seed=old.seed, l1=old.l1, l2=old.l2, history_capacity=old.history_capacity, **settings)
