"""`python main.py figure SOURCE --what diagram|loss|weights|data|equations|window -o PATH [--steps N]`.

The figure is drawn by the window (offscreen), so this module only parses the command; main.py
hands in the drawing function from gui/figures.py: the core itself never imports Qt.
"""
from .errors import BadInput

WHAT = ("diagram", "loss", "weights", "data", "equations", "window")


def add_parser(sub, number):
    f = sub.add_parser("figure", help="draw the diagram, a plot, the equations or the whole window "
                       "to .svg or .pdf (vector) or .png (2x)")
    f.add_argument("source", help="a preset name or a session .json file")
    f.add_argument("--what", choices=WHAT, default="diagram", help="what to draw (default diagram)")
    f.add_argument("--steps", type=number(int, 0, 10**7), default=0,
                   help="train this many steps first (default 0: the session as it is)")
    f.add_argument("--width", type=number(int, 400, 8000), default=1440, help="window width in pixels")
    f.add_argument("--height", type=number(int, 300, 8000), default=900, help="window height in pixels")
    f.add_argument("-o", "--output", required=True, metavar="PATH", help="the .svg, .pdf or .png to write")
    return f


def run(args, out, load, draw):
    """`draw(args, out, load)` is gui.figure_command.figure_command, handed in by main.py: the core never
    imports the window itself."""
    if draw is None:
        raise BadInput("figures are drawn by the window: run this command as python main.py figure ...")
    return draw(args, out, load)
