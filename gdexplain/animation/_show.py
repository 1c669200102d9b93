"""Show an animation wherever the code runs: a docs page, a notebook or a terminal.

The lessons end each animation cell with ``show(animation, "name.mp4")``, so
the same file works three ways: built into the site, sphinx-gallery embeds
the animation in the page; in Jupyter it is displayed below the cell; run as
a script, it is saved in the current folder and one line says where.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from gdexplain.animation import sphinx_gallery


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
    if not sphinx_gallery.is_animation(animation):
        raise TypeError(
            "show() needs a DescentAnimation or a matplotlib Animation, "
            f"got {type(animation).__name__}"
        )
    if sphinx_gallery.hand_over(animation):
        return
    ipython = sys.modules.get("IPython")  # never imported here: only if the caller runs in it
    shell = ipython.get_ipython() if ipython is not None else None
    if getattr(shell, "kernel", None) is not None:  # a Jupyter kernel, not a terminal IPython
        from IPython.display import display

        from gdexplain.animation import DescentAnimation

        display(animation if isinstance(animation, DescentAnimation) else _Video(animation))
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


def close_figure(animation: Any) -> None:
    """Close a matplotlib animation's figure, which would also show, as a still, below it."""
    import matplotlib.pyplot as plt

    with contextlib.suppress(Exception):  # _fig is private to matplotlib
        plt.close(animation._fig)


def _bundled_ffmpeg() -> Any:
    """Matplotlib's ffmpeg set to imageio-ffmpeg's, for one save (sphinx-gallery resets it)."""
    import matplotlib as mpl

    from gdexplain.animation import _writers

    return mpl.rc_context({"animation.ffmpeg_path": _writers.ffmpeg()})


class _Video:
    """What Jupyter displays for a matplotlib animation: an HTML5 video."""

    def __init__(self, animation: Any) -> None:
        self.animation = animation

    def _repr_html_(self) -> str:
        with _bundled_ffmpeg():
            html = self.animation.to_html5_video()
        close_figure(self.animation)
        return html
