"""The equation view's content: one training step in matrix form, with this network's numbers, as HTML.

Pure Python + NumPy (no Qt), so it can be tested headless and used from a script:

    snap = Snapshot.from_trainer(trainer)
    html = render(snap, Options(mode="batch", selected=3))

The notation is DESIGN.md's: W^l is (n_l × n_{l-1}), a batch of m samples is stored
as columns (A^0 = X^T is n_0 × m), Δ^l = ∂C/∂Z^l carries the 1/m of the mean cost.
`render` writes, for every phase of core.phases.phases(L), the equations of that
phase twice: symbolically (with shapes) and with the numbers substituted.
"""
from dataclasses import dataclass, field

import numpy as np

from core import activations as _activations
from core import losses as _losses
from core.phases import phases as _phases

from .format import (MATRIX_DIGITS, MINUS, SCALAR_DIGITS, esc, matrix_atom, paren, scalar, shape_text,
                     sup, text_atom, visible_length, wrap)

COLORS = {  # mirror gui/palette.py; the panel passes the palette's own values
    "selected": "#dc143c",
    "selected_bg": "#fbd5dd",
    "related_bg": "#fff0c2",
    "active": "#2ea043",
    "active_bg": "#eaf6ec",
    "muted": "#6e6e6e",
    "text": "#1e1e1e",
}

def stylesheet(colors=None):
    """The default stylesheet for the QTextDocument that shows `render`'s HTML."""
    c = {**COLORS, **(colors or {})}
    return f"""
        td.lb {{ border-left: 1px solid #333; border-top: 1px solid #333; border-bottom: 1px solid #333; }}
        td.rb {{ border-right: 1px solid #333; border-top: 1px solid #333; border-bottom: 1px solid #333; }}
        td.mc {{ white-space: pre; font-family: "DejaVu Sans Mono", monospace; }}
        span.sel {{ background-color: {c['selected_bg']}; font-weight: bold; }}
        span.rel {{ background-color: {c['related_bg']}; }}
        td.op {{ white-space: nowrap; padding-left: 4px; padding-right: 4px; }}
        td.lhs {{ white-space: nowrap; }}
        a {{ text-decoration: none; color: {c['text']}; }}
        a.sel {{ color: {c['selected']}; }}
        p.name {{ color: #444; margin: 0px; white-space: nowrap; }}
        p.shape {{ color: {c['muted']}; font-size: small; margin: 0px; white-space: nowrap; }}
        p.shapes {{ color: {c['muted']}; margin-top: 0px; margin-bottom: 4px; }}
        p.title {{ margin-top: 10px; margin-bottom: 0px; }}
        p.note {{ color: {c['muted']}; margin-top: 2px; margin-bottom: 2px; }}
        p.chain {{ margin-top: 2px; margin-bottom: 2px; }}
        td.m {{ padding-left: 3px; padding-right: 3px; }}
        span.sym {{ color: #333; }}
        span.selname {{ color: {c['selected']}; font-weight: bold; }}
        table.sec {{ margin-bottom: 6px; }}
        table.box {{ margin-bottom: 6px; }}
    """


# ---- what is shown -------------------------------------------------------------------------------
# The question's MATLAB run: w from −23.1 with a = 5.7, y = 50.1, R = 0.007, twenty lines printed.
SEED_RUN = {"a": 5.7, "y": 50.1, "R": 0.007, "w0": -23.1, "lines": 20}


def table_line(step, a, y, R, w, new):
    """Which line of the question's printed table this update gives, when it is the question's own run."""
    if (a, y, R) != (SEED_RUN["a"], SEED_RUN["y"], SEED_RUN["R"]) or step >= SEED_RUN["lines"]:
        return ""
    w_expected = SEED_RUN["w0"]
    for _ in range(step):  # where the question's run is after `step` updates
        w_expected = w_expected - R * a * 2 * (a * w_expected - y)
    if not np.isclose(w, w_expected, rtol=1e-9):
        return ""  # the weight was edited or reset elsewhere: not the question's run any more
    return f"— line {step + 1} of the question's MATLAB table (w = {new:.5g}). "


@dataclass
class Snapshot:
    """Everything one rendering needs: the network, the trainer's settings and the next step.

    Gathered once (from a Trainer, or from the controller's cached NextStep) so rendering reads
    plain arrays and never changes the model."""
    network: object  # core.Network (read only: traced again for one sample)
    loss: str
    optimizer: str
    lr: float
    hyper: dict  # momentum / beta1, beta2, eps
    opt_state: dict  # velocity / t, m, v before the step
    l1: float
    l2: float
    step: int  # steps taken so far; the view shows step `step + 1`
    params: np.ndarray  # θ before the step (flat, like net.params)
    X: np.ndarray  # the batch, samples as rows
    Y: np.ndarray
    trace: object  # core.network.StepTrace of the batch
    grad: np.ndarray  # flat gradient the optimizer applies (regularisation included)
    new_params: np.ndarray  # θ after the step
    _sample_trace: object = field(default=None, repr=False)

    @classmethod
    def from_trainer(cls, trainer, next_step=None):
        """next_step: the controller's cached NextStep (X, Y, trace, grad, new_params), else computed here."""
        net = trainer.network
        if next_step is None:
            X, Y = trainer.peek_batch()
            grad = trainer.gradient_for_next_step()
            trace = net.trace(X, Y, trainer.loss)
            new_params = trainer.optimizer.preview(net.params, grad)
        else:
            X, Y, trace, grad, new_params = (next_step.X, next_step.Y, next_step.trace, next_step.grad,
                                             next_step.new_params)
        settings = trainer.optimizer.settings()
        name, lr = settings.pop("name"), settings.pop("lr")
        return cls(net, trainer.loss, name, lr, settings, trainer.optimizer.state_dict(), trainer.l1, trainer.l2,
                   trainer.step_count, net.params.copy(), X, Y, trace, grad, new_params)

    # ---- the layout of the flat parameter vector (see core.network: rows of [W^l | b^l]) --------
    @property
    def L(self):
        return len(self.network.sizes) - 1

    def index(self, kind, l, j, k=0):
        """Position in the flat parameters of W^l_jk (kind "W") or b^l_j (kind "b"); l from 1."""
        return self.network.parameter_index(kind, l, j, k)

    def locate(self, index):
        """(kind, l, j, k) of a flat index: ("W", l, j, k) or ("b", l, j, None); None if out of range."""
        if index is None or not 0 <= index < self.network.n_params:
            return None
        kind, l, j, k = self.network.locate(index)
        return (kind, l, j, k if kind == "W" else None)

    def split(self, flat):
        """A flat vector laid out like params → [(W^l, b^l or None)] for l = 1..L."""
        return self.network.split(flat)

    @property
    def sample_trace(self):
        """The trace of the batch's first sample alone (m = 1): the one-sample view."""
        if self._sample_trace is None:
            self._sample_trace = self.network.trace(self.X[:1], self.Y[:1], self.loss)
        return self._sample_trace

    @property
    def m(self):
        return self.trace.A0.shape[1]

    def is_seed_scalar(self):
        """The question's own network: 1 → 1, linear, no bias, squared error, plain SGD, one sample."""
        return self._plain_scalar_chain() and self.L == 1

    def is_seed_chain(self):
        """The question's extension 1 → 1 → 1 with the same restrictions."""
        return self._plain_scalar_chain() and self.L == 2

    def _plain_scalar_chain(self):
        net = self.network
        return (all(n == 1 for n in net.sizes) and all(a == "linear" for a in net.activations)
                and not any(net.bias) and self.loss == "mse" and self.optimizer == "sgd"
                and not self.l1 and not self.l2 and self.m == 1)


@dataclass
class Options:
    mode: str = "batch"  # "batch": A is n × m; "sample": the first sample as column vectors
    phase: int | None = None  # step-through: index into phases(L); show up to it, highlight it
    selected: int | None = None  # flat parameter index
    width: float = 80.0  # room for an equation row, in widths of a digit
    digit_px: float = 8.0  # the width of a digit in pixels, to line up the "=" of successive lines
    colors: dict = field(default_factory=dict)
    hidden: set = field(default_factory=set)  # quiz blanks: {(kind, l, (i, j))} shown as "?" (gui/quiz.py)


ALL_LAYERS_UP_TO = 6  # deeper networks show their first two and last two layers in full (see _Renderer.featured)


def limits_for(n_layers):
    """(full, head, tail) for elided matrices: fewer entries per matrix in deeper networks,
    so the HTML stays small (a couple of hundred kB at most) whatever the network."""
    return (8, 4, 2) if n_layers <= 4 else (6, 3, 2)


# ---- the renderer ---------------------------------------------------------------------------------
class _Renderer:
    def __init__(self, snap: Snapshot, opts: Options):
        self.s, self.o = snap, opts
        self.c = {**COLORS, **opts.colors}
        self.L = snap.L
        self.sample = opts.mode == "sample"
        self.t = snap.sample_trace if self.sample else snap.trace
        self.m = self.t.A0.shape[1]
        self.full, self.head, self.tail = limits_for(self.L)
        # 7 significant digits when every matrix is 1×1 (the seed's scalar networks: its numbers are
        # -2072.178 and -8.594754), else 5, the same for every entry so columns line up.
        scalar_net = all(n == 1 for n in snap.network.sizes) and snap.m == 1
        self.digits = SCALAR_DIGITS if scalar_net else MATRIX_DIGITS
        self.W = [None] + [w for w, _ in snap.split(snap.params)]
        self.b = [None] + [b for _, b in snap.split(snap.params)]
        self.sel = snap.locate(opts.selected)
        self.phases = _phases(self.L)
        self.loss = _losses.get(snap.loss)
        self.featured = self._featured_layers()

    def _featured_layers(self):
        """The layers written out in full. All of them in a network of up to ALL_LAYERS_UP_TO layers;
        in a deeper one the first two, the last two, the selected weight's and, in step-through, the
        ones of the current phase and the two before it. The middle layers repeat the same equations,
        and writing out 30 of them would be megabytes of HTML that nobody reads."""
        L = self.L
        if L <= ALL_LAYERS_UP_TO:
            return set(range(1, L + 1))
        layers = {1, 2, L - 1, L}
        if self.sel is not None:
            layers.add(self.sel[1])
        if self.o.phase is not None:
            for p in self.phases[max(self.o.phase - 2, 0):self.o.phase + 1]:
                if p.layer is not None:
                    layers.add(p.layer)
        return layers

    # ---- symbols (HTML) --------------------------------------------------------------------------
    def Z(self, l):
        return sup("z" if self.sample else "Z", l)

    def A(self, l):
        return sup("a" if self.sample else "A", l)

    def D(self, l):
        return sup("δ" if self.sample else "Δ", l)

    @property
    def Ysym(self):
        return "y" if self.sample else "Y"

    @property
    def C(self):
        return "C<sub>1</sub>" if self.sample else "C"

    def dW(self, l):
        return f"∂{self.C}/∂{sup('W', l)}"

    def db(self, l):
        return f"∂{self.C}/∂{sup('b', l)}"

    def f(self, l):
        return self.s.network.activations[l - 1]

    # ---- matrices --------------------------------------------------------------------------------
    def mat(self, values, name, **kw):
        # max_width: the room beside a long left-hand side and an operator ("∂C/∂W² = … ⊙")
        return matrix_atom(values, name, digits=self.digits, full=self.full, head=self.head, tail=self.tail,
                           max_width=self.o.width - 13, **kw)

    def _sel_in(self, kind, l):
        return self.sel is not None and self.sel[0] == kind and self.sel[1] == l

    def weight(self, values, l, name, transposed=False):
        """A matrix laid out like W^l (or its transpose): entries link to their weight, the selected one is marked."""
        idx = self.s.index
        if transposed:
            link = lambda i, j: f"param:{idx('W', l, j, i)}"  # noqa: E731 — entry (i, j) of (W^l)^T is W^l_ji
        else:
            link = lambda i, j: f"param:{idx('W', l, i, j)}"  # noqa: E731
        kw = {}
        if self._sel_in("W", l):
            _, _, j, k = self.sel
            if transposed:
                j, k = k, j
            kw = dict(keep_rows=(j,), keep_cols=(k,), mark=lambda a, b: "sel" if (a, b) == (j, k) else None)
        return self.mat(values, name, link=link, **kw)

    def bias(self, values, l, name):
        idx = self.s.index
        kw = {}
        if self._sel_in("b", l):
            j = self.sel[2]
            kw = dict(keep_rows=(j,), mark=lambda a, b: "sel" if a == j else None)
        return self.mat(values, name, link=lambda i, j: f"param:{idx('b', l, i)}", **kw)

    def related_rows(self, values, name, l, which):
        """Δ^l or (A^{l-1})^T in BP3/BP4, with the row (or column) the selected parameter uses tinted."""
        kw = {}
        if self.sel is not None and self.sel[1] == l:
            kind, _, j, k = self.sel
            if which == "delta_row":
                kw = dict(keep_rows=(j,), mark=lambda a, b: "rel" if a == j else None)
            elif which == "a_col" and kind == "W":
                kw = dict(keep_cols=(k,), mark=lambda a, b: "rel" if b == k else None)
        return self.mat(values, name, **kw)

    # ---- layout helpers --------------------------------------------------------------------------
    def equations(self, rows):
        """Aligned statements: (lhs, relation, [atoms]) per row; long rows wrap under the relation."""
        # Each line is its own one-row table and the "=" signs line up because every line's first
        # cell has the same fixed width. (One table holding the lines as rows would align them by
        # itself, but Qt lays out nested tables in several passes per level: one level less makes
        # the view several times faster to build.)
        lhs_width = max([visible_length(lhs) for lhs, _, _ in rows] + [1]) + 1
        room = max(self.o.width - lhs_width - 2, 16.0)
        lhs_px, rel_px = int(lhs_width * self.o.digit_px), int(2 * self.o.digit_px)
        lines = []  # [lhs, rel, atoms, width]
        wrapped = False  # did the last statement take more than one line?
        for lhs, rel, atoms in rows:
            width = sum(a.width for a in atoms)
            eq = self.op("=")
            if not lhs and rel == "=" and lines and not wrapped and lines[-1][3] + eq.width + width <= room:
                lines[-1][2] += [eq] + atoms  # "= result" fits after a one-line statement: keep it there
                lines[-1][3] += eq.width + width
                continue
            parts = wrap(atoms, room)
            wrapped = len(parts) > 1
            for n, line in enumerate(parts):
                lines.append([lhs if n == 0 else "", rel if n == 0 else "", line, sum(a.width for a in line)])
        return "".join(f'<table cellspacing="0" cellpadding="1"><tr>'
                       f'<td align="right" valign="middle" width="{lhs_px}" class="lhs">{lhs}</td>'
                       f'<td align="center" valign="middle" width="{rel_px}" class="op">{rel}</td>'
                       + "".join(a.html for a in atoms) + "</tr></table>" for lhs, rel, atoms, _ in lines)

    def title(self, text, symbolic="", shapes=""):
        out = f'<p class="title"><b>{text}</b>'
        if symbolic:
            out += f' &nbsp; <span class="sym">{symbolic}</span>'
        out += "</p>"
        if shapes:
            out += f'<p class="shapes">{shapes}</p>'
        return out

    def note(self, text):
        return f'<p class="note">{text}</p>'

    def shp(self, r, c):
        return shape_text(r, c)

    @staticmethod
    def op(text):
        return text_atom(text)

    # ---- header ----------------------------------------------------------------------------------
    def header(self):
        s, net = self.s, self.s.network
        arch = " → ".join(str(n) for n in net.sizes)
        acts = ", ".join(net.activations)
        opt = {"sgd": "SGD", "momentum": "momentum", "adam": "Adam"}.get(s.optimizer, s.optimizer)
        out = [f'<p class="title"><b>Step {s.step + 1} in matrix form</b> — network {arch} ({acts}), '
               f'cost {esc(s.loss)}, {opt} with η = {scalar(s.lr)}, batch of m = {s.m} '
               f'sample{"s" if s.m != 1 else ""}. Nothing changes until the step is taken.</p>']
        if self.sample:
            out.append(self.note(
                "One sample: the first sample of the batch as column vectors, a<sup>0</sup> = x. Its own cost "
                "C<sub>1</sub> and gradient ∂C<sub>1</sub>/∂W. The step itself uses the batch gradient "
                "∂C/∂W = (1/m) Σ<sub>samples</sub> ∂C<sub>i</sub>/∂W, the mean of the m per-sample gradients "
                "(shown at the update): the same maths, one column at a time."))
        elif s.m == 1:
            out.append(self.note(
                "Whole batch: here the batch is a single sample (m = 1), so every A, Z and Δ is one column; "
                "with m samples they get m columns and the gradient is the mean of the per-sample ones."))
        else:
            out.append(self.note(
                f"Whole batch: the m = {s.m} samples are the columns of A<sup>0</sup> = X<sup>T</sup>, and "
                "every matrix below has one column per sample. The batch gradient is the mean of the "
                "per-sample gradients (Δ carries the 1/m), so this is the same maths as one sample, "
                "done for all columns at once."))
        return "".join(out)

    # ---- the selected weight: its scalar chain rule ----------------------------------------------
    def chain_rule(self):
        if self.sel is None:
            return ""
        kind, l, j, k = self.sel
        t = self.t
        tl = t.layers[l - 1]
        name = f"W{l}[{j},{k}]" if kind == "W" else f"b{l}[{j}]"
        if kind == "W":
            sym = f"{sup('W', l)}<sub>{jk(j, k)}</sub>"
            value = self.W[l][j, k]
        else:
            sym = f"{sup('b', l)}<sub>{j}</sub>"
            value = self.b[l][j]
        dj = f"{sup('δ', l)}<sub>{j}</sub>"
        ak = f"{sup('a', l - 1)}<sub>{k}</sub>" if kind == "W" else ""
        lines = [f'<p class="title"><b>Selected:</b> <span class="selname">{sym}</span> '
                 f'({name}) = {scalar(value)}</p>']
        if kind == "W":
            lines.append(self.note(f"{sup('z', l)}<sub>{j}</sub> = Σ<sub>k</sub> {sup('W', l)}<sub>{j},k</sub> "
                                   f"{sup('a', l - 1)}<sub>k</sub> + …, so ∂{sup('z', l)}<sub>{j}</sub>/∂{sym} = "
                                   f"{ak}, and the chain rule gives ∂{self.C}/∂{sym} = "
                                   f"∂{self.C}/∂{sup('z', l)}<sub>{j}</sub> · {ak} = {dj} · {ak}."))
        deltas = tl.delta[j]
        inputs = t.A0[k] if (kind == "W" and l == 1) else (t.layers[l - 2].A[k] if kind == "W" else None)
        total = tl.dW[j, k] if kind == "W" else tl.db[j]
        if kind == "W":
            terms = [f"{paren(d)}·{paren(a)}" for d, a in zip(deltas[:3], inputs[:3])]
        else:
            terms = [paren(d) for d in deltas[:3]]
        more = f" + ⋯ ({self.m} terms)" if self.m > 3 else ""
        if self.m == 1:
            lhs = f"∂{self.C}/∂{sym} = {dj} · {ak}" if kind == "W" else f"∂{self.C}/∂{sym} = {dj}"
        else:
            lhs = (f"∂C/∂{sym} = Σ<sub>samples</sub> {dj} {ak}" if kind == "W"
                   else f"∂C/∂{sym} = Σ<sub>samples</sub> {dj}")
        lines.append(f'<p class="chain">{lhs} = {" + ".join(terms)}{more} = {scalar(total)}</p>')
        if self.m > 1:
            lines.append(self.note("One term per sample: the entries of row "
                                   f"{j} of Δ<sup>{l}</sup>" + (f" times row {k} of A<sup>{l - 1}</sup>"
                                                                 if kind == "W" else "")
                                   + " (tinted below). Δ carries the 1/m, so the sum is the mean over the batch."))
        lines.append(self._delta_chain(l, j))
        lines.append(self._scalar_update(kind, l, j, k, value))
        c = self.c
        return (f'<table width="100%" cellspacing="0" cellpadding="4" class="box" '
                f'style="border-left: 3px solid {c["selected"]}; background-color: #fdf3f5"><tr><td>'
                + "".join(lines) + "</td></tr></table>")

    def _delta_chain(self, l, j):
        """Where δ^l_j comes from, for the first sample: BP1 or BP2 written for one entry."""
        t, L = self.t, self.L
        tl = t.layers[l - 1]
        first = "" if self.m == 1 else " (first sample)"
        dj = f"{sup('δ', l)}<sub>{j}</sub>"
        fp = self._fprime(l)[j, 0] if not (l == L and self.loss.grad is None) else None
        if l == L:
            a, y = tl.A[j, 0], t.Y[j, 0]
            if self.loss.grad is None:
                return (f'<p class="chain">{dj}{first} = (a<sub>{j}</sub> {MINUS} y<sub>{j}</sub>)/m = '
                        f'({scalar(a)} {MINUS} {paren(y)})/{self.m} = {scalar(tl.delta[j, 0])}</p>')
            g = self.loss.grad(tl.A, t.Y)[j, 0]
            two = "2" if self.m == 1 else f"(2/{self.m})"
            return (f'<p class="chain">{dj}{first} = ∂{self.C}/∂{sup("a", l)}<sub>{j}</sub> · f′({sup("z", l)}<sub>{j}</sub>) = '
                    f'{two}({scalar(a)} {MINUS} {paren(y)}) · {paren(fp)} = {paren(g)} · {paren(fp)} = '
                    f'{scalar(tl.delta[j, 0])}</p>')
        Wn = self.W[l + 1]
        dn = t.layers[l].delta[:, 0]
        terms = [f"{paren(Wn[r, j])}·{paren(dn[r])}" for r in range(min(len(dn), 3))]
        more = " + ⋯" if len(dn) > 3 else ""
        total = float(Wn[:, j] @ dn)
        return (f'<p class="chain">{dj}{first} = (Σ<sub>r</sub> {sup("W", l + 1)}<sub>r,{j}</sub> '
                f'{sup("δ", l + 1)}<sub>r</sub>) · f′({sup("z", l)}<sub>{j}</sub>) = ({" + ".join(terms)}{more}) · {paren(fp)} '
                f'= {paren(total)} · {paren(fp)} = {scalar(tl.delta[j, 0])}</p>')

    def _scalar_update(self, kind, l, j, k, value):
        s = self.s
        idx = s.index(kind, l, j, k if k is not None else 0)
        g, new = s.grad[idx], s.new_params[idx]
        sym = f"{sup(kind, l)}<sub>{jk(j, k)}</sub>" if kind == "W" else f"{sup('b', l)}<sub>{j}</sub>"
        batch = "" if (self.m == 1 or not self.sample) else " (with the batch gradient)"
        if s.optimizer == "sgd":
            return (f'<p class="chain">{sym} ← {sym} {MINUS} η ∂C/∂{sym}{batch} = {scalar(value)} {MINUS} '
                    f'{scalar(s.lr)}·{paren(g)} = {scalar(new)}</p>')
        return (f'<p class="chain">{sym} ← {scalar(new)} after the {s.optimizer} update '
                f'(gradient {scalar(g)}, see Update)</p>')

    # ---- phases ----------------------------------------------------------------------------------
    def forward(self, l):
        t, net = self.t, self.s.network
        n, n_prev, m = net.sizes[l], net.sizes[l - 1], self.m
        has_b = net.bias[l - 1]
        f = self.f(l)
        bias_sym = (f" + {sup('b', l)}" + ("" if self.sample else "1<sup>T</sup>")) if has_b else ""
        symbolic = (f"{self.Z(l)} = {sup('W', l)}{self.A(l - 1)}{bias_sym}, &nbsp; "
                    f"{self.A(l)} = {self._fname(l, self.Z(l))}")
        shapes = (f"{self.shp(n, m)} = {self.shp(n, n_prev)}{self.shp(n_prev, m)}"
                  + (f" + {self.shp(n, 1)}" if has_b else ""))
        A_prev = t.A0 if l == 1 else t.layers[l - 2].A
        tl = t.layers[l - 1]
        rhs = [self.weight(self.W[l], l, sup("W", l)), self.mat(A_prev, self.A(l - 1))]
        if has_b:
            rhs += [self.op("+"), self.bias(self.b[l], l, sup("b", l))]
        rows = [(self.Z(l), "=", rhs), ("", "=", [self.mat(tl.Z, self.Z(l))])]
        if f == "linear":
            rows.append((self.A(l), "=", [self.op(f"{self.Z(l)} &nbsp;(linear: f(z) = z)"),
                                          self.op("="), self.mat(tl.A, self.A(l))]))
        else:
            rows.append((self.A(l), "=", [self.op(self._fname(l, self.Z(l))), self.op("="),
                                          self.mat(tl.A, self.A(l))]))
        notes = []
        if l == 1:
            notes.append("A<sup>0</sup> = X<sup>T</sup>: the inputs, one column per sample." if not self.sample
                         else "a<sup>0</sup> = x: the first sample's inputs as a column.")
        if has_b and not self.sample and m > 1:
            notes.append(f"b<sup>{l}</sup>1<sup>T</sup>: the bias is added to every column (sample).")
        if f == "softmax":
            notes.append("softmax works per column: a<sub>j</sub> = e<sup>z<sub>j</sub></sup> / "
                         "Σ<sub>r</sub> e<sup>z<sub>r</sub></sup>, so each column sums to 1.")
        body = self.equations(rows) + "".join(self.note(n_) for n_ in notes)
        return self.title(f"Forward, layer {l}", symbolic, shapes) + body

    def _fname(self, l, arg):
        f = self.f(l)
        if f == "linear":
            return arg
        name = {"leaky_relu": "leaky_relu", "relu": "relu"}.get(f, f)
        return f"{name}({arg})"

    def _fprime(self, l):
        tl = self.t.layers[l - 1]
        return _activations.get(self.f(l)).df(tl.Z, tl.A)

    def cost(self):
        t, L, net = self.t, self.L, self.s.network
        nL = net.sizes[L]
        a_L, Y = t.layers[-1].A, t.Y
        m_txt = "" if self.m == 1 else "(1/m) "
        formulas = {
            "mse": f"{self.C} = {m_txt}Σ ({self.A(L)} {MINUS} {self.Ysym})²",
            "cross_entropy": f"{self.C} = {MINUS}{m_txt}Σ {self.Ysym} ⊙ log {self.A(L)}",
            "binary_cross_entropy": (f"{self.C} = {MINUS}{m_txt}Σ [{self.Ysym} ⊙ log {self.A(L)} + "
                                     f"(1 {MINUS} {self.Ysym}) ⊙ log(1 {MINUS} {self.A(L)})]"),
        }
        symbolic = formulas.get(self.s.loss, esc(self.loss.formula))
        rows = [(self.Ysym, "=", [self.mat(Y, self.Ysym)]),
                (self.C, "=", [self.op(f"{scalar(t.cost)}")])]
        entries = "the one entry" if nL * self.m == 1 else f"all {nL * self.m} entries"
        out = self.title("Cost", symbolic, f"the sum runs over {entries} of {self.A(L)} {self.shp(nL, self.m)}"
                         + ("" if self.m == 1 else f", then divides by m = {self.m}"))
        out += self.note(f"{self.Ysym}: the targets" + ("" if self.sample else ", one column per sample") + ".")
        out += self.equations(rows)
        if nL == 1 and self.m == 1 and self.s.loss == "mse":
            a, y = a_L[0, 0], Y[0, 0]
            out += (f'<p class="chain">{self.C} = (a {MINUS} y)² = ({scalar(a)} {MINUS} {paren(y)})² = '
                    f'{scalar(t.cost)}</p>')
        if self.sample:
            out += self.note(f"The batch's cost C is the mean of the m = {self.s.m} samples' costs: "
                             f"C = {scalar(self.s.trace.cost)}.")
        return out

    def bp1(self):
        t, L, net = self.t, self.L, self.s.network
        tl = t.layers[-1]
        nL, m = net.sizes[L], self.m
        D = self.D(L)
        two = "2" if m == 1 else "(2/m)"
        if self.loss.grad is None:  # softmax / sigmoid with cross-entropy
            pair = "softmax" if self.s.loss == "cross_entropy" else "sigmoid"
            symbolic = f"{D} = ({self.A(L)} {MINUS} {self.Ysym})" + ("" if m == 1 else "/m")
            out = self.title(f"BP1: output error {D}", symbolic, f"{self.shp(nL, m)}")
            out += self.note(f"With a {pair} output and the cross-entropy cost the f′ cancels: "
                             f"{D} = ∇<sub>A</sub>C ⊙ f′(Z<sup>{L}</sup>) simplifies to "
                             f"({self.A(L)} {MINUS} {self.Ysym})" + ("." if m == 1 else "/m."))
            rhs = [self.op("(") if m == 1 else self.op(f"(1/{m})("), self.mat(tl.A, self.A(L)),
                   self.op(MINUS), self.mat(t.Y, self.Ysym), self.op(")")]
            rows = [(D, "=", rhs), ("", "=", [self.related_rows(tl.delta, D, L, "delta_row")])]
            return out + self.equations(rows)
        grad = self.loss.grad(tl.A, t.Y)
        fp = self._fprime(L)
        g_sym = f"∇<sub>{'a' if self.sample else 'A'}</sub>{self.C}"
        symbolic = f"{D} = {g_sym} ⊙ f′({self.Z(L)}), &nbsp; {g_sym} = {two}({self.A(L)} {MINUS} {self.Ysym})"
        out = self.title(f"BP1: output error {D}", symbolic,
                         f"{self.shp(nL, m)} = {self.shp(nL, m)} ⊙ {self.shp(nL, m)}")
        act = _activations.get(self.f(L))
        rows = [(g_sym, "=", [self.op(f"{two}("), self.mat(tl.A, self.A(L)), self.op(MINUS),
                              self.mat(t.Y, self.Ysym), self.op(")")]),
                ("", "=", [self.mat(grad, g_sym)])]
        if self.f(L) == "linear":
            out += self.note(f"The output layer is linear: f′(z) = 1, so {D} = {g_sym}.")
            rows.append((D, "=", [self.related_rows(tl.delta, D, L, "delta_row")]))
        else:
            out += self.note(f"f′(z) = {act.derivative_formula} for {act.name}; ⊙ multiplies entry by entry.")
            rows += [(D, "=", [self.mat(grad, g_sym), self.op("⊙"), self.mat(fp, f"f′({self.Z(L)})")]),
                     ("", "=", [self.related_rows(tl.delta, D, L, "delta_row")])]
        out += self.equations(rows)
        if nL == 1 and m == 1:
            a, y, d = tl.A[0, 0], t.Y[0, 0], tl.delta[0, 0]
            if self.f(L) == "linear":
                out += (f'<p class="chain">δ = 2(z {MINUS} y) = 2({scalar(tl.Z[0, 0])} {MINUS} {paren(y)}) = '
                        f'{scalar(d)}</p>')
            else:
                out += (f'<p class="chain">δ = 2(a {MINUS} y) f′(z) = 2({scalar(a)} {MINUS} {paren(y)})·'
                        f'{paren(fp[0, 0])} = {scalar(d)}</p>')
        return out

    def bp2(self, l):
        t, net = self.t, self.s.network
        n, n_next, m = net.sizes[l], net.sizes[l + 1], self.m
        tl, tn = t.layers[l - 1], t.layers[l]
        D, Dn = self.D(l), self.D(l + 1)
        WT = f"({sup('W', l + 1)})<sup>T</sup>"
        symbolic = f"{D} = ({WT} {Dn}) ⊙ f′({self.Z(l)})"
        shapes = f"{self.shp(n, m)} = ({self.shp(n, n_next)}{self.shp(n_next, m)}) ⊙ {self.shp(n, m)}"
        back = self.W[l + 1].T @ tn.delta
        fp = self._fprime(l)
        act = _activations.get(self.f(l))
        rows = [(D, "=", [self.op("("), self.weight(self.W[l + 1].T, l + 1, WT, transposed=True),
                          self.mat(tn.delta, Dn), self.op(")"), self.op("⊙"), self.op(f"f′({self.Z(l)})")]),
                ("", "=", [self.mat(back, f"{WT}{Dn}"), self.op("⊙"), self.mat(fp, f"f′({self.Z(l)})")]),
                ("", "=", [self.related_rows(tl.delta, D, l, "delta_row")])]
        out = self.title(f"BP2: error of layer {l}", symbolic, shapes)
        out += self.note(f"The error of layer {l + 1} flows back through the same weights, transposed; "
                         f"f′(z) = {act.derivative_formula} for {act.name}.")
        return out + self.equations(rows)

    def gradients(self, l):
        t, net = self.t, self.s.network
        n, n_prev, m = net.sizes[l], net.sizes[l - 1], self.m
        tl = t.layers[l - 1]
        A_prev = t.A0 if l == 1 else t.layers[l - 2].A
        D = self.D(l)
        AT = f"({self.A(l - 1)})<sup>T</sup>"
        has_b = net.bias[l - 1]
        sym = []
        if has_b:
            sym.append(f"BP3: {self.db(l)} = {D}" + ("" if self.sample else "1"))
        sym.append(f"BP4: {self.dW(l)} = {D}{AT}")
        shapes = (f"{self.shp(n, n_prev)} = {self.shp(n, m)}{self.shp(m, n_prev)}"
                  + ("" if m == 1 else f": the product sums over the m = {m} samples"))
        rows = []
        if has_b:
            if self.sample:
                rows.append((self.db(l), "=", [self.bias(tl.db, l, self.db(l))]))
            else:
                rows += [(self.db(l), "=", [self.related_rows(tl.delta, D, l, "delta_row"),
                                            self.op(f"1 &nbsp;{self.shp(m, 1)}")]),
                         ("", "=", [self.bias(tl.db, l, self.db(l))])]
        rows += [(self.dW(l), "=", [self.related_rows(tl.delta, D, l, "delta_row"),
                                    self.related_rows(A_prev.T, AT, l, "a_col")]),
                 ("", "=", [self.weight(tl.dW, l, self.dW(l))])]
        out = self.title(f"BP3, BP4: gradients of layer {l}", ", &nbsp; ".join(sym), shapes)
        if has_b and not self.sample and m > 1:
            out += self.note(f"{D}1 adds up the columns of {D}: one bias, every sample.")
        return out + self.equations(rows)

    def update(self):
        s = self.s
        out = [self.title("Update", self._update_formula())]
        new = s.split(s.new_params)
        G = s.split(s.grad)
        batch_trace = s.trace
        if self.sample:
            if s.m == 1:
                out.append(self.note("The batch is this one sample (m = 1): the step uses the gradient above."))
            else:
                out.append(self.note(f"The step uses the batch gradient ∂C/∂W = (1/m) Σ<sub>samples</sub> "
                                     f"∂C<sub>i</sub>/∂W over all m = {s.m} samples, the mean of per-sample "
                                     "gradients like the one above (switch to Whole batch to see it built)."))
        if s.l1 or s.l2:
            out.append(self.note(f"Regularisation adds {self._reg_term('W')} to the gradient of the weights "
                                 f"(not the biases): G = ∂C/∂W + {self._reg_term('W')}, with "
                                 + ", ".join(([f"λ<sub>2</sub> = {scalar(s.l2)}"] if s.l2 else [])
                                             + ([f"λ<sub>1</sub> = {scalar(s.l1)}"] if s.l1 else []))
                                 + ". It pulls every weight towards 0."))
        rows = []
        hidden = [l for l in range(1, self.L + 1) if l not in self.featured]
        for l in sorted(self.featured):
            Wl, bl = self.W[l], self.b[l]
            nW, nb = new[l - 1]
            gW, gb = G[l - 1]
            dW = batch_trace.layers[l - 1].dW
            Wsym = sup("W", l)
            if self.sample and s.m > 1:
                rows.append((f"∂C/∂{Wsym}", "=", [self.weight(dW, l, f"∂C/∂{Wsym}")]))
            grad_sym = f"∂C/∂{Wsym}"
            if s.l1 or s.l2:
                grad_sym = sup("G", l)
                rows += [(grad_sym, "=", [self.weight(dW, l, f"∂C/∂{Wsym}"), self.op("+"),
                                          self.weight(gW - dW, l, self._reg_term(Wsym))]),
                         ("", "=", [self.weight(gW, l, grad_sym)])]
            rows += self._update_rows(l, "W", Wl, gW, nW, grad_sym)
            if bl is not None:
                rows += self._update_rows(l, "b", bl, gb, nb, f"∂C/∂{sup('b', l)}")
        out.append(self.equations(rows))
        if hidden:
            out.append(self.note(f"Layers {_ranges(hidden)} are updated by the same rule (not written out "
                                 "here, to keep the view light)."))
        if s.optimizer == "adam":
            out.append(self.note(f"Adam's step {int(s.opt_state.get('t', 0)) + 1}: M and V are running means "
                                 "of G and G² over the steps; M̂, V̂ correct their start from zero."))
        if self.o.phase is not None:  # in the full view it opens the page
            out.append(self.seed_reduction())
        return "".join(out)

    def _reg_term(self, W):
        """λ₂W + λ₁ sign(W), with only the terms in use."""
        s = self.s
        return " + ".join(([f"λ<sub>2</sub>{W}"] if s.l2 else []) + ([f"λ<sub>1</sub>sign({W})"] if s.l1 else []))

    def _update_formula(self):
        s, h = self.s, self.s.hyper
        W, V, G = sup("W", "l"), sup("V", "l"), "∂C/∂" + sup("W", "l")
        if s.l1 or s.l2:
            G = sup("G", "l")
        if s.optimizer == "sgd":
            same = "; the same for b<sup>l</sup>" if any(self.s.network.bias) else ""
            return f"{W} ← {W} {MINUS} η {G} &nbsp; (η = {scalar(s.lr)}{same})"
        if s.optimizer == "momentum":
            return (f"{V} ← μ{V} {MINUS} η {G}, &nbsp; {W} ← {W} + {V} &nbsp; "
                    f"(μ = {scalar(h.get('momentum', 0))}, η = {scalar(s.lr)})")
        return (f"M ← β<sub>1</sub>M + (1 {MINUS} β<sub>1</sub>)G, &nbsp; V ← β<sub>2</sub>V + "
                f"(1 {MINUS} β<sub>2</sub>)G<sup>2</sup>, &nbsp; W ← W {MINUS} η M̂/(√V̂ + ε) &nbsp; "
                f"(β<sub>1</sub> = {scalar(h.get('beta1', 0))}, β<sub>2</sub> = {scalar(h.get('beta2', 0))}, "
                f"ε = {scalar(h.get('eps', 0))}, η = {scalar(s.lr)})")

    def _update_rows(self, l, kind, old, g, new, grad_sym):
        s = self.s
        sym = sup(kind, l)
        show = (lambda v, name: self.weight(v, l, name)) if kind == "W" else \
            (lambda v, name: self.bias(v, l, name))
        if s.optimizer == "sgd":
            return [(sym, "←", [show(old, sym), self.op(MINUS), self.op(scalar(s.lr)), show(g, grad_sym)]),
                    ("", "=", [show(new, f"new {sym}")])]
        step = new - old
        if s.optimizer == "momentum":
            vel = s.opt_state.get("velocity")
            V_old = np.zeros_like(old) if vel is None else self._like(vel, l, kind)
            Vs = sup("V", l) if kind == "W" else f"{sup('V', l)}<sub>b</sub>"
            mu = s.hyper.get("momentum", 0.0)
            return [(Vs, "←", [self.op(scalar(mu)), show(V_old, Vs), self.op(MINUS), self.op(scalar(s.lr)),
                               show(g, grad_sym)]),
                    ("", "=", [show(step, f"new {Vs}")]),
                    (sym, "←", [show(old, sym), self.op("+"), show(step, Vs)]),
                    ("", "=", [show(new, f"new {sym}")])]
        # adam: show the step it takes, then the new values
        step_sym = f"{MINUS}η M̂/(√V̂ + ε)"
        return [(sym, "←", [show(old, sym), self.op("+"), show(step, step_sym)]),
                ("", "=", [show(new, f"new {sym}")])]

    def _like(self, flat, l, kind):
        W, b = self.s.split(np.asarray(flat))[l - 1]
        return W if kind == "W" else b

    # ---- the question's own formulas -------------------------------------------------------------
    def seed_reduction(self):
        s = self.s
        if not (s.is_seed_scalar() or s.is_seed_chain()):
            return ""
        R = s.lr
        y = float(s.Y[0, 0])
        a0 = float(s.X[0, 0])
        c = self.c
        box = (f'<table width="100%" cellspacing="0" cellpadding="4" class="box" '
               f'style="border-left: 3px solid {c["active"]}; background-color: #f4f8fb"><tr><td>')
        if s.is_seed_scalar():
            w = float(s.params[0])
            z = a0 * w
            delta = 2 * (z - y)
            g = delta * a0
            new = w - R * a0 * 2 * (a0 * w - y)
            lines = [
                "<b>The question's network.</b> Every matrix is 1×1 here, so the four equations are scalars "
                "and reduce to the question's own update:",
                f"a = {scalar(a0)}, &nbsp; W = {scalar(w)}, &nbsp; y = {scalar(y)}, &nbsp; R = η = {scalar(R)}",
                f"forward: z = W a = {paren(w)}·{scalar(a0)} = {scalar(z)} &nbsp; (linear: a<sup>(L)</sup> = z)",
                f"BP1: δ = ∂C/∂z = 2(z {MINUS} y) = 2({scalar(z)} {MINUS} {paren(y)}) = {scalar(delta)}",
                f"BP4: ∂C/∂W = δ · a = {paren(delta)}·{scalar(a0)} = {scalar(g)}",
                f"update: W ← W {MINUS} R ∂C/∂W = {scalar(w)} {MINUS} {scalar(R)}·{paren(g)} = {scalar(new)}",
                f"<b>w ← w {MINUS} R·a·2(a·w {MINUS} y)</b> = {scalar(w)} {MINUS} {scalar(R)}·{scalar(a0)}·"
                f"2({scalar(a0)}·{paren(w)} {MINUS} {paren(y)}) = <b>{scalar(new)}</b>",
                table_line(s.step, a0, y, R, w, new)
                + "Its ∂a/∂W · ∂C/∂a is BP4 · BP1: Δ (A<sup>0</sup>)<sup>T</sup> with 1×1 matrices. "
                "(The question writes ∂a<sup>(L)</sup>/∂W = a<sup>(L)</sup>; it is a<sup>(L−1)</sup>, the "
                f"layer's input, here a = {scalar(a0)}: the update it then iterates is right.)",
            ]
        else:
            W1, W2 = float(s.params[0]), float(s.params[1])
            a1 = a0 * W1
            a2 = a1 * W2
            err = 2 * (a1 * W2 - y)
            new2 = W2 - R * a1 * err
            new1 = W1 - R * a0 * W2 * err
            lines = [
                "<b>The question's chain.</b> All matrices are 1×1; in the question's notation "
                f"a<sup>(L−2)</sup> = a<sup>0</sup> = {scalar(a0)}, W<sup>(L−1)</sup> = W<sup>1</sup> = "
                f"{scalar(W1)}, a<sup>(L−1)</sup> = a<sup>1</sup> = {scalar(a1)}, W<sup>(L)</sup> = "
                f"W<sup>2</sup> = {scalar(W2)}, a<sup>(L)</sup> = a<sup>2</sup> = {scalar(a2)}, "
                f"y = {scalar(y)}, R = η = {scalar(R)}.",
                f"BP1: δ<sup>2</sup> = 2(a<sup>(L)</sup> {MINUS} y) = 2({scalar(a2)} {MINUS} {paren(y)}) = "
                f"{scalar(err)}; &nbsp; BP2: δ<sup>1</sup> = W<sup>(L)</sup> δ<sup>2</sup> = "
                f"{paren(W2)}·{paren(err)} = {scalar(W2 * err)}",
                f"W<sup>(L)</sup> ← W<sup>(L)</sup> {MINUS} R·a<sup>(L−1)</sup>·2(a<sup>(L−1)</sup>W<sup>(L)</sup> "
                f"{MINUS} y) = {scalar(W2)} {MINUS} {scalar(R)}·{scalar(a1)}·2({scalar(a1)}·{paren(W2)} {MINUS} "
                f"{paren(y)}) = <b>{scalar(new2)}</b>",
                f"<b>W<sup>(L−1)</sup> ← W<sup>(L−1)</sup> {MINUS} R·a<sup>(L−2)</sup>·W<sup>(L)</sup>·"
                f"2(a<sup>(L−1)</sup>W<sup>(L)</sup> {MINUS} y)</b> = {scalar(W1)} {MINUS} {scalar(R)}·"
                f"{scalar(a0)}·{paren(W2)}·2({scalar(a1)}·{paren(W2)} {MINUS} {paren(y)}) = <b>{scalar(new1)}</b>",
                "— the question's formula is BP2 then BP4: ∂C/∂W<sup>1</sup> = δ<sup>1</sup>(a<sup>0</sup>)"
                "<sup>T</sup> = W<sup>2</sup>·2(a<sup>2</sup> − y)·a<sup>0</sup>. W<sup>(L)</sup> in it is the "
                "value before this step's update: both weights move from the same forward pass.",
            ]
        return box + "".join(f'<p class="chain">{x}</p>' for x in lines) + "</td></tr></table>"

    # ---- the whole document ----------------------------------------------------------------------
    def section(self, i, phase, body):
        anchor = f'<a name="phase-{i}"></a>'
        if self.o.phase != i:  # no frame: a table around every section would slow Qt's layout down
            return anchor + body
        c = self.c
        return (f'{anchor}<table width="100%" cellspacing="0" cellpadding="4" class="sec" '
                f'style="background-color: {c["active_bg"]}; border-left: 3px solid {c["active"]}">'
                f'<tr><td>{body}</td></tr></table>')

    def phase_body(self, phase):
        if phase.kind == "forward":
            return self.forward(phase.layer)
        if phase.kind == "cost":
            return self.cost()
        if phase.kind == "bp1":
            return self.bp1()
        if phase.kind == "bp2":
            return self.bp2(phase.layer)
        if phase.kind == "gradients":
            return self.gradients(phase.layer)
        return self.update()

    def _skipped(self, skipped):
        """One line for a run of phases whose layers are not written out (deep networks only)."""
        if not skipped:
            return ""
        kinds = {"forward": "Forward", "bp2": "BP2", "gradients": "BP3, BP4"}
        lines = []
        for kind in dict.fromkeys(p.kind for _, p in skipped):
            layers = [p.layer for _, p in skipped if p.kind == kind]
            lines.append(f"<b>{kinds.get(kind, kind)}, layer{'s' if len(layers) > 1 else ''} {_ranges(layers)}</b>")
        anchors = "".join(f'<a name="phase-{i}"></a>' for i, _ in skipped)
        return (anchors + self.note("; ".join(lines) + ": the same equations, one layer at a time — not written "
                                    "out, to keep the view light. Step through shows each one, or select a "
                                    "weight of that layer."))

    def document(self):
        parts = [self.header(), self.chain_rule()]
        if self.o.phase is None:  # the question's own formula first: the answer, then how it is built
            parts.append(self.seed_reduction())
        last = self.o.phase if self.o.phase is not None else len(self.phases) - 1
        skipped = []  # consecutive phases of layers not written out: one line for all of them
        for i, phase in enumerate(self.phases[:last + 1]):
            if phase.layer is not None and phase.layer not in self.featured and i != self.o.phase:
                skipped.append((i, phase))
                continue
            parts.append(self._skipped(skipped))
            skipped = []
            parts.append(self.section(i, phase, self.phase_body(phase)))
        parts.append(self._skipped(skipped))
        if last + 1 < len(self.phases):
            nxt = self.phases[last + 1]
            parts.append(self.note(f"Next: {esc(phase_title(nxt))} ({len(self.phases) - last - 1} more "
                                   f"phase{'s' if len(self.phases) - last - 1 != 1 else ''} in this step)"))
        else:
            parts.append(self.note("The step is complete: taking it replaces every W and b by its new value."))
        return "<html><body>" + "".join(parts) + "</body></html>"


def jk(j, k):
    """The subscript of W^l_jk as the diagram writes it: 01, or 1,12 once an index reaches 10."""
    return f"{j}{k}" if max(j, k) < 10 else f"{j},{k}"


def _ranges(layers):
    """[3, 4, 5, 9] → "3–5, 9"."""
    out, start, prev = [], None, None
    for l in sorted(layers) + [None]:
        if start is not None and (l is None or l != prev + 1):
            out.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = None
        if l is not None and start is None:
            start = l
        prev = l
    return ", ".join(out)


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def phase_title(phase):
    """A plain-text title for a phase: core.phases' title with Δ^3 written Δ³ (for a QLabel)."""
    title = phase.title
    if "^" in title:
        head, _, tail = title.partition("^")
        digits = "".join(c for c in tail if c.isdigit())
        title = head + digits.translate(_SUPERSCRIPT) + tail[len(digits):]
    return title


def render(snapshot: Snapshot, options: Options | None = None) -> str:
    """The HTML of the whole view for this snapshot."""
    return _Renderer(snapshot, options or Options()).document()
