r"""
Explore it yourself
===================

Change the learning rate, the momentum or the starting point and watch the path
change at once. The widget below is not a video: your browser runs gradient
descent itself, with the same update rule as ``gdexplain.gradient_descent``
(the tests hold the two to the same numbers at every epoch), on data that
Python wrote into the page. Nothing is fetched from anywhere: it works offline,
from a saved page, and in the downloaded notebook.
"""

# %%
# The article's six points
# ------------------------
# Start where the article starts: :math:`\alpha = 0.001` from
# :math:`(w, b) = (3, -1)`, for 12,000 epochs. Drag the learning rate up: the
# crawl along the valley speeds up, until just past
# :math:`\alpha_{\max} = 2/\lambda_{\max} \approx 0.0442` the path zigzags off
# the map and the widget says at which epoch it diverged: the first epoch
# whose cost passes a million times the starting cost, the rule of
# ``gradient_descent(..., allow_divergence=True)``, so the widget and Python
# name the same epoch. Click anywhere on the map to start from there. Under
# the numbers, "What the settings and numbers mean" explains each in a line.

from gdexplain import article_data, explore

# sphinx_gallery_capture_repr = ('_repr_html_',)
# sphinx_gallery_thumbnail_path = "_static/explore_thumb.png"
x, y = article_data()
explore(x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000)

# %%
# Things to try
# -------------
# - **The best fixed step**, :math:`\alpha^* = 2/(\lambda_{\min} + \lambda_{\max})
#   \approx 0.0438`: the predicted rate falls to 0.983 per epoch, and
#   :math:`J - J^*` becomes a straight line on the log axis, falling by
#   rate² = 0.966 per epoch (see
#   `feature scaling <../why_slow/plot_04_feature_scaling.html>`__).
# - **Momentum**: :math:`\beta = 0.687` with :math:`\alpha = 0.0739`, the heavy
#   ball's best settings, reaches the minimum in about a hundred epochs. The
#   stability limit grows with momentum, to
#   :math:`\alpha\lambda_{\max} < 2 + 2\beta`; the ratio
#   :math:`\alpha/\alpha_{\max}` in the widget uses it.
# - **Nesterov** with the same settings diverges on these data; its own best
#   settings are :math:`\alpha = 0.0294`, :math:`\beta = 0.806`.
# - **Method**: AdaGrad, RMSProp or Adam instead of gradient descent or
#   momentum, each with its own settings (see
#   `adaptive steps <../faster/plot_03_adaptive.html>`__). They have no single
#   stability limit, so the widget hides :math:`\alpha/\alpha_{\max}` and the
#   predicted rate for them.
# - **Centre x**: the valley turns into an ellipse with its axes along
#   :math:`w` and :math:`b` (:math:`\kappa` = 4.47 instead of 115), and a
#   step near the new limit reaches the minimum in a few dozen epochs. The
#   map and the numbers are then in the centred coordinates,
#   :math:`\hat y = w (x - \bar x) + b`. Ticking the box converts the
#   starting :math:`b` so that the starting line stays the same (the
#   feature-scaling page instead starts each version from the same numbers,
#   a different line), and the fitted line is drawn over the original
#   :math:`x`.
#
# Each lesson links here with its own settings in the address, such as
# ``../explore/plot_01_explore.html#learning_rate=0.04&w=3&b=-1``; the widget's
# "link to these settings" gives the address of what you see.

# %%
# Points far from zero
# --------------------
# Thirty seeded points with :math:`x` between 20 and 40. Far from
# :math:`x = 0` the intercept and the slope are tangled: the valley is
# about 150 times longer than it is wide (its curvatures differ about
# 22,000 times), and no fixed step gets anywhere along it. Centring x
# untangles them (see
# `feature scaling <../why_slow/plot_04_feature_scaling.html>`__) and raises
# the stability limit many times over, but only a larger step uses it: tick
# "centre x" and raise α with it, towards the new :math:`\alpha_{\max}` that
# the line under the checkboxes gives. Centring alone, at the same small α,
# ends farther from the minimum after 2,000 epochs than not centring at all.

import numpy as np

rng = np.random.default_rng(2024)
x_far = rng.uniform(20.0, 40.0, size=30)
y_far = 0.8 * x_far + 5.0 + rng.normal(0.0, 3.0, size=30)
explore(x_far, y_far, learning_rate=0.0005, w=0.0, b=0.0, n_epochs=2_000)

# %%
# On your own data
# ----------------
# In a notebook, the same call on your own points shows the widget under the
# cell; no kernel is needed once it is drawn. To share it, save it as a page
# of its own::
#
#     explore(my_x, my_y).save("explorer.html")
