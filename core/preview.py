"""The next step, previewed: what the next training step will do, computed without taking it.

    nxt = preview(trainer)      # NextStep: the batch, every matrix of the step, the gradient, θ after
    nxt.trace.layers[0].dW      # ∂C/∂W^1 of the next step

Nothing changes in the trainer. The window computes it once per step (the controller caches it) and
the diagram, the equations and the plots all read that one object.
"""
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class NextStep:
    X: np.ndarray  # the batch, samples as rows (m, n_0)
    Y: np.ndarray  # (m, n_L)
    trace: object  # core.network.StepTrace: Z, A, Δ, ∂C/∂W, ∂C/∂b per layer and the cost
    grad: np.ndarray  # flat gradient the optimizer will apply (regularisation included)
    new_params: np.ndarray  # flat parameters after the update


def preview(trainer):
    """NextStep of `trainer`: its next batch, the trace of the step on it, the gradient and the
    parameters after the update (the optimizer's preview: its state is left as it is)."""
    X, Y = trainer.peek_batch()
    grad = trainer.gradient_for_next_step()
    trace = trainer.network.trace(X, Y, trainer.loss)
    return NextStep(X, Y, trace, grad, trainer.optimizer.preview(trainer.network.params, grad))
