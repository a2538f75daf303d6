"""What the diagram says in words: titles, counts, tooltips, notes and captions.

No Qt (importing it loads neither PySide6 nor pyqtgraph): every function takes the network — and,
where numbers are shown, the next step (`SessionController.next_step()`: X, grad, new_params and
the StepTrace `trace`) — and returns a string, so the wording is tested headless
(tests/test_diagram_explain.py). The view (scene.py, interaction.py) only places the strings.

Tooltips are plain text (short lines: a tooltip is read at a glance); the caption and the notes
under the diagram are Qt rich text (HTML). New explanations (a neuron's card, a quiz hint) belong
here, beside the ones they sit next to on screen.
"""
from core import activations, optimizers

from .layout import fmt, pretty_name, sub, sup

DEFAULT_CAPTION = ("Lines are weights: <b style='color:{pos}'>blue</b> w&nbsp;&gt;&nbsp;0, "
                   "<b style='color:{neg}'>orange</b> w&nbsp;&lt;&nbsp;0, thicker = larger |w|; squares are biases. "
                   "Click to select, double-click to type a value, right-click a layer for its options.")
CROWDED_NOTE = " Some layers are too crowded for numbers: hover a neuron to read them."


def _sup(text):
    return f"<sup>{text}</sup>"


# ---- the labels of the columns ---------------------------------------------------------------------
def layer_title(net, l):
    return "input" if l == 0 else "output" if l == net.n_layers else f"layer {l}"


def layer_subtitle(net, l):
    if l == 0:
        return "the data"
    return activations.describe(net.activations[l - 1]).label + ("" if net.bias[l - 1] else ", no bias")


def count_text(net, l, short=False):
    """"4 neurons" under a hidden layer ("4" when the column is narrow), "2 inputs", "1 output"."""
    n = net.sizes[l]
    if l == 0:
        return f"{n} input{'s' * (n != 1)}"
    if l == net.n_layers:
        return f"{n} output{'s' * (n != 1)}"
    return str(n) if short else f"{n} neuron{'s' * (n != 1)}"


def hidden_text(net):
    h = net.n_layers - 1
    return f"{h} hidden layer{'s' * (h != 1)}"


# ---- tooltips (plain text) --------------------------------------------------------------------------
def refused(what, reason):
    """Why a control cannot be used now: said in its tooltip, and in the caption when it is clicked."""
    return f"{what}: not possible, {reason}."


def column_tooltip(net, l):
    if l == 0:
        return (f"Input layer: {net.sizes[0]} neurons, one per input of the data set "
                "(change the data to change them).")
    what = "Output layer" if l == net.n_layers else f"Hidden layer {l}"
    shape = f"{net.sizes[l]}×{net.sizes[l - 1]}"
    bias = f", b{sup(l)} has {net.sizes[l]} entries" if net.bias[l - 1] else ", no bias"
    extra = " Its size follows the data." if l == net.n_layers else ""
    f = activations.describe(net.activations[l - 1]).label
    return (f"{what}: {net.sizes[l]} neurons, {f}. W{sup(l)} is {shape}{bias}.{extra}"
            "\nRight-click for activation, bias and layer options.")


def parameter_tooltip(net, kind, l, j, k, next_step, phase=None):
    """W^l_jk (kind "W") or b^l_j (kind "b"): value, where it sits, its gradient for the next step and,
    in the update phase of a step-through, its value after the step."""
    index = net.parameter_index(kind, l, j, k)
    label = pretty_name(kind, l, j, k)  # as the diagram and the equations write it: W¹₂₁
    value = net.params[index]
    if kind == "W":
        where = [f"the weight from neuron {k} of layer {l - 1} to neuron {j} of layer {l}",
                 f"(row {j}, column {k} of W{sup(l)})"]
    else:
        where = [f"the bias of neuron {j} of layer {l} (entry {j} of b{sup(l)})"]
    m = len(next_step.X)
    # short lines: a tooltip is read at a glance, and long ones run off the screen
    lines = [f"{label} = {fmt(value)}", *where,
             f"∂C/∂{label} = {fmt(next_step.grad[index])}",
             f"(the gradient for the next step, on its batch of {m} sample{'s' * (m != 1)})"]
    if phase is not None and phase.kind == "update":
        lines.append(f"after this update: {label} = {fmt(next_step.new_params[index])}")
    lines.append("Double-click to type a new value.")
    return "\n".join(lines)


def neuron_tooltip(net, l, j, trace):
    """Neuron j of layer l: its z, a and δ for the first sample of the next batch (`trace`)."""
    m = trace.A0.shape[1]
    sample = "sample 1 of the next batch" + (f" (of {m})" if m > 1 else "")
    if l == 0:
        return f"Input neuron {j}: a⁰{sub(j)} = x{sub(j)} = {fmt(trace.A0[j, 0])} for {sample}."
    t = trace.layers[l - 1]
    lines = [f"Neuron {j} of layer {l} ({activations.describe(net.activations[l - 1]).label})"]
    if net.bias[l - 1]:
        lines.append(f"bias {pretty_name('b', l, j)} = {fmt(net.biases[l - 1][j])}")
    lines += [f"for {sample}:",
              f"z{sup(l)}{sub(j)} = {fmt(t.Z[j, 0])},  a{sup(l)}{sub(j)} = {fmt(t.A[j, 0])},  "
              f"δ{sup(l)}{sub(j)} = {fmt(t.delta[j, 0])}",
              "Click for its weights and its own equations, right-click for options."]
    return "\n".join(lines)


# ---- the caption under the diagram (HTML) ------------------------------------------------------------
def default_caption(positive, negative, has_biases):
    """What the picture shows when no step-through phase is on; `positive`, `negative`: colour names."""
    text = DEFAULT_CAPTION.format(pos=positive, neg=negative)
    if not has_biases:
        text = text.replace(" squares are biases.", " no layer has a bias.")
    return text


def sampled_lines_note(sampled):
    """For matrices drawn as a sample of their lines, [(l, drawn, total)]: a sentence saying so."""
    if not sampled:
        return ""
    parts = ", ".join(f"{drawn:,} of the {total:,} of W{_sup(l)}" for l, drawn, total in sampled)
    return f" Lines drawn: a fixed random sample, {parts}."


def neuron_note(net, l, j):
    """Shown when a neuron is selected."""
    if l == 0:
        return f"Input neuron {j}: a{_sup(0)}<sub>{j}</sub> is input {j} of each sample."
    text = f"Neuron {j} of layer {l}: its incoming weights are row {j} of W{_sup(l)}"
    if l < net.n_layers:
        text += f", its outgoing weights column {j} of W{_sup(l + 1)}"
    return text + (". Delete removes it." if l < net.n_layers else ".")


def phase_caption(net, trace, phase, optimizer="sgd"):
    """What a step-through phase (core.phases.Phase) does, and what the numbers on the diagram are.
    `optimizer`: the name of the trainer's optimizer, whose update the update phase shows."""
    m = trace.A0.shape[1]
    L = net.n_layers
    sample = "sample 1 of the batch" + (f" of {m}" if m > 1 else "")
    l = phase.layer
    if phase.kind == "forward":
        bias = f" + b{_sup(l)}" if net.bias[l - 1] else ""
        return (f"<b>Forward, layer {l}</b>: z{_sup(l)} = W{_sup(l)} a{_sup(l - 1)}{bias}, "
                f"a{_sup(l)} = {net.activations[l - 1]}(z{_sup(l)}). "
                f"Numbers on the neurons: activations a, for {sample} (column 1 of A).")
    if phase.kind == "cost":
        return (f"<b>Cost</b> C = {fmt(trace.cost)} ({trace.loss}, the mean over the batch of {m}). "
                f"On the outputs: a{_sup(L)} and the target y, for {sample}.")
    if phase.kind in ("bp1", "bp2"):
        what = "BP1" if phase.kind == "bp1" else "BP2"
        rule = (f"δ{_sup(L)} = ∇<sub>a</sub>C ⊙ f′(z{_sup(L)})" if phase.kind == "bp1" else
                f"δ{_sup(l)} = (W{_sup(l + 1)})<sup>T</sup> δ{_sup(l + 1)} ⊙ f′(z{_sup(l)})")
        return (f"<b>{what}, layer {l}</b>: {rule}. Numbers on the neurons: errors δ, "
                f"for {sample} (column 1 of Δ).")
    if phase.kind == "gradients":
        has_db = trace.layers[l - 1].db is not None
        return (f"<b>BP3, BP4, layer {l}</b>: the lines of W{_sup(l)} now show ∂C/∂W{_sup(l)} = "
                f"Δ{_sup(l)} (A{_sup(l - 1)})<sup>T</sup> (colour = sign, width = size; hover for the number)"
                + (f", the neurons ∂C/∂b{_sup(l)} = Δ{_sup(l)} 1" if has_db else "")
                + f": sums over the whole batch of {m}.")
    return update_caption(optimizer)


def update_caption(optimizer):
    """The update phase: the optimizer's own rule, as core.optimizers describes it."""
    described = optimizers.describe(optimizer)
    return (f"<b>Update ({described.label})</b>: {described.formula_html} for every layer. "
            "Hover a line to see its value before and after this step.")
