"""Making a Dataset again from the record a session file keeps of it: a built-in generator and its
parameters, fixed points, points drawn by hand, or an imported CSV's rows; each optionally with
the input features the network is fed ("features": [...], see core/features.py)."""
from . import csv_data, datasets
from .errors import BadInput


def from_source(source, name=None):
    """Make a Dataset again from its `source` record (as stored in a session file)."""
    if not isinstance(source, dict):
        raise BadInput("the data description must be an object with a 'generator' or 'csv' key")
    features = source.get("features")
    source = {k: v for k, v in source.items() if k != "features"}
    if "csv" in source:
        if set(source) != {"csv"}:
            raise BadInput(f"unknown data setting(s): {', '.join(sorted(set(source) - {'csv'}))}")
        return datasets.with_features(csv_data.from_record(source["csv"]), features)
    kind = source.get("generator")
    if not isinstance(kind, str):
        raise BadInput(f"unknown data set {datasets._short(kind)}; choose one of {', '.join(datasets.GENERATORS)}")
    params = {k: v for k, v in source.items() if k != "generator"}
    if kind == "points":
        return datasets.with_features(datasets.points(source.get("X"), source.get("Y"), source.get("X_test"),
                                                      source.get("Y_test"), name=name or "points"), features)
    allowed = {"drawn": {"task", "points", "values", "labels", "test_fraction", "seed"}}.get(
        kind, {"samples", "noise", "test_fraction", "seed", "labels"})
    if set(params) - allowed:
        raise BadInput(f"unknown data setting(s): {', '.join(sorted(set(params) - allowed))}")
    if kind == "drawn":
        for key in ("points", "values"):
            if not isinstance(params.get(key), list):
                raise BadInput(f"drawn data needs '{key}': a list")
        return datasets.drawn(**params, features=features)
    return datasets.generate(kind, **params, features=features)
