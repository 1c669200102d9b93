"""Batch gradient descent, written to be read as the lesson it is."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from gdexplain._validation import as_points, count, finite_float, positive_float
from gdexplain.history import History
from gdexplain.regression import _cost, _gradient, stability_limit


class DivergenceError(ArithmeticError):
    """Gradient descent would blow up, or did: the learning rate is too large.

    Raised before the first step when the learning rate is above the data's
    stability limit, and, as a safety net, at the first epoch whose cost or
    gradient is no longer a finite number.

    Attributes
    ----------
    learning_rate : float
        The learning rate of the run.
    limit : float
        The stability limit :math:`2/\\lambda_{\\max}` of the data.
    epoch : int or None
        The first epoch whose cost or gradient was not finite; ``None`` when
        the run was refused before it started.
    """

    def __init__(self, learning_rate: float, limit: float, epoch: int | None = None) -> None:
        self.learning_rate, self.limit, self.epoch = learning_rate, limit, epoch
        if epoch is None:
            what = (
                f"learning_rate={learning_rate:g} is above the stability limit "
                f"{limit:.4g} of these data: every step would overshoot the minimum "
                "by more than the last, and gradient descent would diverge."
            )
        else:
            what = (
                f"gradient descent diverged at epoch {epoch}: the cost is no longer a "
                f"finite number with learning_rate={learning_rate:g} (the stability "
                f"limit of these data is {limit:.4g})."
            )
        super().__init__(f"{what} Use a smaller learning rate.")


def gradient_descent(
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float = 0.001,
    w: float = 3.0,
    b: float = -1.0,
    n_epochs: int = 12_000,
) -> History:
    r"""Fit ``y ≈ w * x + b`` by batch gradient descent on the mean squared error.

    Parameters
    ----------
    x, y : (n,) array_like
        The data points; at least two, all finite. They are copied, never
        modified.
    learning_rate : float, default 0.001
        The step size :math:`\alpha`, positive.
    w, b : float, default 3.0 and -1.0
        The starting slope and intercept (the article's).
    n_epochs : int, default 12_000
        How many updates to make; zero records only the start.

    Returns
    -------
    History
        ``n_epochs + 1`` entries: entry ``k`` is the state after ``k`` updates,
        recorded before the next one.

    Raises
    ------
    ValueError, TypeError
        For bad data (see :func:`gdexplain.cost`), a non-positive learning
        rate, a non-finite start or a negative or non-integer epoch count.
    DivergenceError
        If the learning rate is above :func:`gdexplain.stability_limit` of
        the data, where every step overshoots further, or if the cost or
        gradient stops being finite anyway. The message names the limit.

    Notes
    -----
    Each epoch uses every point ("batch") to compute the gradient, then moves
    against it:

    .. math::

       w \leftarrow w - \alpha \frac{\partial J}{\partial w}, \qquad
       b \leftarrow b - \alpha \frac{\partial J}{\partial b}.

    Examples
    --------
    >>> from gdexplain import article_data
    >>> history = gradient_descent(*article_data(), n_epochs=12_000)
    >>> final = history.final
    >>> print(f"w = {final.w:.6f}, b = {final.b:.6f}, J = {final.cost:.6f}")
    w = -1.993587, b = 1.966698, J = 42.666894
    """
    x, y = as_points(x, y)
    learning_rate = positive_float(learning_rate, "learning_rate")
    w = finite_float(w, "w")
    b = finite_float(b, "b")
    n_epochs = count(n_epochs, "n_epochs", minimum=0)
    limit = stability_limit(x)
    if learning_rate > limit:
        raise DivergenceError(learning_rate, limit)

    record = {name: np.empty(n_epochs + 1) for name in ("w", "b", "cost", "dJ_dw", "dJ_db")}
    # Overflow is detected below, with a message better than NumPy's warning.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(n_epochs + 1):
            J = float(_cost(x, y, w, b))
            dJ_dw, dJ_db = map(float, _gradient(x, y, w, b))
            if not np.isfinite([J, dJ_dw, dJ_db]).all():
                raise DivergenceError(learning_rate, limit, epoch)
            for name, value in (
                ("w", w),
                ("b", b),
                ("cost", J),
                ("dJ_dw", dJ_dw),
                ("dJ_db", dJ_db),
            ):
                record[name][epoch] = value

            # The update rule: a step against the gradient.
            w = w - learning_rate * dJ_dw
            b = b - learning_rate * dJ_db

    return History(
        x=x,
        y=y,
        epoch=np.arange(n_epochs + 1),
        w=record["w"],
        b=record["b"],
        cost=record["cost"],
        dJ_dw=record["dJ_dw"],
        dJ_db=record["dJ_db"],
        label=f"batch gradient descent, α = {learning_rate:g}",
    )
