r"""The cost over a grid of (w, b), shared by the contour map and the surface.

The cost is exactly quadratic in :math:`\theta = (w, b)`, so around the
least-squares minimum :math:`\theta^*` it is

.. math::

   J(\theta) = J^* + \tfrac12 (\theta - \theta^*)^\top H \, (\theta - \theta^*),

with :math:`H` from :func:`gdexplain.hessian`: O(1) per grid node whatever the
data's size, and :math:`J - J^*` without subtracting two large costs.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    Made by :meth:`of`. ``w_star, b_star`` is the minimum, ``minimum`` the cost
    there, ``curvature`` the Hessian.
    """

    w_star: float
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

    def above_minimum(self, w: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
        """:math:`J(w, b) - J^*`, from the quadratic form."""
        dw = np.asarray(w, dtype=np.float64) - self.w_star
        db = np.asarray(b, dtype=np.float64) - self.b_star
        (h_ww, h_wb), (_, h_bb) = self.curvature
        return 0.5 * (h_ww * dw**2 + 2 * h_wb * dw * db + h_bb * db**2)

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
