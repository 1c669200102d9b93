r"""
The article's method: celluloid snapshots
=========================================

The article this tutorial follows made its animations with celluloid: draw the
whole figure for every frame, take a snapshot, and let matplotlib replay the
snapshots. This page runs that method, times it against gdexplain on the same
frames, and explains why the package draws differently.
"""

# %%
# The snapshot loop
# -----------------
# celluloid's ``Camera`` watches a figure; each ``snap()`` records the artists
# added since the last one, and ``animate()`` builds a matplotlib
# ``ArtistAnimation`` that shows one snapshot per frame:
#
# .. code-block:: python
#
#    camera = Camera(figure)  # the axes exist before the loop
#    for epoch in epochs:
#        ax.scatter(x, y)  # everything, again, every frame
#        ax.plot(xs, w[epoch] * xs + b[epoch])
#        ax.text(0.02, 0.95, f"epoch {epoch}", transform=ax.transAxes)
#        camera.snap()
#    animation = camera.animate()
#
# Two changes make the article's code run on current matplotlib. It created
# its axes inside the loop, and ``add_subplot`` now adds a new axes on every
# call, so they pile up; here they are made once, before it. And a title is
# not snapshotted (every frame would show the last one), so the epoch and the
# values are text artists. This function draws the article's first
# animation that way, with the same colours and limits as
# :func:`gdexplain.animate_fit`:
# :func:`~gdexplain.animation.article_method.snapshot_animation`.

# %%
# What it costs
# -------------
# Both methods turn the same run into an MP4 of the same frames, played at 6
# frames per second; every fourth frame of the article's schedule keeps this
# page quick to build. The clock runs from the history to the finished file.

import tempfile
import time
from pathlib import Path

import imageio_ffmpeg
import matplotlib as mpl

from gdexplain import (
    animate_fit,
    article_data,
    frame_schedule,
    gradient_descent,
)
from gdexplain.animation.article_method import snapshot_animation

x, y = article_data()
history = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
frames = frame_schedule(12_000)[::4]
scratch = tempfile.TemporaryDirectory()  # both videos go here, then away
folder = Path(scratch.name)
# matplotlib's ffmpeg writer, pointed at the binary imageio-ffmpeg ships;
# and Jupyter told to show a matplotlib animation as an HTML5 video.
mpl.rcParams["animation.ffmpeg_path"] = imageio_ffmpeg.get_ffmpeg_exe()
mpl.rcParams["animation.html"] = "html5"

start = time.perf_counter()
movie = snapshot_animation(history, "fit", epochs=frames, fps=6)
movie.save(folder / "celluloid.mp4", writer="ffmpeg")
celluloid_seconds = time.perf_counter() - start

start = time.perf_counter()
animate_fit(history, epochs=frames, fps=6).save(folder / "gdexplain.mp4")
gdexplain_seconds = time.perf_counter() - start

print(f"{len(frames)} frames, epochs {frames[0]} to {frames[-1]}")
print(f"celluloid snapshots: {celluloid_seconds:6.2f} s")
print(f"gdexplain:           {gdexplain_seconds:6.2f} s")
print(f"ratio:               {celluloid_seconds / gdexplain_seconds:6.1f}x")
scratch.cleanup()

# %%
# With this few frames, much of gdexplain's time is fixed set-up: building
# the figure and starting ffmpeg. The snapshot method pays per frame, so the
# ratio grows with the frame count and with heavier scenes.

# %%
# The result looks like gdexplain's fit animation, frame for frame:

movie

# %%
# Why gdexplain draws differently
# -------------------------------
# Two costs grow with the number of frames. **Time**: to save, matplotlib
# shows one snapshot and redraws the *whole* figure, axes, ticks, labels,
# data and all, for every frame. **Memory**: every artist of every frame is
# created before the first frame is saved and kept until the animation is
# gone, so memory grows with the frame count.
#
# gdexplain draws the static scene once (data, axes, contour lines,
# surface), keeps its pixels, and for each frame restores them, draws only
# the few artists that move and pipes the pixels straight to ffmpeg. One
# frame is in memory at a time, and the gap widens with the frame count and
# with heavier scenes like the 3D surface: ``benchmarks/render_speed.py`` in
# the repository measures all four animations at 120 and 1,200 frames.
