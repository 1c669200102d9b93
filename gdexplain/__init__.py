"""gdexplain: batch gradient descent on simple linear regression, shown step by step."""

from gdexplain.data import article_data
from gdexplain.descent import DivergenceError, gradient_descent
from gdexplain.history import History, State
from gdexplain.regression import (
    cost,
    gradient,
    hessian,
    least_squares,
    predict,
    stability_limit,
)
from gdexplain.schedule import frame_schedule

__all__ = [
    "DivergenceError",
    "History",
    "State",
    "article_data",
    "cost",
    "frame_schedule",
    "gradient",
    "gradient_descent",
    "hessian",
    "least_squares",
    "predict",
    "stability_limit",
]
__version__ = "0.1.0"
