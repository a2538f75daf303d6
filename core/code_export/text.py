"""What every generated script says about its run, and numbers written so they read back exactly."""
import numpy as np


def number(x):
    """The shortest text that reads back as exactly this float64 (Python's repr; MATLAB and Octave
    read it the same)."""
    text = repr(float(x))
    return text


def rows(matrix, open_row, close_row, sep, row_sep, indent):
    """A matrix as text, one row a line when it has more than one."""
    matrix = np.atleast_2d(matrix)
    lines = [open_row + sep.join(number(v) for v in row) + close_row for row in matrix]
    if len(lines) == 1:
        return lines[0]
    return ("\n" + indent).join(line + row_sep for line in lines[:-1]) + "\n" + indent + lines[-1]


def arrow(sizes):
    return " → ".join(str(s) for s in sizes)


def optimizer_text(opt):
    hyper = {k: v for k, v in opt.items() if k not in ("name", "lr")}
    extra = "".join(f", {k} = {v:g}" for k, v in hyper.items())
    return f"{opt['name']} (η = {opt['lr']:g}{extra})"


def summary(run):
    """Lines describing the run, for the script's opening comment."""
    reg = []
    if run.l2:
        reg.append(f"L2 = {run.l2:g}")
    if run.l1:
        reg.append(f"L1 = {run.l1:g}")
    return [f"Network {arrow(run.sizes)} ({', '.join(run.activations)}), "
            f"bias {'/'.join('yes' if b else 'no' for b in run.bias)}; cost {run.loss}; "
            f"optimizer {optimizer_text(run.optimizer)}{'; ' + ', '.join(reg) if reg else ''}.",
            f"{len(run.X)} training sample{'s' if len(run.X) != 1 else ''}, batch size {run.batch_size}, {run.steps} steps.",
            "Names as in the app's equations panel: layer l has W^l (n_l × n_{l-1}) and b^l (n_l × 1);",
            "a batch of m samples is A0 with one column per sample; Zl, Al; Dl is Δ^l; dWl is ∂C/∂W^l,",
            "dbl is ∂C/∂b^l. At the end the script checks itself against the weights and the cost that",
            "Backprop Lab computed for this same run."]


def settings(run, comment, end=""):
    """The hyperparameters as assignments, commented."""
    opt = run.optimizer
    pad = 24
    lines = [f"lr = {number(opt['lr'])}{end}".ljust(pad) + f"{comment} η, the learning rate",
             f"batch_size = {run.batch_size}{end}".ljust(pad) + f"{comment} samples a step (the last batch of an "
             "epoch may be smaller)",
             f"steps = {run.steps}{end}".ljust(pad) + f"{comment} optimizer steps to take"]
    if opt["name"] == "momentum":
        lines.append(f"mu = {number(opt['momentum'])}{end}".ljust(pad) + f"{comment} μ, the momentum")
    if opt["name"] == "adam":
        lines += [f"beta1 = {number(opt['beta1'])}{end}".ljust(pad) + f"{comment} β₁, the first moment's decay",
                  f"beta2 = {number(opt['beta2'])}{end}".ljust(pad) + f"{comment} β₂, the second moment's decay",
                  f"eps = {number(opt['eps'])}{end}".ljust(pad) + f"{comment} ε, keeps the division finite",
                  f"t = 0{end}".ljust(pad) + f"{comment} Adam's step counter"]
    if run.l2:
        lines.append(f"l2 = {number(run.l2)}{end}".ljust(pad) + f"{comment} L2 regularisation")
    if run.l1:
        lines.append(f"l1 = {number(run.l1)}{end}".ljust(pad) + f"{comment} L1 regularisation")
    return lines


def report_every(run):
    return max(1, run.steps // 10)


def names(run):
    """The parameter matrices, in order: W1, b1, W2, ..."""
    out = []
    for l in range(1, run.n_layers + 1):
        out.append((f"W{l}", run.W[l - 1], run.W0[l - 1]))
        if run.bias[l - 1]:
            out.append((f"b{l}", run.b[l - 1][:, None], run.b0[l - 1][:, None]))
    return out


def chaotic(run):
    """Whether the script checks itself before the end (see replay.AGREEMENT)."""
    return run.check_step < run.steps


def chaos_note(run):
    """The opening comment's lines about a run that magnifies rounding, or none."""
    if not chaotic(run):
        return []
    return ["", f"This run magnifies rounding: two correct float64 computations of it that add the same numbers",
            f"in another order agree to 1e-13 up to step {run.check_step} and then part, ending as far apart as",
            "the weights are large (a chaotic run, e.g. momentum at a high learning rate). So the script",
            f"checks itself against the app at step {run.check_step}, and at the end reports how far it is."]


def checked(run):
    """(name, the app's value at the check step) of every parameter matrix."""
    out = []
    for l in range(1, run.n_layers + 1):
        out.append((f"W{l}", run.W_check[l - 1]))
        if run.bias[l - 1]:
            out.append((f"b{l}", run.b_check[l - 1][:, None]))
    return out


def feature_columns(run, column, square, product, sine):
    """Each input feature as an expression of the raw points' columns: `column(0)` is x1's."""
    out = []
    for name in run.features:
        if name in ("x1", "x2"):
            out.append(column(int(name[1]) - 1))
        elif name in ("x1^2", "x2^2"):
            out.append(square(column(int(name[1]) - 1)))
        elif name == "x1*x2":
            out.append(product(column(0), column(1)))
        else:  # sin(x1), sin(x2)
            out.append(sine(column(int(name[5]) - 1)))
    return out


def features_comment(run):
    return ("the input features: A0's rows are " + ", ".join(run.features)
            + ", computed from the points (x1, x2) as the app does")


def python_ending(run, tolerance):
    """The last lines of a Python script (NumPy or PyTorch): how far it ended from the app, and the
    assertion that it agrees within `tolerance` (only printed when the run magnifies rounding)."""
    if chaotic(run):
        return ["print(f\"at the end, after the run magnified rounding (see the note at the top): "
                "{largest:.3g} from the app\")", ""]
    return ["print(f\"largest difference from the app: {largest:.3g}\")",
            f"assert largest <= {tolerance}, \"this script and Backprop Lab disagree\"", ""]
