r"""The logistic model's formulas: a linear score through a sigmoid, and the cross-entropy.

The logistic model predicts a probability from the same linear score as the
linear model, :math:`z = w \cdot x + b`:

.. math::

   p = \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad
   J = -\frac{1}{n} \sum_{i=1}^{n} \bigl[y_i \log p_i + (1 - y_i) \log(1 - p_i)\bigr],

with labels :math:`y_i \in \{0, 1\}`. Everything here is written in terms of the
scores :math:`z` (computed by :mod:`gdexplain.regression`, which holds the
linear score once) and evaluated without overflow at any score: each point's
loss is :math:`\log(1 + e^{-m_i})` with the *margin* :math:`m_i = (2 y_i - 1) z_i`,
positive when the point is on its own class's side. The public functions
(:func:`gdexplain.cost` and the others, with ``model="logistic"``) and
:func:`gdexplain.optimum` call these.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Newton's method stops after this many steps; on data whose classes overlap it
#: needs a few dozen at most (its convergence is quadratic near the minimum).
MAX_NEWTON_STEPS = 200

#: A Newton step smaller than this (relative to the largest parameter, in scaled units)
#: is the last: convergence is quadratic, so the step after it would be rounding.
_CONVERGED = 1e-12


def sigmoid(z: ArrayLike) -> NDArray[np.float64]:
    r""":math:`\sigma(z) = 1/(1 + e^{-z})`, without overflow for any finite or infinite ``z``.

    Only :math:`e^{-|z|}` is ever computed, which lies in ``(0, 1]``: for
    :math:`z \ge 0` the formula as written, for :math:`z < 0` the same value as
    :math:`e^{z}/(1 + e^{z})`.

    Examples
    --------
    >>> sigmoid([-1000.0, 0.0, 1000.0])
    array([0. , 0.5, 1. ])
    """
    z = np.asarray(z, dtype=np.float64)
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def margins(z: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    """The margins :math:`(2y - 1) z`: positive where a point is on its own class's side."""
    return (2.0 * y - 1.0) * z


def cross_entropy(z: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""The mean cross-entropy over the last axis, from the scores ``z`` and labels ``y``.

    Each point's loss :math:`-\log \sigma(m)` with the margin :math:`m` is
    :math:`\log(1 + e^{-m})`, computed by ``np.logaddexp(0, -m)``: exact to
    rounding for every margin (0 when :math:`e^{-m}` underflows, :math:`-m` when
    it would overflow), so a point far on the wrong side costs its margin and
    no warning is raised.
    """
    losses = np.logaddexp(0.0, -margins(z, y))
    return np.add.reduce(losses, axis=-1) / losses.shape[-1]


def errors(z: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Each point's :math:`p_i - y_i`: the gradient is :math:`\tfrac1n \tilde X^\top (p - y)`.

    Written as :math:`-(2y - 1)\,\sigma(-m)`, which is :math:`p` for a 0 and
    :math:`-(1 - p)` for a 1, each computed without the cancellation of
    :math:`1 - p` when :math:`p` is near 1.
    """
    signs = 2.0 * y - 1.0
    return -signs * sigmoid(-signs * z)


def curvature_weights(z: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Each point's :math:`p_i (1 - p_i) = \sigma(z_i)\,\sigma(-z_i)`, the Hessian's weights."""
    return sigmoid(z) * sigmoid(-z)


def as_labels(y: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return the targets ``y`` (already finite floats) if they are 0/1 labels of both classes.

    Raises
    ------
    ValueError
        In one line: a label other than 0 or 1 (booleans arrive as 0 and 1), or
        only one class, where the cost has no minimum.
    """
    bad = (y != 0.0) & (y != 1.0)
    if bad.any():
        index = int(np.argmax(bad))
        raise ValueError(
            f"the logistic model needs labels y of 0 or 1 (or booleans), found {y[index]:g} "
            f"at index {index}"
        )
    if y.min() == y.max():
        raise ValueError(
            f"y holds only one class (every label is {y[0]:g}): the logistic cost falls "
            "towards 0 as the weights grow and has no minimum; it needs both 0s and 1s"
        )
    return y


def newton_optimum(design: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""The minimiser :math:`\theta^*` of the cross-entropy, by Newton's method.

    Parameters
    ----------
    design : (n, k) ndarray
        :math:`\tilde X`: one row per point, the features then a column of ones,
        each column scaled (by the caller) to a largest magnitude about 1.
    y : (n,) ndarray
        Labels, 0 or 1, both present.

    Returns
    -------
    (k,) ndarray
        :math:`\theta^*` for the scaled columns.

    Raises
    ------
    ValueError
        Naming separability when the cost has no finite minimum, or
        collinear columns when it has no unique one.

    Notes
    -----
    Each step solves :math:`H \Delta = -\nabla J` with
    :math:`H = \tfrac1n \tilde X^\top \operatorname{diag}(p(1-p)) \tilde X`
    (iteratively reweighted least squares), halving the step while the cost
    rises. It stops after a step below :math:`10^{-12}` of the parameters'
    size: convergence is quadratic, so the error left is about that step's
    square, and the gradient is at the level of rounding.

    Separable data have no finite minimum, and are caught two ways. If the
    classes can be split by a hyperplane, the cost falls towards 0; once
    :math:`J < \log 2 / n` every point's loss is below :math:`\log 2`, so
    every margin is positive: an iterate with every margin positive is a
    certificate that the data are separable, and stops the search. If they
    can be split only with points on the hyperplane itself ("quasi-separable"),
    no iterate is such a certificate, but the weights grow along the
    separating direction by a step of about the same size forever: Newton's
    steps never shrink, and the search stops after :data:`MAX_NEWTON_STEPS`.
    (A linear programme would decide separability directly; this keeps the
    package free of SciPy.)
    """
    n, k = design.shape
    if np.linalg.matrix_rank(design) < k:
        raise ValueError(
            "the columns of x are collinear (or constant): the logistic cost has no "
            "unique minimum; drop or combine columns"
        )
    theta = np.zeros(k)
    J = float(cross_entropy(design @ theta, y))
    for steps in range(MAX_NEWTON_STEPS):
        z = design @ theta
        if np.all(margins(z, y) > 0):
            raise ValueError(_separable(theta))
        g = errors(z, y) @ design / n
        H = (design.T * curvature_weights(z)) @ design / n
        try:
            step = -np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            # The columns are independent (checked above): the curvature has vanished
            # because every weight p(1 - p) did, the points pushed to p = 0 or 1.
            raise ValueError(_separable(theta, steps=steps)) from None
        if not np.isfinite(step).all():
            raise ValueError(_separable(theta))
        if np.max(np.abs(step)) <= _CONVERGED * max(1.0, np.max(np.abs(theta))):
            # Quadratic convergence: the error after this step is about its square.
            return theta + step
        size = 1.0
        new_theta = theta + step
        new_J = float(cross_entropy(design @ new_theta, y))
        while new_J > J and size > 1e-10:  # a damped step: never let the cost rise
            size /= 2
            new_theta = theta + size * step
            new_J = float(cross_entropy(design @ new_theta, y))
        theta, J = new_theta, min(new_J, J)
    raise ValueError(_separable(theta, steps=MAX_NEWTON_STEPS))


def _separable(theta: NDArray, steps: int | None = None) -> str:
    """The one-line message for data without a finite minimum."""
    if steps is not None:
        how = (
            f"separable (after {steps} steps of Newton's method its weights are still "
            f"growing, now {np.max(np.abs(theta)):.3g} in scaled units, and the curvature "
            "vanishing)"
        )
    else:
        how = (
            "linearly separable: a line (a hyperplane, with more features) puts every "
            "point on its own class's side"
        )
    return (
        f"the classes are {how}, so the logistic cost falls towards 0 as the weights grow "
        "and has no finite minimum; add overlapping points or a regulariser"
    )


def binned(
    x: NDArray[np.float64], y: NDArray[np.float64], bins: int
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]:
    r"""One-feature points merged into ``bins`` equal bins of ``x`` per class, for fast cost maps.

    Returns each non-empty bin's mean ``x``, its label, its count, and the
    points' squared distance to their bin's mean summed, :math:`S`. The cost
    of the merged points (:func:`weighted_cross_entropy`) is a lower bound on
    the exact cost, within :math:`w^2 S / (8 n)` of it: each point's loss is
    convex in :math:`x` with second derivative :math:`w^2 p (1 - p) \le w^2/4`,
    and the first-order terms cancel about the bin's mean (Jensen, then Taylor).

    Examples
    --------
    >>> centres, labels, counts, spread = binned(np.array([0.0, 1.0, 1.0]), np.array([0.0, 1, 1]), 4)
    >>> centres.tolist(), labels.tolist(), counts.tolist(), spread
    ([0.0, 1.0], [0.0, 1.0], [1.0, 2.0], 0.0)
    """
    edges = np.linspace(float(x.min()), float(x.max()), bins + 1)
    centres, labels, counts, spread = [], [], [], 0.0
    for label in (0.0, 1.0):
        chosen = x[y == label]
        count, _ = np.histogram(chosen, edges)
        total, _ = np.histogram(chosen, edges, weights=chosen)
        kept = count > 0
        means = total[kept] / count[kept]
        which = np.clip(np.searchsorted(edges, chosen, side="right") - 1, 0, bins - 1)
        # Within-bin squared deviations, from each point's own bin mean (no cancellation).
        mean_of = np.zeros(bins)
        mean_of[kept] = means
        spread += float(np.sum((chosen - mean_of[which]) ** 2))
        centres.append(means)
        labels.append(np.full(len(means), label))
        counts.append(count[kept].astype(np.float64))
    return np.concatenate(centres), np.concatenate(labels), np.concatenate(counts), spread


def weighted_cross_entropy(
    z: NDArray[np.float64], y: NDArray[np.float64], counts: NDArray[np.float64]
) -> NDArray[np.float64]:
    """:func:`cross_entropy` of points standing for ``counts`` points each, over the last axis."""
    return np.logaddexp(0.0, -margins(z, y)) @ counts / counts.sum()
