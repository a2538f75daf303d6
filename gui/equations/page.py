"""The equation page's writing kit: symbols, matrices, aligned equations, titles and notes, as HTML.

A `Page` is made once per rendering from a Snapshot and Options; every section of the page
(gui/equations/sections/) is a function `section(page, ...) -> html` that reads the snapshot through
`page.s`, the options through `page.o`, and writes with the helpers here:

    page.t                the trace shown (the batch, or its first sample in "One sample" mode)
    page.Z(l) A(l) D(l)   the symbols Z^l, A^l, Δ^l (z, a, δ for one sample); page.Ysym, page.C
    page.mat(values, name)              any matrix (elided when large)
    page.weight(values, l, name) / bias(...)   a matrix laid out like W^l / b^l: entries link to
                                        their parameter, the selected one is marked
    page.related_rows(values, name, l, which)  Δ^l or (A^{l−1})^T with the selected parameter's row tinted
    page.equations(rows)  aligned statements [(lhs, relation, [atoms])], wrapped to the width
    page.title(...), page.note(text), page.op(text), page.shp(rows, cols)
    page.fname(l, arg), page.fprime(l)   f_l written as a function, and f′_l(Z^l) as numbers

No Qt here, so the page can be rendered and tested headless.
"""
from core import losses as _losses
from core.phases import phases as _phases
from core.precision import step_digits

from .format import matrix_atom, shape_text, sup, text_atom, visible_length, wrap
from .snapshot import Options, Snapshot

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
        span.blank {{ color: {c['selected']}; font-weight: bold; }}
        table.sec {{ margin-bottom: 6px; }}
        table.box {{ margin-bottom: 6px; }}
    """


ALL_LAYERS_UP_TO = 6  # deeper networks show their first two and last two layers in full (see Page.featured)


def limits_for(n_layers):
    """(full, head, tail) for elided matrices: fewer entries per matrix in deeper networks,
    so the HTML stays small (a couple of hundred kB at most) whatever the network."""
    return (8, 4, 2) if n_layers <= 4 else (6, 3, 2)


class Page:
    """One rendering of the page: the snapshot `s`, the options `o`, and the helpers every section writes with."""

    def __init__(self, snap: Snapshot, opts: Options):
        self.s, self.o = snap, opts
        self.c = {**COLORS, **opts.colors}
        self.L = snap.L
        self.sample = opts.mode == "sample"
        self.t = snap.sample_trace if self.sample else snap.trace
        self.m = self.t.A0.shape[1]
        self.full, self.head, self.tail = limits_for(self.L)
        # 7 significant digits when every matrix is 1×1 (the seed's scalar networks: its numbers are
        # -2072.178 and -8.594754), else 5, the same for every entry so columns line up. One rule with
        # the quiz and the worksheets (core/precision.py): an answer is checked to the digits shown.
        self.digits = step_digits(snap.network.sizes, snap.m)
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
    def mat(self, values, name, entry=None, **kw):
        """entry=(kind, l): what the matrix is (core.exercises' kinds: "Z", "A", "delta", "dW", …), so
        that in Quiz me a click on an entry blanks it."""
        if self.o.quiz and entry is not None:
            kind, l = entry
            kw["link"] = lambda i, j: f"blank:{kind}:{l}:{i}:{j}"
        # max_width: the room beside a long left-hand side and an operator ("∂C/∂W² = … ⊙")
        return matrix_atom(values, name, digits=self.digits, full=self.full, head=self.head, tail=self.tail,
                           max_width=self.o.width - 13, hide=self.o.hidden, **kw)

    def _sel_in(self, kind, l):
        return self.sel is not None and self.sel[0] == kind and self.sel[1] == l

    def weight(self, values, l, name, transposed=False, entry=None):
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
        return self.mat(values, name, link=link, entry=entry, **kw)

    def bias(self, values, l, name, entry=None):
        idx = self.s.index
        kw = {}
        if self._sel_in("b", l):
            j = self.sel[2]
            kw = dict(keep_rows=(j,), mark=lambda a, b: "sel" if a == j else None)
        return self.mat(values, name, link=lambda i, j: f"param:{idx('b', l, i)}", entry=entry, **kw)

    def related_rows(self, values, name, l, which, entry=None):
        """Δ^l or (A^{l-1})^T in BP3/BP4, with the row (or column) the selected parameter uses tinted."""
        kw = {}
        if self.sel is not None and self.sel[1] == l:
            kind, _, j, k = self.sel
            if which == "delta_row":
                kw = dict(keep_rows=(j,), mark=lambda a, b: "rel" if a == j else None)
            elif which == "a_col" and kind == "W":
                kw = dict(keep_cols=(k,), mark=lambda a, b: "rel" if b == k else None)
        return self.mat(values, name, entry=entry, **kw)

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
            for hidden in self.o.hidden:  # a shape the quiz asks for
                shapes = shapes.replace(hidden, shape_text("?", "?"))
            out += f'<p class="shapes">{shapes}</p>'
        return out

    def note(self, text):
        return f'<p class="note">{text}</p>'

    def shp(self, r, c):
        return shape_text(r, c)

    @staticmethod
    def op(text):
        return text_atom(text)

    # ---- the activation of a layer ---------------------------------------------------------------
    def fname(self, l, arg):
        f = self.f(l)
        if f == "linear":
            return arg
        name = {"leaky_relu": "leaky_relu", "relu": "relu"}.get(f, f)
        return f"{name}({arg})"

    def fprime(self, l):
        """f′(Z^l) as the trace holds it (None where it cancels with the cost)."""
        return self.t.layers[l - 1].fprime

    # ---- a phase's frame (the current step-through phase is tinted) ------------------------------
    def section(self, i, phase, body):
        anchor = f'<a name="phase-{i}">\u200b</a>'  # a zero-width space: Qt keeps no empty anchor
        if self.o.phase != i:  # no frame: a table around every section would slow Qt's layout down
            return anchor + body
        c = self.c
        return (f'{anchor}<table width="100%" cellspacing="0" cellpadding="4" class="sec" '
                f'style="background-color: {c["active_bg"]}; border-left: 3px solid {c["active"]}">'
                f'<tr><td>{body}</td></tr></table>')


def jk(j, k):
    """The subscript of W^l_jk as the diagram writes it: 01, or 1,12 once an index reaches 10."""
    return f"{j}{k}" if max(j, k) < 10 else f"{j},{k}"


def ranges(layers):
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
