"""Accuracy of a classifier: the share of samples whose predicted class is their label.

How a prediction is read depends on how the labels are written (core/datasets.py, LABELS):
    "sign"       one output, labels −1 / +1: the class is the sign of the output (tanh or linear output)
    "threshold"  one output, labels 0 / 1:   the class is 1 where the output is above 0.5 (sigmoid output)
    "argmax"     one output per class, one-hot labels: the class is the largest output
Any other targets (a regression) have no accuracy: `rule_for` returns None.
"""
import numpy as np


def rule_for(Y):
    """The rule that reads predictions for targets Y (samples as rows, (m, n_L)), or None."""
    Y = np.asarray(Y, dtype=float)
    if Y.ndim != 2 or Y.size == 0:
        return None
    if Y.shape[1] == 1:
        y = Y[:, 0]
        if np.all((y == -1) | (y == 1)):
            return "sign"
        if np.all((y == 0) | (y == 1)):
            return "threshold"
        return None
    one_hot = np.all((Y == 0) | (Y == 1)) and np.all(Y.sum(axis=1) == 1)
    return "argmax" if one_hot else None


def classes(outputs, rule):
    """Predicted class per sample (m,) from outputs (m, n_L): 0/1 for one output, the index for argmax."""
    outputs = np.asarray(outputs, dtype=float)
    if rule == "sign":
        return (outputs[:, 0] > 0).astype(int)
    if rule == "threshold":
        return (outputs[:, 0] > 0.5).astype(int)
    return np.argmax(outputs, axis=1)


def accuracy(outputs, Y, rule=None):
    """The share (0 to 1) of samples classified right; NaN for no samples or no rule (a regression)."""
    rule = rule or rule_for(Y)
    if rule is None or len(Y) == 0:
        return float("nan")
    return float(np.mean(classes(outputs, rule) == classes(Y, rule)))


def confusion_matrix(outputs, Y, rule=None):
    """counts[true, predicted] (n_classes, n_classes) as integers, or None for a regression."""
    rule = rule or rule_for(Y)
    if rule is None:
        return None
    n = 2 if rule in ("sign", "threshold") else np.asarray(Y).shape[1]
    counts = np.zeros((n, n), dtype=int)
    np.add.at(counts, (classes(Y, rule), classes(outputs, rule)), 1)
    return counts
