"""Help: About, and how to read the equations (the notation of the equation view)."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core import __version__

ABOUT = f"""<h3>Backprop Lab {__version__}</h3>
<p>Backpropagation in matrix form, on screen: build a small network, train it, and watch the loss,
every weight and every equation of a step with this network's own numbers.</p>
<p>Built with NumPy, PySide6 (Qt) and pyqtgraph. MIT licence.</p>"""

EQUATIONS_HELP = """<h3>How to read the equations</h3>
<p>The notation is the textbook's column form (Nielsen ch. 2, Goodfellow ch. 6).</p>
<ul>
<li>Layers are numbered <i>l</i> = 0…<i>L</i>; layer 0 is the input, <i>n<sub>l</sub></i> its number of neurons.</li>
<li><b>W<sup>l</sup></b> has shape (<i>n<sub>l</sub></i> × <i>n<sub>l−1</sub></i>): row <i>j</i> is neuron <i>j</i> of
layer <i>l</i>, column <i>k</i> is neuron <i>k</i> of layer <i>l</i>−1. So W<sup>l</sup><sub>jk</sub> is the line
from neuron <i>k</i> to neuron <i>j</i> in the diagram. <b>b<sup>l</sup></b> has <i>n<sub>l</sub></i> entries.</li>
<li>Neurons <i>j</i>, <i>k</i> count from 0, as in NumPy and PyTorch: W<sup>2</sup><sub>01</sub> is
<code>W2[0,1]</code> in an exported file, the first row and second column of W<sup>2</sup>. Layers count from
1 because layer 0 is the input.</li>
<li>A batch of <i>m</i> samples is a matrix with one <i>column</i> per sample:
A<sup>0</sup> = X<sup>T</sup>, shape (<i>n</i><sub>0</sub> × <i>m</i>).</li>
</ul>
<p><b>Forward</b>, for <i>l</i> = 1…<i>L</i>: Z<sup>l</sup> = W<sup>l</sup> A<sup>l−1</sup> + b<sup>l</sup>,
A<sup>l</sup> = f(Z<sup>l</sup>). The cost C compares A<sup>L</sup> with the targets Y; it is the mean over
the batch.</p>
<p><b>Backward</b>, the four equations:</p>
<ul>
<li>BP1, the output error: Δ<sup>L</sup> = ∇<sub>A</sub>C ⊙ f′(Z<sup>L</sup>)
(with softmax or sigmoid and cross-entropy simply (A<sup>L</sup> − Y)/<i>m</i>).</li>
<li>BP2, the error one layer back:
Δ<sup>l</sup> = (W<sup>l+1</sup>)<sup>T</sup> Δ<sup>l+1</sup> ⊙ f′(Z<sup>l</sup>).</li>
<li>BP3: ∂C/∂b<sup>l</sup> = Δ<sup>l</sup> 1 (the rows of Δ<sup>l</sup> summed over the batch).</li>
<li>BP4: ∂C/∂W<sup>l</sup> = Δ<sup>l</sup> (A<sup>l−1</sup>)<sup>T</sup>; one entry is
δ<sup>l</sup><sub>j</sub> · a<sup>l−1</sup><sub>k</sub>, the chain rule for one weight.</li>
</ul>
<p><b>Update</b> (plain gradient descent): W<sup>l</sup> ← W<sup>l</sup> − η ∂C/∂W<sup>l</sup>.</p>
<p>⊙ multiplies entry by entry. Shapes are written under each matrix: (4×2)(2×10) is a 4×2 matrix times
a 2×10 one. For the question's one-weight network every matrix is 1×1 and the equations reduce to
its own update w ← w − η·a·2(a·w − y).</p>
<p>Colours: blue is positive, orange negative, crimson the selected weight, everywhere in the window.</p>"""


def show_about(parent):
    QMessageBox.about(parent, "About Backprop Lab", ABOUT)


def show_equations_help(parent):
    box = QMessageBox(QMessageBox.Information, "How to read the equations", "", QMessageBox.Ok, parent)
    box.setObjectName("equationsHelp")
    box.setTextFormat(Qt.RichText)
    box.setText(EQUATIONS_HELP)
    box.exec()
