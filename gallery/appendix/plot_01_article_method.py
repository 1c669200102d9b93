"""
The article's method: celluloid snapshots
=========================================

The article this tutorial follows, Tobias Roeschl's `Gradient Descent
Animation: 1. Simple linear regression
<https://towardsdatascience.com/gradient-descent-animation-1-simple-linear-regression-e49315b24672>`_
(Towards Data Science), made its animations with celluloid: draw the whole
figure for every frame, take a snapshot, and let matplotlib replay the
snapshots. This page runs that loop on the article's run, and times it
against gdexplain on the same frames.

To run this page yourself: ``pip install "gdexplain[benchmark]"`` (the extra
installs celluloid).
"""

# %%
# The article's run and its frames
# --------------------------------
# The article's run, every eighth of the 120 frames it is shown in (epochs 0
# to 10,500; fewer frames keep this page quick to build), and matplotlib's
# ffmpeg writer pointed at the ffmpeg program imageio-ffmpeg installs.

import tempfile
import time
from pathlib import Path

import imageio_ffmpeg
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from celluloid import Camera

from gdexplain import article_data, frame_schedule, gradient_descent
from gdexplain.animation import style

x, y = article_data()
history = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
epochs = frame_schedule(12_000)[::8]
folder = Path(tempfile.mkdtemp())
mpl.rcParams["animation.ffmpeg_path"] = imageio_ffmpeg.get_ffmpeg_exe()
# Jupyter is told to show a matplotlib animation as an HTML5 video.
mpl.rcParams["animation.html"] = "html5"

# %%
# The snapshot loop
# -----------------
# celluloid's ``Camera`` watches a figure; each ``snap()`` records the artists
# added since the last one, and ``animate()`` builds a matplotlib
# ``ArtistAnimation`` that shows one snapshot per frame. Two changes make the
# article's code run on current matplotlib: the axes are made once, before
# the loop (``add_subplot`` inside it now adds new axes every frame), and the
# numbers are a text artist, because a title is not snapshotted. The clock
# runs from the empty figure to the finished MP4.

from gdexplain import show

start = time.perf_counter()
# A phone's width, so its text stays readable there.
figure, ax = plt.subplots(figsize=(4.5, 3.6), layout="constrained")
ax.set(xlim=(-3, 10), ylim=(-25, 35), xlabel="$x$", ylabel="$y$")
line_x = np.array([-3.0, 10.0])
camera = Camera(figure)
for epoch in epochs:
    state = history.at(int(epoch))
    ax.scatter(x, y, color=style.DATA, zorder=3)
    ax.plot(line_x, state.w * line_x + state.b, color=style.CURRENT, lw=2)
    numbers = f"epoch {state.epoch:,}   w = {state.w:.4f}   b = {state.b:.4f}"
    ax.text(0.02, 0.94, numbers, transform=ax.transAxes)
    camera.snap()
snapshots = camera.animate(interval=1000 / 6)
snapshots.save(folder / "celluloid.mp4", writer="ffmpeg")
celluloid_seconds = time.perf_counter() - start
print(f"celluloid, {len(epochs)} frames: {celluloid_seconds:.2f} s")
show(snapshots, "celluloid.mp4")

# %%
# The same frames with gdexplain
# ------------------------------
# ``gdexplain.animate_fit`` draws a richer figure (the data and the line,
# and :math:`w`, :math:`b` and :math:`J` against epoch) from the same run, on
# the same frames, at the same frame rate:

import shutil

from gdexplain import animate_fit

start = time.perf_counter()
animate_fit(history, epochs=epochs, fps=6).save(folder / "gdexplain.mp4")
gdexplain_seconds = time.perf_counter() - start
print(f"gdexplain, {len(epochs)} frames: {gdexplain_seconds:.2f} s")
print(
    f"the snapshot method took {celluloid_seconds / gdexplain_seconds:.1f}x as long"
)
shutil.rmtree(folder)

# %%
# What the method costs
# ---------------------
# Two costs grow with the number of frames. **Time**: to save, matplotlib
# shows one snapshot at a time and redraws the *whole* figure, axes, ticks,
# labels, data and all, for every frame. **Memory**: every artist of every
# frame is created before the first frame is saved and kept until the
# animation is gone.
#
# gdexplain draws the static scene once (data, axes, contour lines, surface),
# keeps its pixels, and for each frame restores them, draws only the few
# artists that move and hands the pixels to the encoder: one frame is in
# memory at a time. With this few frames, much of its time is fixed set-up
# (building the figure, starting ffmpeg), so the gap widens with the frame
# count and with heavier scenes like the 3D surface.
# ``benchmarks/render_speed.py`` in the repository measures every kind of
# animation at 120 and 1,200 frames against matplotlib's own
# ``FuncAnimation.save`` and this method.

# %%
# Explore it yourself
# -------------------
# The `explorer <../explore/plot_01_explore.html#learning_rate=0.001&w=3&b=-1&n_epochs=12000>`_ opens with the article's run: change the
# learning rate, the start (click the map), the momentum or the number of epochs
# and watch the path change at once.
