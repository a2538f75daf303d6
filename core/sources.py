"""Making a Dataset again from the record a session file keeps of it: a built-in generator and its
parameters, fixed points, or an imported CSV's rows."""
from . import csv_data, datasets
from .errors import BadInput


def from_source(source, name=None):
    """Make a Dataset again from its `source` record (as stored in a session file)."""
    if not isinstance(source, dict):
        raise BadInput("the data description must be an object with a 'generator' or 'csv' key")
    if "csv" in source:
        return csv_data.from_record(source["csv"])
    kind = source.get("generator")
    if kind == "points":
        return datasets.points(source.get("X"), source.get("Y"), source.get("X_test"), source.get("Y_test"),
                               name=name or "points")
    params = {k: v for k, v in source.items() if k != "generator"}
    allowed = {"samples", "noise", "test_fraction", "seed", "labels"}
    if set(params) - allowed:
        raise BadInput(f"unknown data setting(s): {', '.join(sorted(set(params) - allowed))}")
    return datasets.generate(kind, **params)
