"""One palette and one set of labels for every animation.

The same quantity has the same colour in every figure: a reader who has learnt
that orange is the intercept in one animation can read the next one at a glance.
The current model (its line over the data, its point in the (w, b) plane) is
one colour, the path it has travelled a faint version of it.

Colours are from the Okabe-Ito palette, which stays distinguishable with the
common colour-vision deficiencies.
"""

from __future__ import annotations

#: Slope :math:`w`.
W = "#0072B2"
#: Intercept :math:`b`.
B = "#E69F00"
#: Cost :math:`J(w, b)`.
J = "#009E73"
#: The current model: its regression line, its point in parameter space.
CURRENT = "#D55E00"
#: The regression line (the current model, drawn over the data).
LINE = CURRENT
#: The residuals from each point to the line.
RESIDUAL = "#CC79A7"
#: The path of (w, b) the descent has travelled.
PATH = CURRENT
#: The data points.
DATA = "#222222"
#: Diameter of the data points, in points (a scatter's ``s=30``, which is an area).
DATA_MARKER_SIZE = 30**0.5
#: The least-squares minimum.
MINIMUM = "#FFFFFF"
#: Colour map of the cost over the (w, b) plane: dark in the valley, light on the walls.
COST_MAP = "viridis"

#: Opacity of the whole path drawn faintly behind the growing one.
FAINT = 0.25

#: Axis labels, in the symbols of the derivation (mathtext).
LABELS = {
    "x": "$x$",
    "y": "$y$",
    "w": "slope $w$",
    "b": "intercept $b$",
    "J": "cost $J(w, b)$",
    "epoch": "epoch",
}

#: Figure width in inches: 1,000 pixels at the default 100 dpi, a web page's column.
WIDTH = 10.0


def number(value: float) -> str:
    """Format a parameter or cost for the on-frame text: five significant digits.

    Trailing zeros are kept (``3.0000``), so the width of the text barely
    changes from frame to frame and the eye is not drawn to jitter.

    Examples
    --------
    >>> number(-1.993587), number(472.5), number(3.0), number(1.5e7)
    ('-1.9936', '472.50', '3.0000', '1.5000e+07')
    """
    return f"{value:#.5g}"
