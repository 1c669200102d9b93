"""AdaGrad, RMSProp and Adam, each against a loop written here from the formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdexplain import (
    DivergenceError,
    adagrad_descent,
    adam_descent,
    article_data,
    gradient_descent,
    momentum_descent,
    rmsprop_descent,
    stochastic_descent,
)
from gdexplain.cli import main
from gdexplain.divergence import DIVERGENCE_FACTOR

# Plain Python on lists, one parameter at a time: nothing shared with the library
# but the formulas of issue 23 (Duchi et al. 2011; Tieleman and Hinton 2012;
# Kingma and Ba 2015, Algorithm 1).


def gradient_at(x, y, w, b):
    n = len(x)
    residuals = [yi - (w * xi + b) for xi, yi in zip(x, y, strict=True)]
    return [
        -2 / n * sum(xi * r for xi, r in zip(x, residuals, strict=True)),
        -2 / n * sum(residuals),
    ]


def adagrad_by_hand(x, y, alpha, epsilon, theta, n_epochs):
    G = [0.0, 0.0]
    path = [list(theta)]
    for _ in range(n_epochs):
        g = gradient_at(x, y, *theta)
        for j in range(2):
            G[j] += g[j] ** 2
            theta[j] -= alpha * g[j] / (math.sqrt(G[j]) + epsilon)
        path.append(list(theta))
    return np.array(path)


def rmsprop_by_hand(x, y, alpha, rho, epsilon, theta, n_epochs):
    s = [0.0, 0.0]
    path = [list(theta)]
    for _ in range(n_epochs):
        g = gradient_at(x, y, *theta)
        for j in range(2):
            s[j] = rho * s[j] + (1 - rho) * g[j] ** 2
            theta[j] -= alpha * g[j] / (math.sqrt(s[j]) + epsilon)
        path.append(list(theta))
    return np.array(path)


def adam_by_hand(x, y, alpha, beta1, beta2, epsilon, theta, n_epochs):
    m, v = [0.0, 0.0], [0.0, 0.0]
    path = [list(theta)]
    for t in range(1, n_epochs + 1):
        g = gradient_at(x, y, *theta)
        for j in range(2):
            m[j] = beta1 * m[j] + (1 - beta1) * g[j]
            v[j] = beta2 * v[j] + (1 - beta2) * g[j] ** 2
            m_hat = m[j] / (1 - beta1**t)
            v_hat = v[j] / (1 - beta2**t)
            theta[j] -= alpha * m_hat / (math.sqrt(v_hat) + epsilon)
        path.append(list(theta))
    return np.array(path)


def assert_same_path(history, expected) -> None:
    # Settings are chosen where the run settles: where it keeps bouncing near the
    # minimum (Adam with beta2 = 0.9, say) each bounce magnifies the last bit of
    # rounding, and two correct loops summing in another order part after ~300 epochs.
    assert len(history) == len(expected)
    np.testing.assert_allclose(history.w, expected[:, 0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(history.b, expected[:, 1], rtol=0, atol=1e-12)


N_EPOCHS = 3_000


@pytest.mark.parametrize(
    ("settings", "start"),
    [
        ({"learning_rate": 1.0}, (3.0, -1.0)),  # defaults
        ({"learning_rate": 0.3, "epsilon": 1e-3}, (-4.0, 5.0)),
        ({"learning_rate": 0.05, "epsilon": 0.5}, (0.0, 0.0)),
    ],
)
def test_adagrad_equals_the_formulas(settings, start) -> None:
    x, y = article_data()
    history = adagrad_descent(x, y, **settings, w=start[0], b=start[1], n_epochs=N_EPOCHS)
    expected = adagrad_by_hand(
        x.tolist(),
        y.tolist(),
        settings["learning_rate"],
        settings.get("epsilon", 1e-8),
        list(start),
        N_EPOCHS,
    )
    assert_same_path(history, expected)


@pytest.mark.parametrize(
    ("settings", "start"),
    [
        ({"learning_rate": 0.001}, (3.0, -1.0)),  # defaults
        ({"learning_rate": 0.02, "decay": 0.5, "epsilon": 1e-4}, (-4.0, 5.0)),
        ({"learning_rate": 0.004, "decay": 0.0}, (3.0, -1.0)),
        ({"learning_rate": 0.01, "decay": 0.99, "epsilon": 0.1}, (1.0, 1.0)),
    ],
)
def test_rmsprop_equals_the_formulas(settings, start) -> None:
    x, y = article_data()
    history = rmsprop_descent(x, y, **settings, w=start[0], b=start[1], n_epochs=N_EPOCHS)
    expected = rmsprop_by_hand(
        x.tolist(),
        y.tolist(),
        settings["learning_rate"],
        settings.get("decay", 0.9),
        settings.get("epsilon", 1e-8),
        list(start),
        N_EPOCHS,
    )
    assert_same_path(history, expected)


@pytest.mark.parametrize(
    ("settings", "start"),
    [
        ({"learning_rate": 0.1}, (3.0, -1.0)),  # defaults
        ({"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-4}, (-4.0, 5.0)),
        ({"learning_rate": 0.02, "beta1": 0.0, "beta2": 0.0}, (3.0, -1.0)),
        ({"learning_rate": 0.3, "beta1": 0.99, "beta2": 0.9999, "epsilon": 0.1}, (1.0, 1.0)),
    ],
)
def test_adam_equals_the_formulas(settings, start) -> None:
    x, y = article_data()
    history = adam_descent(x, y, **settings, w=start[0], b=start[1], n_epochs=N_EPOCHS)
    expected = adam_by_hand(
        x.tolist(),
        y.tolist(),
        settings["learning_rate"],
        settings.get("beta1", 0.9),
        settings.get("beta2", 0.999),
        settings.get("epsilon", 1e-8),
        list(start),
        N_EPOCHS,
    )
    assert_same_path(history, expected)


def test_the_records_are_the_cost_and_gradient_at_each_state() -> None:
    x, y = article_data()
    history = adam_descent(x, y, learning_rate=0.1, n_epochs=50)
    for k in (0, 1, 17, 50):
        w, b = history.w[k], history.b[k]
        assert history.cost[k] == pytest.approx(np.mean((w * x + b - y) ** 2), rel=1e-14)
        assert [history.dJ_dw[k], history.dJ_db[k]] == pytest.approx(
            gradient_at(x.tolist(), y.tolist(), w, b), rel=1e-12
        )
    assert history.epoch.tolist() == list(range(51))
    assert history.diverged is None


def test_the_first_steps_are_sign_sized() -> None:
    """Adam's and RMSProp(ρ = 0)'s first step is α times the gradient's sign, per parameter."""
    x, y = article_data()
    g = np.array(gradient_at(x.tolist(), y.tolist(), 3.0, -1.0))
    for history in (
        adam_descent(x, y, learning_rate=0.25, n_epochs=1),
        rmsprop_descent(x, y, learning_rate=0.25, decay=0.0, n_epochs=1),
        adagrad_descent(x, y, learning_rate=0.25, n_epochs=1),
    ):
        step = np.array([history.w[1] - history.w[0], history.b[1] - history.b[0]])
        np.testing.assert_allclose(step, -0.25 * np.sign(g), rtol=1e-8)


def test_labels_name_the_method_and_settings() -> None:
    x, y = article_data()
    assert adagrad_descent(x, y, learning_rate=0.5, n_epochs=1).label == "AdaGrad, α = 0.5"
    assert (
        rmsprop_descent(x, y, learning_rate=0.01, decay=0.8, n_epochs=1).label
        == "RMSProp, α = 0.01, ρ = 0.8"
    )
    assert (
        adam_descent(x, y, learning_rate=0.1, beta1=0.8, n_epochs=1).label
        == "Adam, α = 0.1, β₁ = 0.8, β₂ = 0.999"
    )


OPTIMISERS = [adagrad_descent, rmsprop_descent, adam_descent]


@pytest.mark.parametrize("optimiser", OPTIMISERS)
@pytest.mark.parametrize(
    ("settings", "error", "message"),
    [
        ({"learning_rate": math.nan}, ValueError, "learning_rate must be a positive finite"),
        ({"learning_rate": math.inf}, ValueError, "learning_rate must be a positive finite"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be a positive finite"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate must be a positive finite"),
        ({"learning_rate": "0.1"}, TypeError, "learning_rate must be a number"),
        ({"epsilon": 0.0}, ValueError, "epsilon must be a positive finite number, got 0.0"),
        ({"epsilon": -1e-8}, ValueError, "epsilon must be a positive finite"),
        ({"epsilon": math.nan}, ValueError, "epsilon must be a positive finite"),
        ({"w": math.inf}, ValueError, "w must be finite"),
        ({"n_epochs": -1}, ValueError, "n_epochs must be at least 0"),
        ({"n_epochs": 2.0}, TypeError, "n_epochs must be an integer"),
        ({"allow_divergence": 1}, TypeError, "allow_divergence must be True or False"),
    ],
)
def test_bad_shared_settings_are_one_line_errors(optimiser, settings, error, message) -> None:
    x, y = article_data()
    arguments = {"learning_rate": 0.1, "n_epochs": 10} | settings
    with pytest.raises(error, match=message) as caught:
        optimiser(x, y, **arguments)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("optimiser", "name"),
    [(rmsprop_descent, "decay"), (adam_descent, "beta1"), (adam_descent, "beta2")],
)
@pytest.mark.parametrize("value", [1.0, -0.1, 1.5, math.nan])
def test_betas_and_rho_outside_zero_one_are_refused(optimiser, name, value) -> None:
    x, y = article_data()
    with pytest.raises(ValueError, match=rf"^{name} must be (in \[0, 1\)|finite), got ") as caught:
        optimiser(x, y, learning_rate=0.1, n_epochs=10, **{name: value})
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("optimiser", OPTIMISERS)
def test_a_cost_that_overflows_is_a_divergence_error(optimiser) -> None:
    x, y = article_data()
    with pytest.raises(DivergenceError, match=r"diverged at epoch 1: .*learning_rate=1e\+300"):
        optimiser(x, y, learning_rate=1e300, n_epochs=10)
    history = optimiser(x, y, learning_rate=1e300, n_epochs=10, allow_divergence=True)
    assert history.diverged == 1
    assert len(history) == 1  # only the finite start is kept


@pytest.mark.parametrize("optimiser", OPTIMISERS)
def test_a_run_allowed_to_diverge_stops_by_the_shared_rule(optimiser) -> None:
    x, y = article_data()
    history = optimiser(x, y, learning_rate=1e5, n_epochs=100, allow_divergence=True)
    above = np.flatnonzero(history.cost > DIVERGENCE_FACTOR * history.cost[0])
    assert history.diverged == above[0] == len(history) - 1
    assert np.isfinite(history.cost).all()


# --- the command line: --method and the adaptive settings --------------------------


def run_cli(capsys, *argv):
    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def trained_row(out: str) -> list[str]:
    return next(line for line in out.splitlines() if line.startswith("trained")).split()[1:]


def row_of(history) -> list[str]:
    final = history.final
    return [f"{final.w:.6f}", f"{final.b:.6f}", f"{final.cost:.6f}"]


@pytest.mark.parametrize(
    ("flags", "optimiser", "settings"),
    [
        (["--method", "adagrad"], adagrad_descent, {}),
        (["--method", "adagrad", "--epsilon", "0.5"], adagrad_descent, {"epsilon": 0.5}),
        (["--method", "rmsprop"], rmsprop_descent, {}),
        (["--method", "rmsprop", "--rho", "0.5", "--epsilon", "1e-3"], rmsprop_descent,
         {"decay": 0.5, "epsilon": 1e-3}),
        (["--method", "adam"], adam_descent, {}),
        (["--method", "adam", "--beta1", "0.8", "--beta2", "0.99"], adam_descent,
         {"beta1": 0.8, "beta2": 0.99}),
    ],
)  # fmt: skip
def test_method_flags_print_the_library_run(capsys, flags, optimiser, settings) -> None:
    status, out, err = run_cli(
        capsys, "train", *flags, "--learning-rate", "0.05", "--epochs", "500"
    )
    assert (status, err) == (0, "")
    expected = optimiser(*article_data(), learning_rate=0.05, n_epochs=500, **settings)
    assert out.startswith(f"{expected.label}, 500 epochs")
    assert trained_row(out) == row_of(expected)


@pytest.mark.parametrize(
    ("flags", "optimiser", "settings"),
    [
        (["--method", "gd"], gradient_descent, {}),
        (["--method", "momentum", "--momentum", "0.5"], momentum_descent, {"momentum": 0.5}),
        (["--method", "nesterov", "--momentum", "0.5"], momentum_descent,
         {"momentum": 0.5, "nesterov": True}),
        (["--method", "sgd", "--seed", "0"], stochastic_descent, {"seed": 0, "batch_size": 1}),
    ],
)  # fmt: skip
def test_method_names_the_older_optimisers_too(capsys, flags, optimiser, settings) -> None:
    status, out, _ = run_cli(capsys, *flags, "--learning-rate", "0.01", "--epochs", "50")
    assert status == 0
    expected = optimiser(*article_data(), learning_rate=0.01, n_epochs=50, **settings)
    assert out.startswith(expected.label)
    assert trained_row(out) == row_of(expected)


def test_animate_runs_adam(capsys, tmp_path) -> None:
    output = tmp_path / "adam.gif"
    argv = ["animate", "contour", "-o", str(output), "--method", "adam", "--learning-rate", "0.1"]
    status, out, _ = run_cli(capsys, *argv, "--epochs", "20", "--dpi", "20", "--breakpoints",
                             "--steps", "10", "--endpoint")  # fmt: skip
    assert status == 0
    final = adam_descent(*article_data(), learning_rate=0.1, n_epochs=20).final
    assert f"epoch 20, w = {final.w:.6f}, b = {final.b:.6f}" in out
    assert output.stat().st_size > 0


@pytest.mark.parametrize(
    ("flags", "fragment"),
    [
        (["--method", "adam", "--beta1", "1"], "argument --beta1: must be in [0, 1), got '1'"),
        (["--method", "adam", "--beta2", "nan"], "argument --beta2: expected a finite number"),
        (["--method", "rmsprop", "--rho", "1"], "argument --rho: must be in [0, 1)"),
        (["--method", "adagrad", "--epsilon", "0"], "argument --epsilon: must be positive"),
        (["--method", "adam", "--learning-rate", "nan"], "argument --learning-rate: expected a finite"),
        (["--method", "lbfgs"], "argument --method: invalid choice: 'lbfgs'"),
        (["--beta1", "0.5"], "--beta1 applies only to --method adam"),
        (["--method", "adagrad", "--rho", "0.5"], "--rho applies only to --method rmsprop"),
        (["--method", "gd", "--epsilon", "1e-3"], "--epsilon applies only to --method adagrad or rmsprop or adam"),
        (["--method", "adam", "--momentum", "0.5"], "--momentum does not apply to --method adam"),
        (["--method", "rmsprop", "--batch-size", "2"], "--batch-size does not apply to --method rmsprop"),
        (["--method", "adagrad", "--nesterov"], "--nesterov does not apply to --method adagrad"),
        (["--method", "momentum"], "--method momentum needs --momentum BETA"),
        (["--method", "adam", "--seed", "1"], "--seed applies only to stochastic descent"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", [["train"], ["animate", "contour", "-o", "never.mp4"]])
def test_bad_method_settings_are_one_line_errors(
    capsys, monkeypatch, tmp_path, command, flags, fragment
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run_cli(capsys, *command, *flags)
    assert (status, out) == (2, "")
    assert fragment in err
    assert "Traceback" not in err
    assert err.count("\n") == 1 or "usage:" in err  # argparse adds its usage line
    assert list(tmp_path.iterdir()) == []


def adaptive_by_hand_in_matrix_form(X, y, method, alpha, theta, n_epochs, **settings):
    """The three updates on θ = (w₁, …, w_p, b), the gradient (2/n) X̃ᵀ(X̃θ − y) from the matrix."""
    X1 = np.column_stack([X, np.ones(len(X))])
    theta = np.array(theta, dtype=float)
    first, second = np.zeros_like(theta), np.zeros_like(theta)
    path = [theta.copy()]
    for t in range(1, n_epochs + 1):
        g = 2 / len(X) * X1.T @ (X1 @ theta - y)
        if method == "adagrad":
            second += g**2
            theta = theta - alpha * g / (np.sqrt(second) + settings["epsilon"])
        elif method == "rmsprop":
            second = settings["rho"] * second + (1 - settings["rho"]) * g**2
            theta = theta - alpha * g / (np.sqrt(second) + settings["epsilon"])
        else:
            beta1, beta2 = settings["beta1"], settings["beta2"]
            first = beta1 * first + (1 - beta1) * g
            second = beta2 * second + (1 - beta2) * g**2
            m_hat, v_hat = first / (1 - beta1**t), second / (1 - beta2**t)
            theta = theta - alpha * m_hat / (np.sqrt(v_hat) + settings["epsilon"])
        path.append(theta.copy())
    return np.array(path)


@pytest.mark.parametrize(
    ("optimiser", "method", "settings", "hand"),
    [
        (adagrad_descent, "adagrad", {"learning_rate": 2.0}, {"epsilon": 1e-8}),
        (
            rmsprop_descent,
            "rmsprop",
            {"learning_rate": 0.005, "decay": 0.99},
            {"rho": 0.99, "epsilon": 1e-8},
        ),
        (
            adam_descent,
            "adam",
            {"learning_rate": 0.5},
            {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
        ),
    ],
)
def test_adaptive_methods_take_several_features(optimiser, method, settings, hand) -> None:
    X, y = article_data(part=2)
    start = [3.0, 3.0, -1.0]
    history = optimiser(X, y, **settings, w=start[:2], b=start[2], n_epochs=2_000)
    expected = adaptive_by_hand_in_matrix_form(
        X, y, method, settings["learning_rate"], start, 2_000, **hand
    )
    assert history.w.shape == (2_001, 2)
    np.testing.assert_allclose(history.w, expected[:, :2], rtol=0, atol=1e-10)
    np.testing.assert_allclose(history.b, expected[:, 2], rtol=0, atol=1e-10)
