"""Packaging: each dependency listed once, one version source, a license."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

import gdexplain

ROOT = Path(__file__).parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def requirement_name(requirement: str) -> str:
    """The normalised package name a requirement string starts with."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group()).lower()


def test_every_dependency_is_listed_once() -> None:
    project = PROJECT["project"]
    lists = [project["dependencies"], *project["optional-dependencies"].values()]
    names = [requirement_name(r) for group in lists for r in group]
    others = [name for name in names if name != "gdexplain"]  # extras including extras
    assert len(others) == len(set(others)), sorted(n for n in others if others.count(n) > 1)


def test_celluloid_is_not_needed_to_run_the_package() -> None:
    runtime = {requirement_name(r) for r in PROJECT["project"]["dependencies"]}
    assert "celluloid" not in runtime


def test_the_version_has_one_source() -> None:
    assert "version" not in PROJECT["project"]
    assert PROJECT["project"]["dynamic"] == ["version"]
    assert PROJECT["tool"]["hatch"]["version"]["path"] == "gdexplain/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+", gdexplain.__version__)


def test_the_license_is_bsd_3_clause_and_shipped() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("BSD 3-Clause License")
    assert "Copyright (c) 2026, gdexplain developers" in text
    assert PROJECT["project"]["license"] == "BSD-3-Clause"
    assert PROJECT["project"]["license-files"] == ["LICENSE"]


def test_the_katex_that_styles_the_formulas_is_the_one_that_renders_them() -> None:
    """docs/package.json's KaTeX (style sheet, fonts) is the one sphinxcontrib-katex bundles."""
    package = ROOT / "docs" / "package.json"
    if not package.is_file():
        pytest.skip("no docs/ here (the sdist ships the tests, not the docs)")
    katex = pytest.importorskip("sphinxcontrib.katex", reason="the docs extra is not installed")
    wanted = json.loads(package.read_text(encoding="utf-8"))["dependencies"]["katex"]
    locked = json.loads((ROOT / "docs" / "package-lock.json").read_text(encoding="utf-8"))
    assert wanted == katex.katex_version
    assert locked["packages"]["node_modules/katex"]["version"] == katex.katex_version
