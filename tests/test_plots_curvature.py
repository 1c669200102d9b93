"""The curvature lesson's static figures (gdexplain.plots): what they draw, read from the artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pytest

from gdexplain import article_data, gradient_descent
from gdexplain.plots import WIDTH, curvature_by_direction, directional_curvature, valley_axes

pytestmark = pytest.mark.usefixtures("no_figure_left_open")


def article_hessian() -> np.ndarray:
    x, _ = article_data()
    return 2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]])


def test_valley_axes_are_drawn_along_the_eigenvectors_at_right_angles() -> None:
    x, y = article_data()
    history = gradient_descent(x, y, n_epochs=500)
    ax = valley_axes(history)
    values, vectors = np.linalg.eigh(article_hessian())
    lines = {line.get_label(): line for line in ax.get_lines()}
    for name, value, vector in zip(("shallow", "steep"), values, vectors.T, strict=True):
        (label,) = [label for label in lines if label.startswith(f"{name} axis")]
        assert label == f"{name} axis: curvature {value:.4g}"
        ends = np.column_stack(lines[label].get_data())
        drawn = (ends[1] - ends[0]) / np.linalg.norm(ends[1] - ends[0])
        assert abs(drawn @ vector) == pytest.approx(1.0, abs=1e-12)
    assert ax.get_aspect() == 1.0  # right angles look like right angles
    w_limits, b_limits = ax.get_xlim(), ax.get_ylim()
    for w, b in [(3.0, -1.0), (-2.0, 2.0), (history.w.min(), history.b.min())]:
        assert w_limits[0] < w < w_limits[1]
        assert b_limits[0] < b < b_limits[1]
    assert ax.figure.get_figwidth() <= WIDTH


def test_valley_axes_refuses_data_without_a_valley() -> None:
    history = gradient_descent([2.0, 2.0, 2.0], [1.0, 2.0, 3.0], n_epochs=3)
    with pytest.raises(ValueError, match="cannot draw the cost's landscape"):
        valley_axes(history)


def test_curvature_by_direction_spans_the_two_eigenvalues() -> None:
    x, _ = article_data()
    ax = curvature_by_direction(x)
    curve = ax.get_lines()[0].get_ydata()
    low, high = np.linalg.eigvalsh(article_hessian())
    # Sampled every quarter degree: the sharp minimum is met to within a thousandth.
    assert curve.min() == pytest.approx(low, rel=1e-3)
    assert curve.max() == pytest.approx(high, rel=1e-3)
    marked = {line.get_label(): line.get_ydata()[0] for line in ax.get_lines()[1:]}
    assert marked[f"shallow axis: {low:.4g}"] == pytest.approx(low, rel=1e-12)
    assert marked[f"steep axis: {high:.4g}"] == pytest.approx(high, rel=1e-12)
    labels = [text.get_text() for text in ax.texts]
    assert labels == [f"w axis: {article_hessian()[0, 0]:.3g}", "b axis: 2"]
    assert ax.figure.get_figwidth() <= WIDTH


def test_curvature_by_direction_refuses_equal_inputs() -> None:
    with pytest.raises(ValueError, match="every x is equal"):
        curvature_by_direction([4.0, 4.0])


def test_directional_curvature_is_u_transpose_h_u() -> None:
    H = article_hessian()
    degrees = np.array([0.0, 30.0, 90.0, 135.0])
    u = np.column_stack([np.cos(np.radians(degrees)), np.sin(np.radians(degrees))])
    expected = np.einsum("ki,ij,kj->k", u, H, u)
    np.testing.assert_allclose(directional_curvature(H, degrees), expected, rtol=1e-12)
