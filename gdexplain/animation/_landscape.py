r"""The cost over a grid of two parameters, shared by the contour map and the surface.

The linear model's cost is exactly quadratic in :math:`\theta = (w, b)` (with ``p`` features
:math:`\theta = (w_1, \dots, w_p, b)`), so around the
least-squares minimum :math:`\theta^*` it is

.. math::

   J(\theta) = J^* + \tfrac12 (\theta - \theta^*)^\top H \, (\theta - \theta^*),

with :math:`H` from :func:`gdexplain.hessian`: O(1) per grid node whatever the
data's size, and :math:`J - J^*` without subtracting two large costs. With
several features a map shows a *pair* of parameters, the others held at given
values: the cost on that plane through :math:`\theta` is the same form with
those values put in, still exactly quadratic.

The logistic model's cost, the cross-entropy, is no quadratic form: it is
evaluated at each node by :func:`gdexplain.cost` (in chunks, memory flat) and
the minimum comes from :func:`gdexplain.optimum`. That costs one logarithm per
point per node, about 100 ns each here: a 200 x 200 map of a million points would
take over an hour. Two things keep a map fast and exact to well below what it draws:

* The nodes per side are chosen from a budget of :data:`EVALUATIONS` point
  evaluations, ``points x nodes**2``, between :data:`MIN_NODES` and the
  map's own count. The cost is smooth and convex: 60 nodes a side trace its
  levels as 200 do but for the innermost of a narrow valley; 24 show corners
  there. Only a run of several features and over 50,000 points reaches the
  floor (one feature's points are merged first, below).
* With one feature and many points, the points are merged into bins of
  ``x`` per class (:func:`gdexplain.logistic.binned`), each standing for its
  count at its mean. The merged cost is below the exact one by at most
  :math:`w^2 S / (8n)` (:math:`S` the points' squared distances to their
  bin's mean), a bound computed from the data; the bins are refined until it
  is below :data:`BOUND_FRACTION` of the lowest level drawn: the cost drawn
  is nowhere off by a tenth of the smallest gap :math:`J - J^*` the map
  shows. Fewer than 8,192 points are never merged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.colors import LogNorm
from numpy.typing import ArrayLike, NDArray

from gdexplain import logistic
from gdexplain.regression import cost, hessian, least_squares, optimum

#: Orders of magnitude of J - J* the levels span, down from the highest.
DECADES = 5
#: Levels per order of magnitude.
LEVELS_PER_DECADE = 4

#: Point evaluations a logistic map may spend, points x nodes (about 3 s here).
EVALUATIONS = 30_000_000
#: Nodes a side a logistic map keeps whatever the budget (see the notes above).
MIN_NODES = 24
#: Bins per class a one-feature logistic map starts merging its points into.
FIRST_BINS = 1024
#: The merged cost's error bound, as a fraction of the lowest level drawn, at most.
BOUND_FRACTION = 0.1


@dataclass(frozen=True, eq=False)
class Landscape:
    """The minimum of the cost on some data and the cost's curvature there.

    Made by :meth:`of`. ``w_star, b_star`` is the minimum (``w_star`` a number for
    one feature, an array of ``p`` weights for ``p``), ``minimum`` the cost there,
    ``curvature`` the Hessian there, the intercept last; ``model`` the model and,
    for the logistic one, the data ``x, y`` its cost is evaluated on.
    """

    w_star: Any
    b_star: float
    minimum: float
    curvature: NDArray[np.float64]
    model: str = "linear"
    x: NDArray[np.float64] | None = field(default=None, repr=False)
    y: NDArray[np.float64] | None = field(default=None, repr=False)

    @classmethod
    def of(
        cls, x: NDArray[np.float64], y: NDArray[np.float64], model: str = "linear"
    ) -> Landscape:
        """The landscape of ``(x, y)`` for ``model``, O(n) once (a few Newton steps, logistic).

        ValueError if it has no single minimum: all ``x`` equal, or separable classes.
        """
        try:
            if model == "logistic":
                w_star, b_star = optimum(x, y, model=model)
                minimum = float(cost(x, y, w_star, b_star, model=model))
                curvature = hessian(x, w_star, b_star, model=model)
                return cls(w_star, b_star, minimum, curvature, model, x, y)
            w_star, b_star = least_squares(x, y)
        except ValueError as error:
            raise ValueError(f"cannot draw the cost's landscape: {error}") from None
        return cls(w_star, b_star, float(cost(x, y, w_star, b_star)), hessian(x))

    @property
    def minimum_label(self) -> str:
        """What the minimum is called in a legend: how it was found."""
        return "least squares" if self.model == "linear" else "optimum"

    def nodes(self, wanted: int, points: int | None = None) -> int:
        """Nodes a side for a map of ``wanted``: for the logistic model, what the budget affords.

        ``points`` evaluated at each node (by default the data's) cost
        ``points x nodes**2`` of :data:`EVALUATIONS`; never fewer than
        :data:`MIN_NODES` (or ``wanted``, if fewer). The linear model's are free.
        """
        if self.model == "linear" or self.x is None:
            return wanted
        affordable = int(np.sqrt(EVALUATIONS / (len(self.x) if points is None else points)))
        return max(min(wanted, affordable), min(wanted, MIN_NODES))

    @property
    def theta_star(self) -> NDArray[np.float64]:
        """The minimum as one vector :math:`\\theta^* = (w^*, b^*)`, the intercept last."""
        return np.append(self.w_star, self.b_star)

    def above_minimum(self, w: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
        """:math:`J(w, b) - J^*`: from the quadratic form, or the logistic cost itself.

        With ``p`` features ``w`` holds the weights in its last axis: ``(m, p)``
        weights and ``(m,)`` intercepts give ``m`` values.
        """
        if self.model == "logistic" and self.x is not None and self.y is not None:
            return cost(self.x, self.y, w, b, model=self.model) - self.minimum
        dw = np.asarray(w, dtype=np.float64) - self.w_star
        db = np.asarray(b, dtype=np.float64) - self.b_star
        if np.ndim(self.w_star) == 0:
            (h_ww, h_wb), (_, h_bb) = self.curvature
            return 0.5 * (h_ww * dw**2 + 2 * h_wb * dw * db + h_bb * db**2)
        d = np.concatenate([dw, db[..., None]], axis=-1)
        return 0.5 * np.einsum("...i,ij,...j->...", d, self.curvature, d)

    def on_plane(
        self, pair: tuple[int, int], held: ArrayLike, u: ArrayLike, v: ArrayLike
    ) -> NDArray[np.float64]:
        """:math:`J - J^*` where parameters ``pair`` are ``(u, v)`` and the others as in ``held``.

        ``held`` is a whole :math:`\\theta` (its ``pair`` entries are ignored); ``u``
        and ``v`` broadcast. For one feature and ``pair = (0, 1)``, :meth:`above_minimum`.
        """
        i, j = pair
        if self.model == "logistic":
            u_arr, v_arr = np.broadcast_arrays(np.asarray(u, float), np.asarray(v, float))
            theta = np.broadcast_to(np.asarray(held, float), (*u_arr.shape, len(self.theta_star)))
            theta = theta.copy()
            theta[..., i], theta[..., j] = u_arr, v_arr
            weights = theta[..., 0] if np.ndim(self.w_star) == 0 else theta[..., :-1]
            return self.above_minimum(weights, theta[..., -1])
        H = self.curvature
        d = np.asarray(held, dtype=np.float64) - self.theta_star
        others = np.ones(len(d), dtype=bool)
        others[[i, j]] = False
        du = np.asarray(u, dtype=np.float64) - self.theta_star[i]
        dv = np.asarray(v, dtype=np.float64) - self.theta_star[j]
        rest = d[others]
        # The pair's own block, its coupling to the held parameters, and theirs alone.
        pair_part = 0.5 * (H[i, i] * du**2 + 2 * H[i, j] * du * dv + H[j, j] * dv**2)
        coupling = du * (H[i, others] @ rest) + dv * (H[j, others] @ rest)
        return pair_part + coupling + 0.5 * rest @ H[np.ix_(others, others)] @ rest

    def grid(
        self, w_limits: tuple[float, float], b_limits: tuple[float, float], nodes: int
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """``w``, ``b`` and :math:`J - J^*` over a grid of at most ``nodes`` a side.

        The linear model's has ``nodes``; the logistic model's :meth:`nodes` of it,
        its points merged when that is exact to :data:`BOUND_FRACTION` of the
        lowest level (see the module's notes).
        """
        if self.model == "linear" or self.x is None or self.y is None:
            w, b = np.meshgrid(np.linspace(*w_limits, nodes), np.linspace(*b_limits, nodes))
            return w, b, self.above_minimum(w, b)
        # The cost is convex: its largest value on the map is at a corner, exact here.
        highest = float(self.above_minimum(*np.meshgrid(w_limits, b_limits)).max())
        merged = self._merged(max(abs(w) for w in w_limits), self.levels(highest)[0])
        side = self.nodes(nodes, None if merged is None else len(merged[0]))
        w, b = np.meshgrid(np.linspace(*w_limits, side), np.linspace(*b_limits, side))
        if merged is None:
            return w, b, self.above_minimum(w, b)
        centres, labels, counts = merged
        rows = max(1, (1 << 20) // len(centres))  # a million scores at a time: memory flat
        flat_w, flat_b = w.ravel(), b.ravel()
        values = [
            logistic.weighted_cross_entropy(
                flat_w[k : k + rows, None] * centres + flat_b[k : k + rows, None], labels, counts
            )
            for k in range(0, flat_w.size, rows)
        ]
        return w, b, np.concatenate(values).reshape(w.shape) - self.minimum

    def _merged(
        self, steepest: float, lowest: float
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]] | None:
        """One feature's points merged in bins (centres, labels, counts), or None.

        The bins are refined (four times finer each try) until the merged cost's error
        bound for ``|w| <= steepest`` is below :data:`BOUND_FRACTION` of ``lowest``;
        None when that would not make the points four times fewer, or with several
        features (which are not merged).
        """
        x, y = self.x, self.y
        if x is None or y is None or x.ndim != 1:
            return None
        bins = FIRST_BINS
        while 8 * bins <= len(x):
            centres, labels, counts, spread = logistic.binned(x, y, bins)
            if steepest**2 * spread / (8 * len(x)) <= BOUND_FRACTION * lowest:
                return centres, labels, counts
            bins *= 4
        return None

    @staticmethod
    def levels(highest: float) -> NDArray[np.float64]:
        """Levels of :math:`J - J^*`, evenly spaced in log over :data:`DECADES` below ``highest``.

        So the long narrow valley near the minimum shows as clearly as the steep walls.

        Examples
        --------
        >>> Landscape.levels(1000.0)[[0, 1, -1]].round(4).tolist()
        [0.01, 0.0178, 1000.0]
        """
        return highest * np.logspace(-DECADES, 0, DECADES * LEVELS_PER_DECADE + 1)

    @staticmethod
    def norm(levels: NDArray[np.float64]) -> LogNorm:
        """The colour scale of :math:`J - J^*` over ``levels``: log, clipped at both ends."""
        return LogNorm(levels[0], levels[-1], clip=True)
