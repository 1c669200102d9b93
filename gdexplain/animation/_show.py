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
    display = _jupyter_display()
    if display is not None:
        display(_Displayable(animation))
        return
    path = Path(filename)
    save(animation, path)
    size = round(path.stat().st_size / 1000)
    print(f"saved {path.name} ({size} kB) in {path.resolve().parent}")


def save(animation: Any, path: Path) -> Path:
    """Save a :class:`DescentAnimation`, or a matplotlib ``Animation`` as H.264 MP4, to ``path``."""
    from gdexplain.animation import DescentAnimation

    if isinstance(animation, DescentAnimation):
        return animation.save(path)
    if path.suffix.lower() != ".mp4":
        raise ValueError(f"a matplotlib animation is saved as .mp4 here, got {path.name!r}")
    with _bundled_ffmpeg():
        animation.save(path, writer="ffmpeg", codec="h264", extra_args=["-movflags", "+faststart"])
    return path


def _bundled_ffmpeg() -> Any:
    """Matplotlib's ffmpeg set to imageio-ffmpeg's, for one save only (sphinx-gallery resets rcParams)."""
    import imageio_ffmpeg
    import matplotlib as mpl

    return mpl.rc_context({"animation.ffmpeg_path": imageio_ffmpeg.get_ffmpeg_exe()})


def _jupyter_display() -> Any:
    """IPython's ``display`` inside a Jupyter kernel; None elsewhere (a terminal IPython too)."""
    ipython = sys.modules.get("IPython")  # never imported here: only if the caller runs in it
    shell = ipython.get_ipython() if ipython is not None else None
    if getattr(shell, "kernel", None) is None:
        return None
    from IPython.display import display

    return display


class _Displayable:
    """What Jupyter displays: the animation as an HTML5 video."""

    def __init__(self, animation: Any) -> None:
        self.animation = animation

    def _repr_html_(self) -> str:
        from gdexplain.animation import DescentAnimation

        if isinstance(self.animation, DescentAnimation):
            return self.animation._repr_html_()
        with _bundled_ffmpeg():
            html = self.animation.to_html5_video()
        # The figure itself would otherwise also show, as a still, below the video.
        with contextlib.suppress(Exception):
            import matplotlib.pyplot as plt

            plt.close(self.animation._fig)
        return html
