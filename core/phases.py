"""The phases of one training step, in the order a teacher walks through them.

    forward 1 … L      Z^l = W^l A^{l-1} + b^l,  A^l = f(Z^l)
    cost               C(A^L, Y)
    bp1 L              Δ^L
    bp2 L−1 … 1        Δ^l = (W^{l+1})^T Δ^{l+1} ⊙ f'(Z^l)
    gradients L … 1    ∂C/∂b^l = Δ^l 1 (BP3),  ∂C/∂W^l = Δ^l (A^{l-1})^T (BP4)
    update             W^l ← W^l − η ∂C/∂W^l (or the optimizer's rule)
"""
from dataclasses import dataclass

from .notation import matrix

KINDS = ("forward", "cost", "bp1", "bp2", "gradients", "update")


@dataclass(frozen=True)
class Phase:
    kind: str  # one of KINDS
    layer: int | None  # the layer the phase works on (None for cost and update)

    @property
    def title(self):
        l = self.layer
        return {"forward": f"Forward pass, layer {l}", "cost": "Cost",
                "bp1": f"BP1: output error {matrix('Δ', l)}", "bp2": f"BP2: error of layer {l}",
                "gradients": f"BP3, BP4: gradients of layer {l}", "update": "Update"}[self.kind]


def phases(n_layers):
    """Every phase of one step for a network with L = n_layers weight layers."""
    L = n_layers
    return ([Phase("forward", l) for l in range(1, L + 1)] + [Phase("cost", None), Phase("bp1", L)]
            + [Phase("bp2", l) for l in range(L - 1, 0, -1)]
            + [Phase("gradients", l) for l in range(L, 0, -1)] + [Phase("update", None)])
