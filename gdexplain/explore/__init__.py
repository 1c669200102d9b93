r"""An interactive, offline explorer of gradient descent, for a web page or a notebook.

:func:`explore` wraps the data and the starting settings in an :class:`Explorer`, whose
``_repr_html_`` is a self-contained widget: HTML, an inline script and style, and the data as
JSON. Nothing is fetched from anywhere, so it works in a built page, over ``file://`` and in a
notebook without a kernel. The script (``explorer.js`` beside this module) is a second
implementation of the update rules of :func:`gdexplain.gradient_descent`, of momentum
descent and of AdaGrad, RMSProp and Adam, in the same order of operations as NumPy (pairwise sums included), and the browser
tests hold it to the Python runs.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gdexplain._files import atomic_file, writable
from gdexplain._validation import (
    as_points,
    count,
    finite_float,
    momentum_value,
    positive_float,
)
from gdexplain.descent import gradient_descent
from gdexplain.divergence import DIVERGENCE_FACTOR
from gdexplain.regression import cost, hessian, least_squares
from gdexplain.theory import curvatures

__all__ = ["MAX_EPOCHS", "Explorer", "explore"]

#: The largest momentum the widget's slider offers; a typed value may go up to just below 1.
MAX_SLIDER_MOMENTUM = 0.99
#: The optimisers the widget's ``method`` control offers (Nesterov is momentum's checkbox).
METHODS = ("gd", "momentum", "adagrad", "rmsprop", "adam")

#: The most epochs a widget runs: its epoch box and slider end here, and :func:`explore`
#: refuses more (each epoch is a pass over the data in the reader's browser).
MAX_EPOCHS = 200_000


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _json_for_script(value: object) -> str:
    """JSON that cannot end the ``<script>`` element holding it."""
    return json.dumps(value, separators=(",", ":"), allow_nan=False).replace("<", "\\u003c")


def _landscape(x: NDArray[np.float64], y: NDArray[np.float64]) -> dict[str, Any]:
    """What the widget needs to know of ``(x, y)``, computed here as the package computes it.

    The minimum and the curvatures come from :func:`gdexplain.least_squares` and
    :func:`gdexplain.curvatures`, which avoid the overflow, underflow and cancellation that
    the textbook formulas suffer on data far from zero; the browser only reads them.

    Raises
    ------
    ValueError
        If float64 cannot hold the problem: ``x**2`` overflows, the valley's curvature
        underflows to nothing, or the cost at the minimum overflows. One line, naming it.
    """
    w_star, b_star = least_squares(x, y)  # raises when x has no spread, or the line overflows
    smallest, largest = curvatures(x)  # raises when x**2 overflows
    if smallest < np.finfo(np.float64).tiny:
        raise ValueError(
            f"the spread of x ({np.ptp(x):.3g}) is too small for float64: the cost's "
            f"curvature along the valley underflows ({smallest:.3g}), so descent cannot "
            "move along it; rescale x, for example divide it by its standard deviation"
        )
    with np.errstate(over="ignore"):  # an overflow is refused below, in one line
        minimum = float(cost(x, y, w_star, b_star))
    if not math.isfinite(minimum):
        raise ValueError(
            f"the cost at the least-squares line overflows float64 (the largest |y| is "
            f"{np.max(np.abs(y)):.3g}): rescale y"
        )
    (h_ww, h_wb), (_, h_bb) = hessian(x)
    # Below this floor J - J* is rounding: less than one unit in the last place of J*, or
    # than the excess of a point one float64 step from the minimum in w and in b.
    step_w, step_b = np.spacing(abs(w_star)), np.spacing(abs(b_star))
    one_step = 0.5 * (h_ww * step_w**2 + 2 * abs(h_wb) * step_w * step_b + h_bb * step_b**2)
    floor = float(max(np.spacing(minimum), one_step, np.finfo(np.float64).tiny))
    return {
        "best": [w_star, b_star],
        "minimum": minimum,
        "hessian": [float(h_ww), float(h_wb), float(h_bb)],
        "curvatures": [smallest, largest],
        "floor": floor,
    }


def _contour_fractions() -> list[float]:
    """The contour levels of the animations' maps, as fractions of the highest level."""
    # Imported here: `import gdexplain` does not load matplotlib, which the module needs.
    from gdexplain.animation._landscape import Landscape

    return [float(level) for level in Landscape.levels(1.0)]


def _numbers(x: NDArray[np.float64], y: NDArray[np.float64]) -> dict[str, Any]:
    """Every number the widget takes from Python rather than computing it in the browser."""
    raw = _landscape(x, y)  # first: it refuses an x whose sum could overflow
    mean_x = float(np.mean(x))
    return {
        "mean_x": mean_x,  # the browser's x - mean_x is then NumPy's, bit for bit
        "raw": raw,
        "centred": _landscape(x - mean_x, y),
        "divergence_factor": DIVERGENCE_FACTOR,
        "max_epochs": MAX_EPOCHS,
        "contour_fractions": _contour_fractions(),
    }


@dataclass(frozen=True)
class Explorer:
    """The widget built by :func:`explore`; a notebook or a gallery page displays it.

    Parameters
    ----------
    x : (n,) ndarray
        The inputs of the data points.
    y : (n,) ndarray
        Their targets.
    numbers : dict
        What the widget takes from Python: the minimum, curvatures and cost floor of the raw
        and the centred problem, the divergence rule's factor, the epoch limit, the contour
        levels.
    settings : dict
        The starting settings: ``method``, ``learning_rate``, ``momentum``, ``nesterov``,
        ``epsilon``, ``decay``, ``beta1``, ``beta2``, ``centre``, ``w``, ``b``, ``n_epochs``.
    title : str
        The heading shown above the widget (may be empty).
    compact : bool
        The smaller layout (the less used settings folded away).
    """

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    numbers: dict[str, Any]
    settings: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    compact: bool = False

    def _data(self) -> dict[str, Any]:
        return {
            "x": self.x.tolist(),
            "y": self.y.tolist(),
            "numbers": self.numbers,
            "settings": self.settings,
            "title": self.title,
        }

    def _repr_html_(self) -> str:
        """The widget as an HTML fragment: a root element with its style, data and script."""
        classes = "gdexplain-explorer" + (" gdx-compact" if self.compact else "")
        title = f"<p class='gdx-title'>{html.escape(self.title)}</p>" if self.title else ""
        return (
            f'<div class="{classes}">'
            f"<style>{_asset('explorer.css')}</style>"
            f"{title}"
            # Shown until the script runs: a sanitised (untrusted) notebook output keeps it.
            '<p class="gdx-fallback">This interactive explorer needs JavaScript. In Jupyter, '
            "trust the notebook (File, Trust Notebook) and run the cell again.</p>"
            f'<script type="application/json" class="gdx-data">{_json_for_script(self._data())}'
            "</script>"
            f"<script>{_asset('explorer.js')}</script>"
            "</div>"
        )

    def to_html(self) -> str:
        """The widget as a whole HTML page that any browser opens, even over ``file://``.

        Returns
        -------
        str
            A complete HTML document holding the widget, its script and its data.
        """
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(self.title or 'gdexplain explorer')}</title>\n"
            "<style>body { font-family: system-ui, sans-serif; margin: 1rem; }\n"
            "@media (prefers-color-scheme: dark) { body { background: #121212; color: #ddd; }"
            " }</style>\n</head>\n<body>\n"
            f"{self._repr_html_()}\n</body>\n</html>\n"
        )

    def save(self, path: str | Path) -> Path:
        """Write :meth:`to_html` to a file, encoded as UTF-8.

        Parameters
        ----------
        path : str or pathlib.Path
            The file to write, usually ending in ``.html``.

        Returns
        -------
        pathlib.Path
            The path written.

        Raises
        ------
        OSError
            If the folder is missing or not writable, told in one line.

        Notes
        -----
        Written like an animation: under a temporary name, renamed when complete,
        so an existing page is never left half overwritten.
        """
        target = writable(Path(path))
        with atomic_file(target) as temporary:
            temporary.write_text(self.to_html(), encoding="utf-8")
        return target


def explore(
    x: ArrayLike,
    y: ArrayLike,
    *,
    method: str | None = None,
    learning_rate: float = 0.001,
    momentum: float = 0.0,
    nesterov: bool = False,
    epsilon: float = 1e-8,
    decay: float = 0.9,
    beta1: float = 0.9,
    beta2: float = 0.999,
    centre: bool = False,
    w: float = 3.0,
    b: float = -1.0,
    n_epochs: int = 12_000,
    title: str = "",
    compact: bool = False,
) -> Explorer:
    r"""An interactive explorer of gradient descent on ``(x, y)``, for a page or a notebook.

    The reader changes the learning rate (on a log scale, past the stability limit), the
    momentum and Nesterov's variant, centring of ``x``, the number of epochs and the starting
    point (typed, or clicked and dragged on the contour map), and sees at once the path on
    the contour map, the fitted line, :math:`J - J^*` against epoch on a log axis, and the
    numbers: epoch, ``w``, ``b``, ``J``, :math:`\alpha/\alpha_{\max}` and the predicted rate.

    Parameters
    ----------
    x, y : (n,) array_like
        The data points; at least two, all finite, ``x`` not all equal.
    method : {"gd", "momentum", "adagrad", "rmsprop", "adam"}, optional
        The optimiser the widget starts with (the reader can change it): gradient descent,
        momentum (heavy ball, or Nesterov's with ``nesterov``), or :func:`~gdexplain.adagrad_descent`,
        :func:`~gdexplain.rmsprop_descent`, :func:`~gdexplain.adam_descent`. By default
        ``"momentum"`` if a momentum or ``nesterov`` is given, else ``"gd"``.
    learning_rate : float, default 0.001
        The starting step size :math:`\alpha`, positive; it may be above the stability limit
        (the widget then shows the divergence).
    momentum : float, default 0.0
        The starting momentum :math:`\beta`, in ``[0, 1)``; 0 is plain gradient descent.
    nesterov : bool, default False
        Start with Nesterov's variant (gradient at the look-ahead point).
    epsilon, decay, beta1, beta2 : float, default 1e-8, 0.9, 0.9 and 0.999
        The adaptive methods' settings, as in :func:`~gdexplain.adam_descent` and
        :func:`~gdexplain.rmsprop_descent`: ``epsilon`` positive, the others in ``[0, 1)``.
    centre : bool, default False
        Start with ``x`` centred: training on :math:`x - \bar x`.
    w, b : float, default 3.0 and -1.0
        The starting point (the article's).
    n_epochs : int, default 12_000
        How many updates to draw, from 1 to :data:`MAX_EPOCHS` (200,000), the widget's own
        limit.
    title : str, optional
        A heading shown above the widget.
    compact : bool, default False
        A smaller layout, with the less used settings folded away.

    Returns
    -------
    Explorer
        Displays itself in a notebook or a sphinx-gallery page (``_repr_html_``);
        :meth:`Explorer.save` writes it as a page of its own.

    Raises
    ------
    ValueError, TypeError
        For bad data (see :func:`gdexplain.cost`), ``x`` all equal (no unique minimum), or a
        bad setting; and for data or a start that float64 cannot hold (``x**2`` or the cost
        overflows, the curvature along the valley underflows): the browser computes in
        float64 too. The message names it, in one line.

    Notes
    -----
    The widget runs the heavy-ball update, which with :math:`\beta = 0` is exactly batch
    gradient descent:

    .. math::

       v_{k+1} = \beta v_k - \alpha \nabla J(\theta_k + \gamma \beta v_k), \qquad
       \theta_{k+1} = \theta_k + v_{k+1},

    with :math:`\gamma = 1` for Nesterov (Sutskever et al., 2013) and 0 otherwise. It is
    stable for :math:`\alpha\lambda_{\max} < 2 + 2\beta` (heavy ball) or
    :math:`(2 + 2\beta)/(1 + 2\beta)` (Nesterov), where :math:`\lambda_{\max}` is the largest
    eigenvalue of the Hessian; the predicted rate is the spectral radius of the update on
    each eigen-direction. A run that diverges is drawn as
    ``momentum_descent(..., allow_divergence=True)`` records it: up to the first epoch whose
    cost passes :data:`gdexplain.divergence.DIVERGENCE_FACTOR` times the starting cost (or
    before the first that is not finite), and the widget says "diverged at epoch k", the
    epoch of ``history.diverged``.

    With ``method`` ``"adagrad"``, ``"rmsprop"`` or ``"adam"`` it runs those updates instead,
    each as its Python function does (the browser tests hold them to it to :math:`10^{-9}`),
    with the same divergence rule; they have no single stability limit, so the widget then
    shows neither :math:`\alpha/\alpha_{\max}` nor a predicted rate.

    The numbers the browser would compute less well are computed here and passed in the
    widget's data: the least-squares minimum, the Hessian's eigenvalues (without the
    cancellation of the textbook formula on data far from zero), the floor below which
    :math:`J - J^*` is rounding, the contour levels of the animations, the divergence factor
    and the epoch limit.

    With "centre x" the model is :math:`\hat y = w (x - \bar x) + b`: the map, the path and
    the recorded run are in those coordinates (what ``gradient_descent(x - x.mean(), y)``
    returns), the fitted line is drawn over the original ``x``, and switching centring on
    or off converts the starting ``b`` so that the starting line stays the same.

    The widget holds the data in full, to the last bit, so that the browser's run is the
    Python run: about 36 kB for a few points, plus some 40 bytes per point (150 kB near
    2,900 points). Each epoch costs a pass over the data in the browser.

    Settings in the page's address apply to the first explorer on the page, e.g.
    ``plot_01_explore.html#learning_rate=0.04&w=3&b=-1&momentum=0.5&nesterov=1``.

    Examples
    --------
    >>> from gdexplain import article_data, explore
    >>> widget = explore(*article_data(), learning_rate=0.04)
    >>> html = widget._repr_html_()
    >>> 'class="gdexplain-explorer"' in html, len(html) < 150_000
    (True, True)
    """
    x, y = as_points(x, y)
    learning_rate = positive_float(learning_rate, "learning_rate")
    momentum = finite_float(momentum, "momentum")
    if not 0.0 <= momentum < 1.0:
        raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
    if method is None:
        method = "momentum" if momentum > 0 or nesterov is True else "gd"
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if momentum > 0 and method != "momentum":
        raise ValueError(f"momentum applies only to method 'momentum', not {method!r}")
    adaptive = {
        "epsilon": positive_float(epsilon, "epsilon"),
        "decay": momentum_value(decay, "decay"),
        "beta1": momentum_value(beta1, "beta1"),
        "beta2": momentum_value(beta2, "beta2"),
    }
    for name, flag in (("nesterov", nesterov), ("centre", centre), ("compact", compact)):
        if not isinstance(flag, bool | np.bool_):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    if not isinstance(title, str):
        raise TypeError(f"title must be a string, got {title!r}")
    n_epochs = count(n_epochs, "n_epochs", minimum=1)
    if n_epochs > MAX_EPOCHS:
        raise ValueError(
            f"n_epochs must be at most {MAX_EPOCHS:,}, the widget's limit (each epoch is a "
            f"pass over the data in the reader's browser), got {n_epochs!r}"
        )
    w, b = finite_float(w, "w"), finite_float(b, "b")
    numbers = _numbers(x, y)
    # The start must be computable too; gradient descent's own check says why not.
    model_x = x - numbers["mean_x"] if centre else x
    gradient_descent(
        model_x, y, learning_rate=learning_rate, w=w, b=b, n_epochs=0, allow_divergence=True
    )
    settings = {
        "method": method,
        "learning_rate": learning_rate,
        "momentum": momentum,
        "nesterov": bool(nesterov),
        **adaptive,
        "centre": bool(centre),
        "w": w,
        "b": b,
        "n_epochs": n_epochs,
    }
    return Explorer(
        x=x, y=y, numbers=numbers, settings=settings, title=title, compact=bool(compact)
    )
