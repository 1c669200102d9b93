"""When a run has diverged, and the error that says so.

Both the optimisers (:mod:`gdexplain.descent`) and the theory
(:mod:`gdexplain.theory`) apply this rule, so it lives below them both.
"""

from __future__ import annotations

#: A run has diverged once its cost passes this many times its start (or is no
#: longer finite): every optimiser then raises, or, allowed to diverge, stops there.
DIVERGENCE_FACTOR = 1e6


class DivergenceError(ArithmeticError):
    """The optimiser would blow up, or did: the learning rate is too large.

    Raised before the first step when the learning rate is above the data's
    stability limit for the method, and at the first epoch (or update) whose
    cost passes :data:`DIVERGENCE_FACTOR` times the starting cost or whose cost
    or gradient is no longer a finite number: the rule every optimiser applies.

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
    finite : bool, default False
        Whether the cost at ``epoch`` was still finite (it passed
        :data:`DIVERGENCE_FACTOR` times its start) rather than overflowing.

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
        finite: bool = False,
    ) -> None:
        self.learning_rate, self.limit, self.epoch = learning_rate, limit, epoch
        rate, limit_text = distinct(learning_rate, limit)
        if epoch is None:
            what = (
                f"learning_rate={rate} is above the stability limit {limit_text} of these "
                f"data for {method}: every step would overshoot the minimum by more than "
                "the last, and the run would diverge."
            )
        else:
            known_limit = "" if limit is None else f" (the stability limit is {limit_text})"
            how = (
                f"its cost passed {DIVERGENCE_FACTOR:,.0f} times the cost at the start"
                if finite
                else "the cost is no longer a finite number"
            )
            what = (
                f"{method} diverged at {unit} {epoch}: {how} with "
                f"learning_rate={rate}{known_limit}."
            )
        super().__init__(f"{what} Use a smaller learning rate.")


def distinct(value: float, other: float | None, digits: int = 4) -> tuple[str, str]:
    """``value`` and ``other`` to the fewest significant digits (at least ``digits``) that tell
    them apart: rounded alike, ``0.0441779`` "above the limit ``0.04418``" would read false.

    Rounding is monotonic, so two different strings keep the numbers' order.

    Examples
    --------
    >>> distinct(0.0441779, 0.0441778)
    ('0.0441779', '0.0441778')
    >>> distinct(0.05, None)
    ('0.05', '')
    """
    if other is None:
        return f"{value:.{digits}g}", ""
    while digits < 17 and f"{value:.{digits}g}" == f"{other:.{digits}g}" and value != other:
        digits += 1
    return f"{value:.{digits}g}", f"{other:.{digits}g}"


__all__ = ["DIVERGENCE_FACTOR", "DivergenceError", "distinct"]
