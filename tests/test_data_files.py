"""Your data from a file: `read_csv` and `gdexplain train/animate --data FILE.csv`."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from gdexplain import article_data, least_squares
from gdexplain.cli import main
from gdexplain.data import read_csv

#: The article's part 2, as published: its final weights, intercept and cost.
PUBLISHED = {"x1": -6.75922888, "x2": -2.07075472, "b": 7.23420837, "J": 75.63518594}


def write(folder: Path, text: str, name: str = "points.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def part_2_file(folder: Path) -> Path:
    X, y = article_data(part=2)
    rows = [f"{a:g},{b:g},{t:g}" for (a, b), t in zip(X, y, strict=True)]
    return write(folder, "\n".join(["x1,x2,y", *rows]) + "\n")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_a_file_reads_as_the_features_and_the_last_column_as_target(tmp_path) -> None:
    data = read_csv(part_2_file(tmp_path))
    X, y = article_data(part=2)
    assert data.features == ("x1", "x2")
    assert data.target == "y"
    assert_allclose(data.x, X)
    assert_allclose(data.y, y)


def test_target_chooses_any_column_and_one_feature_stays_one_dimensional(tmp_path) -> None:
    path = write(tmp_path, "y, x\n4,1\n-12,2\n\n3,4\n")
    data = read_csv(path, target="y")
    assert (data.features, data.target) == (("x",), "y")
    assert data.x.tolist() == [1.0, 2.0, 4.0]
    assert data.y.tolist() == [4.0, -12.0, 3.0]


def test_train_on_the_part_2_file_prints_the_published_answer(capsys, tmp_path) -> None:
    status, out, err = run(
        capsys, "train", "--data", str(part_2_file(tmp_path)), "--epochs", "100000"
    )
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[1].split() == ["x1", "x2", "b", "J"]
    for row in ("trained", "closed form"):
        numbers = [
            float(word)
            for word in next(line for line in lines if line.startswith(row)).split()[-4:]
        ]
        assert numbers == pytest.approx(list(PUBLISHED.values()), abs=1e-8)
    assert "within" in lines[-1]


def test_a_short_run_says_how_far_it_is_and_how_many_epochs_would_do(capsys, tmp_path) -> None:
    status, out, _ = run(capsys, "train", "--data", str(part_2_file(tmp_path)))
    assert status == 0
    closed_form = out.splitlines()[4].split()[-4:]
    assert [float(word) for word in closed_form] == pytest.approx(
        list(PUBLISHED.values()), abs=1e-8
    )
    assert out.splitlines()[-1].endswith("gets within 1e-6 at epoch 52,621 (--epochs 52621)")


def test_a_one_feature_file_trains_and_animates_like_the_article(capsys, tmp_path) -> None:
    x, y = article_data()
    path = write(tmp_path, "x,y\n" + "".join(f"{a:g},{b:g}\n" for a, b in zip(x, y, strict=True)))
    status, out, _ = run(capsys, "train", "--data", str(path), "--epochs", "20000")
    assert status == 0
    w_star, b_star = least_squares(x, y)
    closed = [float(word) for word in out.splitlines()[4].split()[-3:-1]]
    assert closed == pytest.approx([w_star, b_star], abs=1e-8)
    video = tmp_path / "fit.gif"
    argv = ["animate", "fit", "-o", str(video), "--data", str(path), "--epochs", "10"]
    status, out, err = run(capsys, *argv, "--breakpoints", "--steps", "5", "--dpi", "20")
    assert (status, err) == (0, "")
    assert video.stat().st_size > 0


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        ("x1,x2,y\n1,2,3\n4,five,6\n", [], "line 3, column 'x2': 'five' is not a number"),
        ("x1,x2,y\n1,2,3\n4,5\n", [], "line 3: 2 values, but the header has 3 columns"),
        ("x1,x2,y\n1,2,3\n4,nan,6\n", [], "line 3, column 'x2': 'nan' is not a finite number"),
        ("x1,x2,y\n", [], "has a header row but no data rows"),
        ("", [], "is empty: expected a header row"),
        (
            "x1,x2,y\n1,2,3\n",
            ["--target", "price"],
            "no column named 'price' (its columns: x1, x2, y)",
        ),
        ("y\n1\n2\n", [], "the header row has 1 column"),
        ("x,x,y\n1,2,3\n", [], "the header row repeats 'x'"),
    ],
)
@pytest.mark.parametrize("command", ["train", "animate"])
def test_a_bad_file_is_one_line_naming_the_place_and_exit_2(
    capsys, tmp_path, text, options, message, command
) -> None:
    path = write(tmp_path, text)
    output = tmp_path / "out.gif"
    argv = [command, *(["fit", "-o", str(output)] if command == "animate" else [])]
    status, out, err = run(capsys, *argv, "--data", str(path), *options)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert not output.exists()


def test_collinear_columns_are_one_line_naming_them(capsys, tmp_path) -> None:
    path = write(tmp_path, "x1,x2,y\n1,2,3\n2,4,6\n3,6,8\n")
    status, out, err = run(capsys, "train", "--data", str(path))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert "columns 0, 1 of x are collinear" in err


def test_a_missing_file_and_a_target_without_data_are_usage_errors(capsys, tmp_path) -> None:
    status, _, err = run(capsys, "train", "--data", str(tmp_path / "nowhere.csv"))
    assert status == 2
    assert "nowhere.csv" in err
    status, _, err = run(capsys, "train", "--target", "y")
    assert status == 2
    assert "--target names a column of --data FILE.csv" in err


@pytest.mark.parametrize("kind", ["plane", "contour", "fit", "slices", "surface"])
def test_a_two_feature_file_animates_with_the_kinds_that_draw_it(capsys, tmp_path, kind) -> None:
    output = tmp_path / f"{kind}.mp4"
    argv = ["animate", kind, "-o", str(output), "--data", str(part_2_file(tmp_path))]
    status, out, err = run(capsys, *argv, "--epochs", "40", "--dpi", "20", "--w", "3")
    assert (status, err) == (0, "")
    assert output.stat().st_size > 0
    assert re.fullmatch(
        r"last frame: epoch \d+, w = \(-?[\d.]+, -?[\d.]+\), b = -?[\d.]+, J = [\d.]+",
        out.splitlines()[1],
    )


def test_the_plane_of_a_two_feature_file_ends_where_an_independent_loop_does(
    capsys, tmp_path
) -> None:
    output = tmp_path / "plane.mp4"
    argv = ["animate", "plane", "-o", str(output), "--data", str(part_2_file(tmp_path))]
    status, out, _ = run(capsys, *argv, "--epochs", "40", "--endpoint", "--dpi", "20", "--w", "3")
    assert status == 0
    X, y = article_data(part=2)
    theta = np.array([3.0, 3.0, -1.0])
    for _ in range(40):
        residual = X @ theta[:2] + theta[2] - y
        theta = theta - 0.001 * (2 / 6) * np.append(X.T @ residual, residual.sum())
    cost = float(np.mean((X @ theta[:2] + theta[2] - y) ** 2))
    assert out.splitlines()[1] == (
        f"last frame: epoch 40, w = ({theta[0]:.6f}, {theta[1]:.6f}), b = {theta[2]:.6f}, "
        f"J = {cost:.6f}"
    )


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (
            "gradient",
            "part 2",
            (
                "the gradient animation draws runs with one feature; {file} has 2 feature "
                "columns (x1, x2)"
            ),
        ),
        (
            "plane",
            "three",
            (
                "the plane animation draws runs with exactly 2 features; {file} has 3 feature "
                "columns (a, b, c)"
            ),
        ),
        (
            "plane",
            None,
            (
                "the plane animation draws runs with exactly 2 features; the article's data "
                "has 1 feature (give --data FILE.csv)"
            ),
        ),
    ],
)
def test_a_kind_that_cannot_draw_the_runs_features_is_one_line_exit_2_before_training(
    capsys, tmp_path, kind, data, message
) -> None:
    output = tmp_path / f"{kind}.mp4"
    files = {
        "part 2": part_2_file(tmp_path),
        "three": write(tmp_path, "a,b,c,y\n1,2,0,3\n4,5,1,6\n7,9,3,1\n2,2,2,8\n", "three.csv"),
    }
    extra = [] if data is None else ["--data", str(files[data])]
    status, out, err = run(capsys, "animate", kind, "-o", str(output), *extra)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    expected = message.format(file=files[data] if data else "")
    assert err == f"gdexplain animate: error: {expected}\n"
    assert not output.exists()


def test_a_batch_larger_than_the_file_is_refused_naming_its_size(capsys, tmp_path) -> None:
    status, _, err = run(
        capsys, "train", "--data", str(part_2_file(tmp_path)), "--batch-size", "7"
    )
    assert status == 2
    assert "at most the number of points 6" in err


def test_stochastic_descent_on_a_file_with_the_whole_batch_is_batch_descent(
    capsys, tmp_path
) -> None:
    path = str(part_2_file(tmp_path))
    _, batch, _ = run(capsys, "train", "--data", path, "--epochs", "300")
    _, whole, _ = run(capsys, "train", "--data", path, "--epochs", "300", "--batch-size", "6")
    trained = [
        next(line for line in text.splitlines() if line.startswith("trained"))
        for text in (batch, whole)
    ]
    assert trained[0] == trained[1]
    assert np.isfinite([float(word) for word in trained[0].split()[1:]]).all()


def rst_block(text: str, opening: str) -> list[str]:
    """The lines of the indented block after ``opening`` in an rST page, unindented."""
    lines = text.splitlines()
    start = lines.index(opening) + 2
    block = []
    for line in lines[start:]:
        if line and not line.startswith("   "):
            break
        block.append(line[3:])
    return [line for line in block if line.strip()]


def test_the_own_data_page_shows_the_file_and_the_commands_real_output(
    capsys, tmp_path, monkeypatch
) -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "own_data.rst").read_text("utf-8")
    csv_lines = rst_block(page, ".. code-block:: text")
    (tmp_path / "points.csv").write_text("\n".join(csv_lines) + "\n", encoding="utf-8")
    data = read_csv(tmp_path / "points.csv")
    X, y = article_data(part=2)
    assert_allclose(data.x, X)
    assert_allclose(data.y, y)
    session = rst_block(page, ".. code-block:: console")
    command, shown = session[0].removeprefix("$ ").split(), session[1:]
    assert command[:2] == ["gdexplain", "train"]
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, *command[1:])
    assert status == 0
    assert [line.split() for line in out.splitlines()] == [line.split() for line in shown]
