"""Data: the article series' points (part 1, one feature; part 2, two), our own small
classification sets, and your own CSV files."""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

ARTICLE_X = (1.0, 2.0, 4.0, 5.0, 6.0, 7.0)
ARTICLE_Y = (4.0, -12.0, 3.0, -11.0, -5.0, -17.0)

#: Part 2 of the series, "Animations of Multiple Linear Regression with Python":
#: six points with two features each.
ARTICLE_X_PART_2 = ((1.0, -2.0), (2.0, 1.0), (4.0, 1.0), (5.0, -3.0), (6.0, 4.0), (7.0, 5.0))
ARTICLE_Y_PART_2 = (14.0, -12.0, -31.0, -21.0, -51.0, -37.0)

#: Our own one-feature classification set (not the article's: part 3's notebook is not
#: published): hours studied and whether the exam was passed (1) or not (0). The
#: classes overlap (a pass at 1.75 h, a fail at 4.5 h), so the logistic cost has a
#: finite minimum.
STUDY_HOURS = (
    0.5, 0.75, 1.0, 1.5, 1.75, 2.0, 2.25, 2.5, 2.75,
    3.0, 3.25, 3.5, 4.0, 4.25, 4.5, 5.0, 5.5, 6.0,
)  # fmt: skip
PASSED = (0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1)

#: Our own two-feature classification set: (hours studied, hours slept, passed), forty
#: made-up students, drawn once from a logistic model and written down, so that the
#: set never changes with a random generator's version. The classes overlap.
STUDY_AND_SLEEP = (
    (3.0, 7.5, 1), (2.0, 4.0, 0), (1.0, 8.5, 0), (5.0, 7.5, 1), (3.75, 7.5, 0),
    (7.5, 9.0, 1), (6.5, 7.0, 0), (6.25, 6.5, 1), (0.75, 5.0, 0), (4.5, 7.5, 0),
    (4.75, 7.5, 1), (0.75, 9.0, 0), (3.75, 8.5, 1), (2.75, 6.5, 0), (2.0, 8.5, 0),
    (6.0, 9.0, 1), (3.5, 6.0, 0), (1.25, 7.0, 0), (3.0, 7.0, 1), (7.0, 6.5, 1),
    (3.25, 6.5, 1), (1.75, 5.0, 0), (1.0, 5.0, 0), (4.0, 5.5, 0), (5.25, 7.0, 1),
    (3.5, 7.5, 0), (6.5, 8.0, 1), (4.25, 5.5, 0), (6.0, 6.5, 1), (4.5, 6.5, 1),
    (4.75, 5.0, 1), (3.5, 9.0, 1), (1.25, 5.5, 0), (5.5, 7.5, 0), (6.5, 7.5, 1),
    (5.5, 8.0, 1), (3.5, 8.0, 1), (1.0, 8.5, 0), (1.75, 5.5, 0), (4.25, 7.5, 0),
)  # fmt: skip


def article_data(part: int = 1) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the six data points of part 1 or part 2 of the article series.

    Parameters
    ----------
    part : {1, 2}, default 1
        Part 1, simple linear regression: one feature. Part 2, multiple linear
        regression: two features.

    Returns
    -------
    x : (6,) or (6, 2) ndarray
        The inputs, a new float array on each call, so a caller may modify it
        freely: one value per point for part 1, one row per point for part 2.
    y : (6,) ndarray
        The targets, likewise new on each call.

    Raises
    ------
    ValueError
        If ``part`` is not 1 or 2.

    Examples
    --------
    >>> x, y = article_data()
    >>> x
    array([1., 2., 4., 5., 6., 7.])
    >>> y
    array([  4., -12.,   3., -11.,  -5., -17.])
    >>> X, y = article_data(part=2)
    >>> X.shape, y
    ((6, 2), array([ 14., -12., -31., -21., -51., -37.]))
    """
    if isinstance(part, bool) or part not in (1, 2):
        raise ValueError(f"part must be 1 or 2 (the article series' parts), got {part!r}")
    if part == 2:
        return np.array(ARTICLE_X_PART_2), np.array(ARTICLE_Y_PART_2)
    return np.array(ARTICLE_X), np.array(ARTICLE_Y)


def classification_data(features: int = 1) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return our own small data set for the logistic model: 0/1 labels whose classes overlap.

    These are made up for gdexplain, not the article's: part 3 of the series
    ("Animations of Logistic Regression with Python") did not publish its data.

    Parameters
    ----------
    features : {1, 2}, default 1
        1: hours studied by 18 students, and whether each passed. 2: hours
        studied and hours slept by 40 students, and whether each passed, for
        a decision boundary in the plane.

    Returns
    -------
    x : (18,) or (40, 2) ndarray
        The inputs, a new float array on each call.
    y : (18,) or (40,) ndarray
        The labels, 1.0 (passed) or 0.0 (failed), a new array on each call.

    Raises
    ------
    ValueError
        If ``features`` is not 1 or 2.

    Examples
    --------
    >>> x, y = classification_data()
    >>> x[:4], y[:6]
    (array([0.5 , 0.75, 1.  , 1.5 ]), array([0., 0., 0., 0., 1., 0.]))
    >>> X, y = classification_data(features=2)
    >>> X.shape, int(y.sum())
    ((40, 2), 19)
    """
    if isinstance(features, bool) or features not in (1, 2):
        raise ValueError(f"features must be 1 or 2, got {features!r}")
    if features == 2:
        table = np.array(STUDY_AND_SLEEP, dtype=np.float64)
        return table[:, :2].copy(), table[:, 2].copy()
    return np.array(STUDY_HOURS), np.array(PASSED, dtype=np.float64)


class TableData(NamedTuple):
    """Data read from a CSV file by :func:`read_csv`.

    Parameters
    ----------
    x : (n,) or (n, p) ndarray
        The features: one-dimensional for a single feature column, else one
        column per feature, in the file's order.
    y : (n,) ndarray
        The target column.
    features : tuple of str
        The feature columns' names, in the order of ``x``'s columns.
    target : str
        The target column's name.
    """

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    features: tuple[str, ...]
    target: str


def read_csv(path: str | os.PathLike[str], target: str | None = None) -> TableData:
    """Read data points from a CSV file with a header row of column names.

    Parameters
    ----------
    path : str or path-like
        The file: a header row, then one row of numbers per point. Blank lines
        are skipped.
    target : str, optional
        The name of the column to predict; by default the last. Every other
        column is a feature.

    Returns
    -------
    TableData
        ``(x, y, features, target)``.

    Raises
    ------
    ValueError
        In one line naming the file and the line or column: an empty file, a
        header with fewer than two or repeated names, a missing target column,
        no data rows, a row with too few or too many values, or a value that is
        not a finite number.
    OSError
        If the file cannot be read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "points.csv").write_text("x1,x2,y\\n1,-2,14\\n2,1,-12\\n")
    >>> data = read_csv(folder / "points.csv")
    >>> data.features, data.target, data.x.shape, data.y
    (('x1', 'x2'), 'y', (2, 2), array([ 14., -12.]))
    """
    name = os.fspath(path)
    with Path(path).open(newline="", encoding="utf-8") as file:
        rows = [(number, row) for number, row in enumerate(csv.reader(file), start=1) if row]
    if not rows:
        raise ValueError(f"{name} is empty: expected a header row of column names")
    columns = [column.strip() for column in rows[0][1]]
    repeated = sorted({column for column in columns if columns.count(column) > 1})
    if len(columns) < 2 or repeated:
        problem = f"repeats {repeated[0]!r}" if repeated else f"has {len(columns)} column"
        raise ValueError(
            f"{name}: the header row {problem}; it needs two or more distinct column names "
            "(the features, then the target)"
        )
    target = columns[-1] if target is None else target
    if target not in columns:
        raise ValueError(
            f"{name} has no column named {target!r} (its columns: {', '.join(columns)})"
        )
    if len(rows) == 1:
        raise ValueError(f"{name} has a header row but no data rows")
    values = np.array([_numbers(row, number, columns, name) for number, row in rows[1:]])
    index = columns.index(target)
    features = tuple(column for column in columns if column != target)
    x = np.delete(values, index, axis=1)
    return TableData(x[:, 0] if x.shape[1] == 1 else x, values[:, index], features, target)


def _numbers(row: list[str], number: int, columns: list[str], name: str) -> list[float]:
    """One data row as floats, or a one-line error naming the line and column."""
    if len(row) != len(columns):
        raise ValueError(
            f"{name}, line {number}: {len(row)} values, but the header has "
            f"{len(columns)} columns ({', '.join(columns)})"
        )
    values = []
    for text, column in zip(row, columns, strict=True):
        try:
            value = float(text)
        except ValueError:
            raise ValueError(
                f"{name}, line {number}, column {column!r}: {text.strip()!r} is not a number"
            ) from None
        if not math.isfinite(value):
            raise ValueError(
                f"{name}, line {number}, column {column!r}: {text.strip()!r} is not a "
                "finite number"
            )
        values.append(value)
    return values
