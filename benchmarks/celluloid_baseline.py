"""The article's method as a benchmark baseline: celluloid snapshots of gdexplain's figure.

For every frame, gdexplain's update moves the artists; a copy of each is added
to its axes and ``celluloid.Camera`` snaps them. ``ArtistAnimation`` then
replays the snapshots, redrawing the whole figure for every frame, and every
frame's copies stay in memory until the animation is gone.
"""

from __future__ import annotations

import copy

from celluloid import Camera
from matplotlib.animation import ArtistAnimation

from gdexplain.animation import DescentAnimation


def snapshot_animation(animation: DescentAnimation) -> ArtistAnimation:
    """The frames of ``animation`` as celluloid snapshots, replayed at its frame rate."""
    figure = animation.figure
    for ax in figure.axes:
        # Camera.snap adds each axes' legend to it again at every snapshot, so a
        # frame would draw it once per frame so far: kept as one static artist.
        if ax.legend_ is not None:
            ax.add_artist(ax.legend_)
            ax.legend_ = None
    camera = Camera(figure)
    camera.snap()  # the static scene: shown in every frame, so it is no frame's snapshot
    snapshots = []
    for i in range(len(animation)):
        for artist in animation.draw_frame(i):
            artist.axes.add_artist(copy.copy(artist))
        snapshots.append(camera.snap())
    for artist in animation.draw_frame(-1):  # gdexplain's own moving artists
        artist.set_visible(False)
    return ArtistAnimation(figure, snapshots, interval=1000 / animation.fps)
