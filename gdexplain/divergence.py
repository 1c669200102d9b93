"""When a run has diverged, and the error that says so.

Both the optimisers (:mod:`gdexplain.descent`) and the theory
(:mod:`gdexplain.theory`) apply this rule, so it lives below them both.
"""

from __future__ import annotations

#: A run allowed to diverge stops once its cost passes this many times its start.
DIVERGENCE_FACTOR = 1e6


class DivergenceError(ArithmeticError):
    """The optimiser would blow up, or did: the learning rate is too large.

    Raised before the first step when the learning rate is above the data's
    stability limit for the method, and, as a safety net, at the first epoch
    whose cost or gradient is no longer a finite number.

    Parameters
    ----------
    learning_rate : float
        The learning rate of the run.
    limit : float or None
        The stability limit of the data for the method (for plain gradient
        descent :math:`2/\\lambda_{\\max}`); ``None`` where no single limit
        applies (stochastic descent).
    epoch : int or None, optional
        The first epoch (for stochastic descent, update) whose cost or
        gradient was not finite; ``None`` when the run was refused before it
        started.
    method : str, default "gradient descent"
        The optimiser and its settings, for the message.
    unit : str, default "epoch"
        What one update is called in the message.

    Attributes
    ----------
    learning_rate, limit, epoch
        As given.
    """

    def __init__(
        self,
        learning_rate: float,
        limit: float | None,
        epoch: int | None = None,
        *,
        method: str = "gradient descent",
        unit: str = "epoch",
    ) -> None:
        self.learning_rate, self.limit, self.epoch = learning_rate, limit, epoch
        if epoch is None:
            what = (
                f"learning_rate={learning_rate:g} is above the stability limit "
                f"{limit:.4g} of these data for {method}: every step would overshoot "
                "the minimum by more than the last, and the run would diverge."
            )
        else:
            known_limit = "" if limit is None else f" (the stability limit is {limit:.4g})"
            what = (
                f"{method} diverged at {unit} {epoch}: the cost is no longer a finite "
                f"number with learning_rate={learning_rate:g}{known_limit}."
            )
        super().__init__(f"{what} Use a smaller learning rate.")


__all__ = ["DIVERGENCE_FACTOR", "DivergenceError"]
