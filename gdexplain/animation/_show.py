"""Show an animation wherever the code runs: a window, a notebook, a docs page or a terminal.

The lessons bind each animation to a name and call ``show(animation, "name.mp4")``,
so the same file works four ways, as a matplotlib example does: with an interactive
backend a window plays it; in Jupyter it is displayed below the cell; built into
the site, sphinx-gallery finds it by its name and embeds it; run headless, it is
saved in the current folder and one line says where.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any


def show(animation: Any, filename: str | os.PathLike[str] | None = None) -> None:
    """Show an animation: play it in a window or in Jupyter, leave it to the docs, or save it.

    Parameters
    ----------
    animation : DescentAnimation or matplotlib.animation.Animation
        What to show: one of gdexplain's animations, or any matplotlib
        animation (celluloid's, for instance).
    filename : str or path-like, optional
        Where a headless script saves it, relative to the current folder; its
        suffix chooses the format (``.mp4``; a :class:`DescentAnimation` also
        writes ``.gif`` and ``.html``). By default ``NAME.mp4`` after what a
        :class:`DescentAnimation` shows (``fit.mp4``), else ``animation.mp4``.

    Raises
    ------
    TypeError
        If ``animation`` is not a matplotlib animation.

    Notes
    -----
    Where it runs decides: a Jupyter kernel displays an HTML5 video; under
    sphinx-gallery (``show`` called from its example runner) nothing happens here,
    the gallery's scraper embeds the animation bound to a module-level name;
    an interactive backend calls ``plt.show()``, which plays it; otherwise
    (Agg, no screen) it is saved.

    Examples
    --------
    Run as a script without a screen, in an empty folder:

    >>> import contextlib, tempfile
    >>> from gdexplain import animate_fit, article_data, gradient_descent, show
    >>> x, y = article_data()
    >>> fit = animate_fit(gradient_descent(x, y, learning_rate=0.001, n_epochs=60), dpi=20)
    >>> with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
    ...     show(fit, "fit.mp4")  # doctest: +ELLIPSIS
    saved fit.mp4 (... kB) in ...
    """
    import matplotlib.pyplot as plt
    from matplotlib.animation import Animation

    from gdexplain.animation._engine import DescentAnimation, bundled_ffmpeg

    if not isinstance(animation, Animation):
        raise TypeError(f"show() needs a matplotlib Animation, got {type(animation).__name__}")
    ipython = sys.modules.get("IPython")  # never imported here: only if the caller runs in it
    shell = ipython.get_ipython() if ipython is not None else None
    if getattr(shell, "kernel", None) is not None:  # a Jupyter kernel, not a terminal IPython
        from IPython.display import HTML, display

        with bundled_ffmpeg():
            display(HTML(animation.to_html5_video()))
        plt.close(animation._fig)  # type: ignore[attr-defined]  # else Jupyter shows a still too
        return
    if _run_by_sphinx_gallery():
        return
    if type(animation._fig.canvas).required_interactive_framework is not None:  # type: ignore[attr-defined]
        plt.show()
        return
    default = (
        f"{animation.name}.mp4" if isinstance(animation, DescentAnimation) else "animation.mp4"
    )
    path = Path(default if filename is None else filename)
    save(animation, path)
    print(f"saved {path.name} ({round(path.stat().st_size / 1000)} kB) in {path.resolve().parent}")


def save(animation: Any, path: Path) -> Path:
    """Save a :class:`DescentAnimation`, or a matplotlib ``Animation`` as H.264 MP4."""
    import matplotlib.pyplot as plt

    from gdexplain.animation import _writers
    from gdexplain.animation._engine import DescentAnimation, bundled_ffmpeg

    if isinstance(animation, DescentAnimation):
        return animation.save(path)
    if path.suffix.lower() != ".mp4":
        raise ValueError(f"a matplotlib animation is saved as .mp4 here, got {path.name!r}")
    with bundled_ffmpeg():
        # gdexplain's own encoder settings: matplotlib leaves x264 at its slower defaults.
        animation.save(path, writer="ffmpeg", codec="h264", extra_args=_writers.MP4_OPTIONS)
    plt.close(animation._fig)
    return path


def _run_by_sphinx_gallery() -> bool:
    """Whether the caller is a script sphinx-gallery is running (its runner is on the stack).

    The gallery's scrapers then embed the animations the script binds to names; a
    file saved here would land in the sources.
    """
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith("sphinx_gallery."):
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False
