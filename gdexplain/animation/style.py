"""One palette and one set of labels for every animation.

The same quantity has the same colour in every figure, so a reader who has learnt
one animation reads the next at a glance. Colours are from the Okabe-Ito palette,
distinguishable with the common colour-vision deficiencies.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

#: Slope :math:`w`.
W = "#0072B2"
#: Intercept :math:`b`.
B = "#E69F00"
#: Cost :math:`J(w, b)`.
J = "#009E73"
#: The current model: its regression line, its point in parameter space.
CURRENT = "#D55E00"
#: The residuals from each point to the line.
RESIDUAL = "#CC79A7"
#: The path of (w, b) the descent has travelled.
PATH = CURRENT
#: The data points.
DATA = "#222222"
#: Diameter of the data points, in points (a scatter's ``s=30``, which is an area).
DATA_MARKER_SIZE = 30**0.5
#: The runs on one picture, in order: the first is the current model's colour. Six, so
#: a race of the course's six methods has a colour each (a seventh run reuses the first).
RUNS = (CURRENT, "#56B4E9", "#CC79A7", "#F0E442", "#000000", "#009E73")
#: One colour per data point, where each point's own share is shown (its
#: residual, its pull on the gradient): Okabe-Ito, without the model's colour.
POINTS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442")
#: The least-squares minimum.
MINIMUM = "#FFFFFF"
#: Colour map of the cost over the (w, b) plane: dark in the valley, light on the walls.
COST_MAP = "viridis"

#: Axis labels, in the symbols of the derivation (mathtext).
LABELS = {
    "x": "$x$",
    "y": "$y$",
    "w": "slope $w$",
    "b": "intercept $b$",
    "J": "cost $J(w, b)$",
    "gap": "$J - J^*$ (log scale)",
}

#: Figure width in inches: 800 pixels at the default 100 dpi, the width of the
#: site's lesson column, where a video is shown at its own size.
WIDTH = 8.0

#: Room left free under the figure, in inches, for a paused video player's controls.
CONTROLS_ROOM = 0.5

#: Text sizes in points, for figures shown at about their own size (800 px): 11 pt
#: is 15 pixels at 100 dpi, still 11 pixels on a phone showing the video 600 px wide.
TEXT_SIZES = {
    "font.size": 12.0,
    "axes.labelsize": 12.0,
    "axes.titlesize": 12.0,
    "xtick.labelsize": 11.0,
    "ytick.labelsize": 11.0,
    "legend.fontsize": 11.0,
}


def number_format(values: ArrayLike) -> str:
    """A format for every value of a quantity a video shows, with one number of decimals.

    Enough decimals for five significant digits of the largest value, so the
    numbers keep their width from frame to frame and the eye is not drawn to
    jitter; in scientific notation when that would be unreadable.

    Examples
    --------
    >>> spec = number_format([3.0, 0.067796, -0.83772])
    >>> [f"{value:{spec}}" for value in (3.0, 0.067796, -0.83772)]
    ['3.0000', '0.0678', '-0.8377']
    >>> number_format([472.5, 42.67]), number_format([1.5e9]), number_format([0.0])
    ('.2f', '.4e', '.4f')
    """
    largest = float(np.max(np.abs(values)))
    if largest == 0:
        return ".4f"
    digits = int(np.floor(np.log10(largest))) + 1  # before the decimal point
    if not -2 <= digits <= 7:
        return ".4e"
    return f".{max(0, 5 - digits)}f"
