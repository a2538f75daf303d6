"""Backprop Lab's core: matrix-form backpropagation in pure NumPy (no Qt).

    from core import Network, Trainer, datasets
    net = Network([2, 4, 2, 1], activations="tanh", seed=0)
    dW, db = net.gradients(X, Y, loss="mse")
"""
__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it from here)

from . import activations, datasets, features, losses, optimizers
from .errors import BadInput
from .network import LayerTrace, Network, StepTrace
from .trainer import RunResult, Trainer

__all__ = ["__version__", "BadInput", "LayerTrace", "Network", "RunResult", "StepTrace", "Trainer",
           "activations", "datasets", "features", "losses", "optimizers"]
