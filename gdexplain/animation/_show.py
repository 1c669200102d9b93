"""Show an animation wherever the code runs: a docs page, a notebook or a terminal.

The lessons end each animation cell with ``show(animation, "name.mp4")``, so
the same file works three ways: built into the site, the animation is embedded
in the page; in Jupyter it is displayed below the cell; run as a script, it is
saved in the current folder and one line says where.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

#: While the docs build runs a gallery example, the list :func:`show` hands its
#: animations to, for the site's scraper (``docs/_ext/animation_scraper.py``)
#: to embed; None otherwise.
gallery_queue: list[Any] | None = None


def show(animation: Any, filename: str | os.PathLike[str]) -> None:
    """Show an animation: embed it in the docs, display it in Jupyter or save it.

    Parameters
    ----------
    animation : DescentAnimation or matplotlib.animation.Animation
        What to show: one of gdexplain's animations, or any matplotlib
        animation (celluloid's, for instance).
    filename : str or path-like
        Where a script saves it, relative to the current folder; its suffix
        chooses the format (``.mp4``; a :class:`DescentAnimation` also writes
        ``.gif`` and ``.html``). Unused in the docs and in Jupyter.

    Raises
    ------
    TypeError
        If ``animation`` is not an animation.

    Examples
    --------
    Run as a script, in an empty folder:

    >>> import contextlib, tempfile
    >>> from gdexplain import animate_fit, article_data, gradient_descent, show
    >>> x, y = article_data()
    >>> fit = animate_fit(gradient_descent(x, y, learning_rate=0.001, n_epochs=60), dpi=20)
    >>> with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
    ...     show(fit, "fit.mp4")  # doctest: +ELLIPSIS
    saved fit.mp4 (... kB) in ...
    """
    from matplotlib.animation import Animation

    from gdexplain.animation import DescentAnimation

    if not isinstance(animation, DescentAnimation | Animation):
        raise TypeError(
            "show() needs a DescentAnimation or a matplotlib Animation, "
            f"got {type(animation).__name__}"
        )
    if gallery_queue is not None:
        gallery_queue.append(animation)
        return
    ipython = sys.modules.get("IPython")  # never imported here: only if the caller runs in it
    shell = ipython.get_ipython() if ipython is not None else None
    if getattr(shell, "kernel", None) is not None:  # a Jupyter kernel, not a terminal IPython
        from IPython.display import HTML, display

        display(animation if isinstance(animation, DescentAnimation) else HTML(_video(animation)))
        return
    path = Path(filename)
    save(animation, path)
    print(f"saved {path.name} ({round(path.stat().st_size / 1000)} kB) in {path.resolve().parent}")


def save(animation: Any, path: Path) -> Path:
    """Save a :class:`DescentAnimation`, or a matplotlib ``Animation`` as H.264 MP4."""
    from gdexplain.animation import DescentAnimation

    if isinstance(animation, DescentAnimation):
        return animation.save(path)
    if path.suffix.lower() != ".mp4":
        raise ValueError(f"a matplotlib animation is saved as .mp4 here, got {path.name!r}")
    with _bundled_ffmpeg():
        animation.save(path, writer="ffmpeg", codec="h264", extra_args=["-movflags", "+faststart"])
    return path


def _video(animation: Any) -> str:
    """A matplotlib animation as an HTML5 video; its figure closed, else Jupyter shows a still."""
    import matplotlib.pyplot as plt

    with _bundled_ffmpeg():
        video = animation.to_html5_video()
    plt.close(animation._fig)
    return video


def _bundled_ffmpeg() -> Any:
    """Matplotlib's ffmpeg set to imageio-ffmpeg's, for one save (sphinx-gallery resets it)."""
    import matplotlib as mpl

    from gdexplain.animation import _writers

    return mpl.rc_context({"animation.ffmpeg_path": _writers.ffmpeg()})
