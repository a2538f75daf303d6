"""The page's opening: which step, which network, what "Whole batch" or "One sample" means."""
from core import activations, losses, optimizers

from ..format import esc, scalar


def header(p):
    s, net = p.s, p.s.network
    arch = " → ".join(str(n) for n in net.sizes)
    acts = ", ".join(activations.describe(a).label for a in net.activations)
    opt = optimizers.describe(s.optimizer).label
    taken = f"{s.step:,} step{'s' if s.step != 1 else ''} taken so far"
    out = [f'<p class="title"><b>The next step, {s.step + 1:,}, in matrix form</b> ({taken}) — '
           f'network {arch} ({acts}), '
           f'cost {esc(losses.describe(s.loss).label)}, {opt} with η = {scalar(s.lr)}, batch of m = {s.m} '
           f'sample{"s" if s.m != 1 else ""}. Nothing changes until the step is taken.</p>']
    if p.sample:
        out.append(p.note(
            "One sample: the first sample of the batch as column vectors, a<sup>0</sup> = x. Its own cost "
            "C<sub>1</sub> and gradient ∂C<sub>1</sub>/∂W. The step itself uses the batch gradient "
            "∂C/∂W = (1/m) Σ<sub>samples</sub> ∂C<sub>i</sub>/∂W, the mean of the m per-sample gradients "
            "(shown at the update): the same maths, one column at a time."))
    elif s.m == 1:
        out.append(p.note(
            "Whole batch: here the batch is a single sample (m = 1), so every A, Z and Δ is one column; "
            "with m samples they get m columns and the gradient is the mean of the per-sample ones."))
    else:
        out.append(p.note(
            f"Whole batch: the m = {s.m} samples are the columns of A<sup>0</sup> = X<sup>T</sup>, and "
            "every matrix below has one column per sample. The batch gradient is the mean of the "
            "per-sample gradients (Δ carries the 1/m), so this is the same maths as one sample, "
            "done for all columns at once."))
    return "".join(out)
