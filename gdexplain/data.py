"""The six data points of the article the tutorial follows."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

ARTICLE_X = (1.0, 2.0, 4.0, 5.0, 6.0, 7.0)
ARTICLE_Y = (4.0, -12.0, 3.0, -11.0, -5.0, -17.0)


def article_data() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the article's six data points.

    Returns
    -------
    x : (6,) ndarray
        The inputs, a new float array on each call, so a caller may modify it freely.
    y : (6,) ndarray
        The targets, likewise new on each call.

    Examples
    --------
    >>> x, y = article_data()
    >>> x
    array([1., 2., 4., 5., 6., 7.])
    >>> y
    array([  4., -12.,   3., -11.,  -5., -17.])
    """
    return np.array(ARTICLE_X), np.array(ARTICLE_Y)
