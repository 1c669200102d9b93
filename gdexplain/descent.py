"""Batch gradient descent, written to be read as the lesson it is."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from gdexplain._validation import as_points, count, finite_float, positive_float
from gdexplain.history import History
from gdexplain.regression import mean_squared_error, mse_gradient, stability_limit


class DivergenceError(ArithmeticError):
    """Gradient descent blew up: the cost or gradient overflowed or became NaN.

    Attributes
    ----------
    epoch : int
        The first epoch whose cost or gradient was not finite.
    learning_rate : float
        The learning rate of the run.
    limit : float
        The stability limit :math:`2/\\lambda_{\\max}` of the data.
    """

    def __init__(self, epoch: int, learning_rate: float, limit: float) -> None:
        self.epoch, self.learning_rate, self.limit = epoch, learning_rate, limit
        super().__init__(
            f"gradient descent diverged at epoch {epoch}: the cost is no longer a "
            f"finite number with learning_rate={learning_rate:g}. On these data the "
            f"learning rate must stay below the stability limit {limit:.4g}; use a "
            "smaller one."
        )


def gradient_descent(
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float = 0.001,
    w: float = 3.0,
    b: float = -1.0,
    epochs: int = 12_000,
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
    epochs : int, default 12_000
        How many updates to make; zero records only the start.

    Returns
    -------
    History
        ``epochs + 1`` entries: entry ``k`` is the state after ``k`` updates,
        recorded before the next one.

    Raises
    ------
    ValueError, TypeError
        For bad data (see :func:`gdexplain.cost`), a non-positive learning
        rate, a non-finite start or a negative or non-integer epoch count.
    DivergenceError
        If the cost or gradient stops being finite: the learning rate is too
        large for the data. The message names the epoch and the stability limit.

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
    >>> history = gradient_descent(*article_data(), epochs=12_000)
    >>> final = history.final
    >>> print(f"w = {final.w:.6f}, b = {final.b:.6f}, J = {final.cost:.6f}")
    w = -1.993587, b = 1.966698, J = 42.666894
    """
    x, y = as_points(x, y)
    learning_rate = positive_float(learning_rate, "learning_rate")
    w = finite_float(w, "w")
    b = finite_float(b, "b")
    epochs = count(epochs, "epochs", minimum=0)

    record = {name: np.empty(epochs + 1) for name in ("w", "b", "cost", "dJ_dw", "dJ_db")}
    # Overflow is detected below, with a message better than NumPy's warning.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs + 1):
            J = float(mean_squared_error(x, y, w, b))
            dJ_dw, dJ_db = map(float, mse_gradient(x, y, w, b))
            if not np.isfinite([J, dJ_dw, dJ_db]).all():
                raise DivergenceError(epoch, learning_rate, stability_limit(x))
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
        epoch=np.arange(epochs + 1),
        label=f"batch gradient descent, α = {learning_rate:g}",
        **record,
    )
