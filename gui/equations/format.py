"""Numbers and matrices as HTML for the equation view. Pure Python + NumPy: no Qt.

Qt's rich-text engine (QTextDocument) understands a subset of HTML 4 and CSS 2.
What works there, and so what this module emits:

* a matrix is a <table> of three cells: the entries as monospace lines between two
  narrow bracket cells, each with a border on three sides (Qt 5.14+ draws per-side
  cell borders);
* the symbol sits above the matrix and the shape below it, so operators between
  matrices stay vertically centred on the numbers, and `toPlainText()` reads
  "W1", the rows one per line, then "(4×2)" — which read_matrices parses;
* negative numbers use the ASCII hyphen-minus, not U+2212, so a copied number
  pastes into Python, MATLAB or a spreadsheet; operators use the real "−".
"""
import html
import re
from dataclasses import dataclass

import numpy as np

# Significant digits and the way a number is written: one rule for the panel, the quiz and the
# worksheets, so an answer is checked to the precision it is shown with.
from core.precision import MATRIX_DIGITS, SCALAR_DIGITS, num  # noqa: F401 (re-exported)
# MINUS is the operator (numbers keep "-", see above); a shape is written (4×2) by every view.
from core.notation import MINUS, TIMES  # noqa: F401  (MINUS is imported from here by the sections)
from core.notation import shape as shape_text

FULL = 8           # a dimension up to this many entries is shown in full ("about 8×8")
HEAD, TAIL = 4, 2  # otherwise: the first HEAD and the last TAIL entries, ⋯ between

ROW_GAP, COL_GAP, BOTH_GAP = "\u22ee", "\u22ef", "\u22f1"  # ⋮ ⋯ ⋱


def scalar(x):
    return num(x, SCALAR_DIGITS)


def paren(x):
    """A number ready to be multiplied: negative ones in parentheses, as on a whiteboard."""
    text = scalar(x)
    return f"({text})" if text.startswith("-") else text


def shown_indices(n, keep=(), full=FULL, head=HEAD, tail=TAIL):
    """Which of n rows (or columns) to show, in order, with None where a run is left out.

    Every index in `keep` is shown too (the selected weight must never hide in the ⋯)."""
    if n <= full:
        return list(range(n))
    wanted = set(range(head)) | set(range(n - tail, n)) | {k for k in keep if k is not None and 0 <= k < n}
    out, previous = [], -1
    for i in sorted(wanted):
        if i != previous + 1:
            out.append(None)
        out.append(i)
        previous = i
    if previous < n - 1:  # no tail: the ⋯ still says there is more
        out.append(None)
    return out


def esc(text):
    return html.escape(str(text), quote=False)


def sup(base, exponent):
    return f"{base}<sup>{exponent}</sup>"


@dataclass(frozen=True)
class Atom:
    """A piece of an equation row: its HTML (one <td>) and its width in digit widths, for line breaking.

    glue: "next" keeps it on the line of the atom after it (an operator starts the continuation
    line, as in print: "+ b"), "prev" on the line of the atom before it (a closing parenthesis)."""
    html: str
    width: float
    glue: str = ""


def text_atom(html_text, width=None, glue=None):
    """An operator or a symbol between matrices."""
    if width is None:
        width = visible_length(html_text) + 1
    if glue is None:
        glue = "prev" if html_text.strip() == ")" else "next"
    return Atom(f'<td valign="middle" class="op">{html_text}</td>', width, glue)


def visible_length(html_text):
    """Rough width of some HTML in characters: tags and entities removed, superscripts counted small."""
    out, i = 0.0, 0
    small = 0
    while i < len(html_text):
        c = html_text[i]
        if c == "<":
            end = html_text.find(">", i)
            tag = html_text[i + 1:end].lower()
            if tag.startswith(("sup", "sub")):
                small += 1
            elif tag.startswith(("/sup", "/sub")):
                small -= 1
            i = end + 1
            continue
        if c == "&":
            end = html_text.find(";", i)
            if 0 < end - i < 10:
                i = end
        out += 0.6 if small else NARROW.get(c, 1.0)
        i += 1
    return out


# Widths relative to a digit in a proportional sans font (DejaVu Sans, the default here), for the
# text between matrices: a line break estimated too wide wastes room, one too narrow makes the
# view scroll sideways.
NARROW = {".": 0.45, ",": 0.45, "-": 0.5, " ": 0.45, "(": 0.55, ")": 0.55, "·": 0.45, "1": 1.0,
          "e": 0.95, "+": 1.3}



def as_matrix(values):
    """A 1-D vector (b^l, ∂C/∂b^l) is a column, as in the notation."""
    values = np.asarray(values, dtype=float)
    return values.reshape(-1, 1) if values.ndim == 1 else values


MONO = 0.92  # width of a monospace character in digits of the text font (DejaVu Sans Mono / DejaVu Sans)
COLUMN_SPACE = 2  # spaces between the columns of a matrix


def matrix_atom(values, name_html, *, digits=None, keep_rows=(), keep_cols=(), link=None, mark=None,
                full=FULL, head=HEAD, tail=TAIL, max_width=None, hide=()):
    """A matrix with brackets, its symbol above and its shape below.

    link(i, j) -> href or None: makes entry (i, j) clickable (weights select themselves).
    mark(i, j) -> "sel" (the selected weight), "rel" (an entry the selected weight depends on) or None.
    Matrices larger than `full` in a dimension show only some rows/columns; they are chosen by
    shown_indices, so the tests can tell which entries they are reading.

    The entries are one block of monospace lines, right-aligned by padding, between two bracket
    cells: three table cells per matrix whatever its size. (A cell per entry looks the same but Qt
    needs about 0.1 ms to lay out each table cell, which made a redraw take a third of a second.)
    As a bonus the plain text keeps the columns aligned when copied.

    max_width (digit widths): if the matrix would be wider, fewer columns are shown, down to the
    first and the last: a narrow view shows less of a wide matrix rather than cutting it off.

    hide: texts shown as "?" wherever an entry (or the shape) reads so — the blanks of a quiz, hidden
    wherever the same number appears (Z and A of a linear layer, ∂C/∂W in the update)."""
    M = as_matrix(values)
    n_rows, n_cols = M.shape
    if digits is None:
        digits = SCALAR_DIGITS if M.size == 1 else MATRIX_DIGITS
    rows = shown_indices(n_rows, keep_rows, full, head, tail)
    for col_limits in [(full, head, tail)] + [c for c in NARROWER if c[0] < full]:
        cols = shown_indices(n_cols, keep_cols, *col_limits)
        texts = [[None if (i is None or j is None) else num(M[i, j], digits) for j in cols] for i in rows]
        widths = [max((len(texts[r][c]) if texts[r][c] is not None else 1) for r in range(len(rows)))
                  for c in range(len(cols))]
        if max_width is None or _matrix_width(widths) <= max_width:
            break
    lines = []
    for r, i in enumerate(rows):
        cells = []
        for c, j in enumerate(cols):
            text = texts[r][c]
            if text is None:
                gap = BOTH_GAP if (i is None and j is None) else ROW_GAP if i is None else COL_GAP
                pad = widths[c] - 1
                cells.append(" " * (pad - pad // 2) + gap + " " * (pad // 2))
                continue
            padding = " " * (widths[c] - len(text))
            if text in hide:
                padding, text = " " * (widths[c] - 1), '<span class="blank">?</span>'
            kind = mark(i, j) if mark else None
            href = link(i, j) if link else None
            if href:
                css = ' class="sel"' if kind == "sel" else ""
                text = f'<a href="{href}"{css}>{text}</a>'
            if kind in ("sel", "rel"):
                text = f'<span class="{kind}">{text}</span>'
            cells.append(padding + text)
        lines.append(" " + (" " * COLUMN_SPACE).join(cells) + " ")
    caption = shape_text(n_rows, n_cols)
    if caption in hide:
        caption = shape_text("?", "?")
    html_text = (f'<td valign="middle" align="center" class="m"><p class="name" align="center">{name_html}</p>'
                 f'<table cellspacing="0" cellpadding="0" class="mat"><tr><td class="lb" width="4"></td>'
                 f'<td class="mc">{"<br>".join(lines)}</td><td class="rb" width="4"></td></tr></table>'
                 f'<p class="shape" align="center">{caption}</p></td>')
    return Atom(html_text, max(_matrix_width(widths), 0.8 * len(caption), visible_length(name_html)))


NARROWER = [(6, 3, 2), (5, 2, 2), (4, 2, 1), (3, 1, 1), (2, 1, 0)]  # (full, head, tail), tried in turn


def _matrix_width(widths):
    """Width in digits of a matrix whose columns are `widths` characters wide."""
    chars = sum(widths) + COLUMN_SPACE * (len(widths) - 1) + 2
    return MONO * chars + 1.5  # the brackets and the cell's margins


def wrap(atoms, width):
    """Greedy line breaking: split a sequence of atoms into lines no wider than `width` (digit widths).

    A line always takes at least one atom, so a matrix wider than the view gets a line of its own
    (and the view scrolls sideways) rather than being cut."""
    groups = []  # runs of glued atoms, which move to a new line together
    for atom in atoms:
        if groups and (atom.glue == "prev" or groups[-1][-1].glue == "next"):
            groups[-1].append(atom)
        else:
            groups.append([atom])
    # a glued run wider than the line comes apart: better "A = tanh(Z)" / "= [A]" than a cut matrix
    groups = [piece for g in groups
              for piece in ([g] if len(g) == 1 or sum(a.width for a in g) <= width else [[a] for a in g])]
    lines, line, used = [], [], 0.0
    for group in groups:
        w = sum(a.width for a in group)
        if line and used + w > width:
            lines.append(line)
            line, used = [], 0.0
        line += group
        used += w
    if line:
        lines.append(line)
    return lines



# ---- reading the plain text back -------------------------------------------------------------------
_SHAPE_LINE = re.compile(r"^\((\d+)" + TIMES + r"(\d+)\)$")
_GAPS = {ROW_GAP, COL_GAP, BOTH_GAP}


def read_matrices(text):
    """The matrices in the view's plain text (QTextBrowser.toPlainText of matrix_atom's HTML), in order:
    [(name, (rows, cols), shown)], `shown` a list of the shown rows, each a list of numbers with None
    where a ⋯ (or a row of ⋮) stands.

    The inverse of matrix_atom's plain-text layout (name line, one line per row, shape line):
    it lets tests, or anyone who copies the view, get the numbers back."""
    out, name, shown = [], None, []
    for raw in text.splitlines():
        line = raw.replace("\u00a0", " ").strip()
        if not line:
            continue
        shape = _SHAPE_LINE.match(line)
        if shape:
            out.append((name, (int(shape.group(1)), int(shape.group(2))), shown))
            name, shown = None, []
            continue
        try:
            shown.append([None if tok in _GAPS else float(tok) for tok in line.split()])
        except ValueError:  # any other text: a new matrix may begin after it, named by it
            name, shown = line, []
    return out


def shown_positions(count, n, is_gap):
    """Which of n indices `count` shown items are, given which of them are gaps (⋯): the run before
    the first gap starts at 0, the run after the last gap ends at n − 1; None for gaps and for any
    entry kept between two gaps (a selected one, whose index the text does not say)."""
    if not any(is_gap):
        return list(range(count)) if count == n else None
    first = is_gap.index(True)
    last = count - 1 - is_gap[::-1].index(True)
    return [p if p < first else n - (count - p) if p > last else None for p in range(count)]
