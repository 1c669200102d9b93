"""The lessons as a reader downloads them: scripts that save their animations, clean notebooks.

Each gallery page offers its script and a notebook. Run in an empty folder, the script must
exit cleanly and leave there the animations the page shows (``gdexplain.show`` saves them);
the notebook's text must read as Markdown, with no reST left over.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import example_page
from test_site import download_links, frame_count, video_file, videos

pytestmark = pytest.mark.site

# reST that sphinx-gallery leaves as it is in a notebook's Markdown: roles other than
# :math: (which becomes $...$), directives, and `text <target>`_ links it did not convert.
RAW_REST = {
    "a role": re.compile(r":[a-z]+(?::[a-z]+)?:`"),
    "a directive": re.compile(r"^\s*\.\. [a-z][\w-]*::", re.MULTILINE),
    "a reST link": re.compile(r"`[^`]*<[^`>]+>`__?"),
}
SAVED_LINE = re.compile(r"^saved (\S+\.mp4) \((\d+) kB\) in (.+)$", re.MULTILINE)


def test_downloaded_script_saves_its_animations_in_an_empty_folder(
    built_site: Path, script: Path, tmp_path: Path
) -> None:
    page = example_page(script)
    downloaded = download_links(built_site, page)[f"{script.stem}.py"]
    result = subprocess.run(
        [sys.executable, str(downloaded)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MPLBACKEND": "Agg"},
        timeout=900,  # a guard against a hang, not a speed check
    )
    assert result.returncode == 0, f"{downloaded.name} failed:\n{result.stderr[-3000:]}"
    saved = SAVED_LINE.findall(result.stdout)
    assert all(Path(folder) == tmp_path for _, _, folder in saved), saved
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(name for name, _, _ in saved), (written, result.stdout)
    # The same animations as the page, in the same order: compared by their frame counts.
    on_page = [frame_count(video_file(built_site, page, v)) for v in videos(built_site, page)]
    assert [frame_count(tmp_path / name) for name, _, _ in saved] == on_page


def test_downloaded_notebook_text_has_no_raw_rest(built_site: Path, script: Path) -> None:
    notebook = download_links(built_site, example_page(script))[f"{script.stem}.ipynb"]
    parsed = nbformat.read(notebook, as_version=nbformat.NO_CONVERT)
    text = "\n".join(cell.source for cell in parsed.cells if cell.cell_type == "markdown")
    found = {
        what: pattern.findall(text)[:3]
        for what, pattern in RAW_REST.items()
        if pattern.search(text)
    }
    assert not found, f"{notebook.name} shows reST as text: {found}"
