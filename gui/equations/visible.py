"""While training plays, the equation panel lays out only the parts of the page in sight.

Qt parses and lays out the whole page in one go, tens of milliseconds (a hundred and more for
a deep network): one long frame, a visible hitch, each time the panel follows the training.
Yet only a screenful of the page is seen. So the panel keeps, from its last full drawing, where
each part of the page (render.parts) begins; while playing it writes only the parts that cross
the view and stands an empty block of the same height in for each of the others. The page keeps
its length, the scroll bar stays where it was, and the cost falls to the parts in sight. On
pause, and on anything the learner does, the whole page is drawn again.
"""
ANCHOR = "part-"  # <a name="part-k"> opens part k of the page
MARGIN_PX = 120  # parts this close to the view are written too: a small scroll shows no gap


def anchored(texts):
    """The page's HTML from its parts' HTML, each part opened by its anchor."""
    return "<html><body>" + "".join(f'<a name="{ANCHOR}{k}"></a>{t}' for k, t in enumerate(texts)) + "</body></html>"


def _anchor_tops(doc):
    """{anchor name: y in the document} of the page's part anchors, from the document's own layout
    (it does not depend on the widget being shown or scrolled)."""
    layout = doc.documentLayout()
    found = {}

    def note(names, position):
        for name in names:
            if name.startswith(ANCHOR) and name not in found:
                block = doc.findBlock(position)
                line = block.layout().lineForTextPosition(position - block.position())
                found[name] = layout.blockBoundingRect(block).top() + (line.y() if line.isValid() else 0.0)
    block = doc.begin()
    while block.isValid():
        note(block.charFormat().anchorNames(), block.position())
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            note(fragment.charFormat().anchorNames(), fragment.position())
            it += 1
        block = block.next()
    return found


def part_tops(browser, n):
    """[y of part 0, …, y of part n−1, the page's height] in the browser's document, in pixels.

    Qt keeps an empty anchor on the next character, or on the block when nothing follows in it;
    a part that is empty shares the next part's top."""
    doc = browser.document()
    found = _anchor_tops(doc)
    tops = [found.get(f"{ANCHOR}{k}") for k in range(n)] + [doc.size().height()]
    for k in range(n - 1, -1, -1):  # a part whose anchor was not found: empty, it begins where the next does
        if tops[k] is None:
            tops[k] = tops[k + 1]
    return tops


def in_sight(tops, top, bottom):
    """Indices of the parts that cross [top − MARGIN_PX, bottom + MARGIN_PX]."""
    return [k for k in range(len(tops) - 1)
            if tops[k + 1] > top - MARGIN_PX and tops[k] < bottom + MARGIN_PX]


def spacer(height):
    """An empty block `height` pixels high, standing in for a part out of sight."""
    return f'<p style="margin: 0px; line-height: {height:.0f}px">&nbsp;</p>' if height >= 1 else ""


def page_in_sight(part_functions, tops, top, bottom):
    """(HTML, the parts written): the page with only the parts in sight written (the others'
    functions are not called)."""
    shown = in_sight(tops, top, bottom)
    return anchored(make() if k in shown else spacer(tops[k + 1] - tops[k]) for k, make in enumerate(part_functions)), shown
