r"""The cost over a grid of two parameters, shared by the contour map and the surface.

The cost is exactly quadratic in :math:`\theta = (w, b)` (with ``p`` features
:math:`\theta = (w_1, \dots, w_p, b)`), so around the
least-squares minimum :math:`\theta^*` it is

.. math::

   J(\theta) = J^* + \tfrac12 (\theta - \theta^*)^\top H \, (\theta - \theta^*),

with :math:`H` from :func:`gdexplain.hessian`: O(1) per grid node whatever the
data's size, and :math:`J - J^*` without subtracting two large costs. With
several features a map shows a *pair* of parameters, the others held at given
values: the cost on that plane through :math:`\theta` is the same form with
those values put in, still exactly quadratic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.colors import LogNorm
from numpy.typing import ArrayLike, NDArray

from gdexplain.regression import cost, hessian, least_squares

#: Orders of magnitude of J - J* the levels span, down from the highest.
DECADES = 5
#: Levels per order of magnitude.
LEVELS_PER_DECADE = 4


@dataclass(frozen=True)
class Landscape:
    """The least-squares minimum of some data and the cost's curvature around it.

    Made by :meth:`of`. ``w_star, b_star`` is the minimum (``w_star`` a number for
    one feature, an array of ``p`` weights for ``p``), ``minimum`` the cost there,
    ``curvature`` the Hessian, the intercept last.
    """

    w_star: Any
    b_star: float
    minimum: float
    curvature: NDArray[np.float64]

    @classmethod
    def of(cls, x: NDArray[np.float64], y: NDArray[np.float64]) -> Landscape:
        """The landscape of ``(x, y)``, O(n) once; ValueError if all ``x`` are equal."""
        try:
            w_star, b_star = least_squares(x, y)
        except ValueError as error:
            raise ValueError(f"cannot draw the cost's landscape: {error}") from None
        return cls(w_star, b_star, float(cost(x, y, w_star, b_star)), hessian(x))

    @property
    def theta_star(self) -> NDArray[np.float64]:
        """The minimum as one vector :math:`\\theta^* = (w^*, b^*)`, the intercept last."""
        return np.append(self.w_star, self.b_star)

    def above_minimum(self, w: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
        """:math:`J(w, b) - J^*`, from the quadratic form.

        With ``p`` features ``w`` holds the weights in its last axis: ``(m, p)``
        weights and ``(m,)`` intercepts give ``m`` values.
        """
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
        """``w``, ``b`` and :math:`J - J^*` over a ``nodes`` x ``nodes`` grid."""
        w, b = np.meshgrid(np.linspace(*w_limits, nodes), np.linspace(*b_limits, nodes))
        return w, b, self.above_minimum(w, b)

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
