"""Worksheets: one step of a network in matrix form, every computed entry a box to fill in by hand,
printable HTML, and its answer key with the step's own numbers at the precision the panel shows.

    sheet, key = make(trainer, title="seed-scalar", step=1, variant=0)

`variant` K > 0 gives each student other numbers: other initial weights (drawn again from the seed
plus K, or, for a network with explicit weights such as the question's, each scaled by a factor
from 0.6 to 1.4 and rounded to the same decimals) and another batch (the shuffle seeded with the
seed plus K; data given as a few points are scaled likewise), so the work is the same and the
answers differ.
"""
import html
from dataclasses import dataclass

import numpy as np

from . import datasets
from .errors import BadInput
from .exercises import Step
from .network import Network
from .notations import lines
from .precision import num

FULL, HEAD, TAIL = 8, 4, 2  # a printed matrix shows up to 8 rows/columns (an A4 page's width), else the first 4 and last 2
MAX_STEP = 100_000


def _decimals(x):
    text = repr(float(x))
    return len(text.split(".")[1]) if "." in text and "e" not in text else 3


def _scaled(values, rng):
    """Each value scaled by a factor from 0.6 to 1.4 and rounded to as many decimals as it had (at least 1)."""
    values = np.asarray(values, dtype=float)
    decimals = max([1] + [_decimals(v) for v in values.ravel()])
    out = np.round(values * rng.uniform(0.6, 1.4, size=values.shape), min(decimals, 4))
    out[values == 0] = 0.0
    return out


def vary(trainer, variant):
    """Give the trainer variant K of its start (see the module's docstring); K = 0 leaves it alone."""
    variant = int(variant)
    if variant < 0:
        raise BadInput(f"the variant is a whole number ≥ 0, got {variant}")
    if variant == 0:
        return
    rng = np.random.default_rng([variant, 20_240_601])
    net = trainer.network
    if net.init == "explicit":
        start = net.copy()
        start.reinitialize()
        weights = [_scaled(W, rng) for W in start.weights]
        biases = [None if b is None else _scaled(b, rng) for b in start.biases]
        twin = Network.from_arrays(weights, biases, net.activations)
        twin.seed = net.seed
        trainer.set_network(twin)
    else:
        net.seed += variant
    source = trainer.data.source
    if source.get("generator") == "points" and len(trainer.data.X_train) <= 20:
        d = trainer.data
        trainer.set_data(datasets.points(_scaled(d.X_train, rng), _scaled(d.Y_train, rng),
                                         d.X_test if len(d.X_test) else None, d.Y_test if len(d.Y_test) else None,
                                         name=d.name))
    trainer.seed = trainer.seed + variant
    trainer.reset(trainer.network.seed)


def step_of(trainer, step=1, variant=0):
    """The Step number `step` (1 = the first) of the trainer's run from its start, in variant K."""
    if not isinstance(step, int) or not 1 <= step <= MAX_STEP:
        raise BadInput(f"the step is a whole number from 1 to {MAX_STEP:,}, got {step!r}")
    vary(trainer, variant)
    if step > 1:
        result = trainer.run(step - 1)
        if result.diverged:
            raise BadInput(f"the run diverged before step {step}: {result.message}")
    return Step.from_trainer(trainer)


# ---- HTML -------------------------------------------------------------------------------------------
CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 11pt; margin: 1.5cm; color: #000; }
h1 { font-size: 16pt; margin-bottom: 0.2em; } h2 { font-size: 12.5pt; margin: 1.1em 0 0.3em; }
.who { margin: 0.6em 0 1em; } .who span { display: inline-block; width: 7cm; border-bottom: 1px solid #000; }
.eq { margin: 0.5em 0; page-break-inside: avoid; }
.formula { font-family: 'DejaVu Serif', 'Times New Roman', serif; font-size: 12pt; margin-bottom: 0.2em; }
table.eq { margin: 0.1em 0 0.4em; }
td.lb { border-left: 1.5px solid #000; border-top: 1.5px solid #000; border-bottom: 1.5px solid #000; }
td.rb { border-right: 1.5px solid #000; border-top: 1.5px solid #000; border-bottom: 1.5px solid #000; }
table.m { border-collapse: separate; border-spacing: 4px 3px; }
table.m td { font-family: 'DejaVu Sans Mono', monospace; text-align: right; min-width: 5.5em; height: 1.5em;
             white-space: nowrap;
             padding: 0 3px; }
table.m td.blank { border: 1px solid #777; background: #fff; }
table.m td.gap { text-align: center; border: none; min-width: 1em; }
td.name { font-family: 'DejaVu Serif', serif; padding-right: 0.4em; white-space: nowrap; }
.shape { color: #444; font-size: 9pt; margin-left: 0.4em; }
.note { color: #333; font-size: 9.5pt; }
@media print { body { margin: 1cm; } }
"""


def _indices(n):
    if n <= FULL:
        return list(range(n))
    return list(range(HEAD)) + [None] + list(range(n - TAIL, n))


def matrix_html(values, digits, blank):
    """A matrix as table cells between brackets (to go in a row): the entries, or empty boxes (blank=True)."""
    M = np.asarray(values, dtype=float)
    M = M.reshape(-1, 1) if M.ndim == 1 else M
    rows = []
    for i in _indices(M.shape[0]):
        cells = []
        for j in _indices(M.shape[1]):
            if i is None or j is None:
                cells.append('<td class="gap">' + ("⋱" if i is None and j is None else "⋮" if i is None else "⋯")
                             + "</td>")
            elif blank:
                cells.append('<td class="blank"></td>')
            else:
                cells.append(f"<td>{num(M[i, j], digits)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<td class="lb" width="4"></td><td><table class="m">{"".join(rows)}</table></td>'
            f'<td class="rb" width="4"></td><td class="shape" valign="bottom">({M.shape[0]}×{M.shape[1]})</td>')


def _eq(name, formula, values, digits, blank):
    return (f'<div class="eq"><p class="formula">{html.escape(formula)}</p>'
            f'<table class="eq" cellspacing="0"><tr><td class="name" valign="middle">{html.escape(name)} =</td>'
            f'{matrix_html(values, digits, blank)}</tr></table></div>')


def document(step, title, key, variant=0):
    """The worksheet (key=False: computed entries are empty boxes) or its answer key (key=True)."""
    net, t, d = step.network, step.trace, step.digits
    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    s = lambda l: str(l).translate(sup)  # noqa: E731
    head = (f"<h1>{html.escape(title)} — step {step.number}{' — answer key' if key else ''}</h1>"
            f'<p class="note">Backprop Lab worksheet{f", variant {variant}" if variant else ""}. '
            f"Samples are columns: A⁰ = Xᵀ has one column per sample (m = {step.m}). "
            f"Give every number with {d} significant digits.</p>")
    if max(step.m, *net.sizes) > FULL:
        head += (f'<p class="note">⋯ and ⋮ stand for rows or columns left out for room: BP3 and BP4 still sum '
                 f'over all m = {step.m} samples. To do a whole step by hand, use a batch and layers of at '
                 f'most {FULL}.</p>')
    if not key:
        head += '<p class="who">Name: <span></span></p>'
    given = ["<h2>Given</h2>", _eq("A⁰ = Xᵀ", "the batch, one column per sample", t.A0, d, False),
             _eq("Y", "the targets, one column per sample", t.Y, d, False)]
    for l in range(1, net.n_layers + 1):
        given.append(_eq(f"W{s(l)}", f"layer {l}: {net.activations[l - 1]}", net.weights[l - 1], d, False))
        if net.biases[l - 1] is not None:
            given.append(_eq(f"b{s(l)}", f"bias of layer {l}", net.biases[l - 1], d, False))
    settings = f"cost {t.loss}, {step.optimizer} with η = {num(step.lr, d)}"
    if step.l1 or step.l2:
        settings += f", L1 = {num(step.l1, d)}, L2 = {num(step.l2, d)} (added to ∂C/∂W in the update)"
    given.append(f'<p class="note">{html.escape(settings)}.</p>')
    parts = {"forward": "Forward pass", "BP1": "Backward pass", "BP3": "Gradients"}
    body = []
    for line in lines(step, "column"):
        if line.equation in parts and parts[line.equation] not in "".join(body):
            body.append(f"<h2>{parts[line.equation]}</h2>")
        body.append(_eq(line.symbol, f"{line.equation}: {line.formula}", line.value, d, not key))
    body.append("<h2>Update</h2>")
    for l, (W, b) in enumerate(net.split(step.new_params), start=1):
        rule = (f"W{s(l)} ← W{s(l)} − η ∂C/∂W{s(l)}" if step.optimizer == "sgd"
                else f"W{s(l)} after one {step.optimizer} step")
        body.append(_eq(f"new W{s(l)}", rule, W, d, not key))
        if b is not None:
            body.append(_eq(f"new b{s(l)}", rule.replace("W", "b"), b, d, not key))
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)} step {step.number}{' key' if key else ''}</title>"
            f"<style>{CSS}</style></head><body>{head}{''.join(given)}{''.join(body)}</body></html>")


@dataclass
class Worksheet:
    step: Step
    sheet: str
    key: str


def make(trainer, title, step=1, variant=0):
    """The worksheet and its key for step `step` of the trainer's run (the trainer is advanced)."""
    st = step_of(trainer, step, variant)
    return Worksheet(st, document(st, title, False, variant), document(st, title, True, variant))
