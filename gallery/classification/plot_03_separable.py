r"""
Separable data: weights that never stop growing
===============================================

When one threshold splits the two classes perfectly, the cross-entropy has
no lowest point: it keeps falling as the weight grows, forever. This page
shows that on twelve students, runs gradient descent and watches
:math:`w` grow while :math:`J` falls towards 0, lets ``optimum`` refuse the
data by name, says what that does to the classifier's probabilities, and
adds a penalty on :math:`w` that gives the cost a minimum again. To run
this page yourself: ``pip install "gdexplain[examples]"`` (the extra
installs scikit-learn, used for one cross-check).
"""

# %%
# Data a threshold splits perfectly
# ---------------------------------
# Twelve made-up students: everyone who studied 3 hours or less failed
# (label :math:`y = 0`), everyone who studied 4 hours or more passed
# (:math:`y = 1`). Any threshold between 3 and 4 hours puts every student on
# their own class's side. Data like this are called *linearly separable*:
# with one feature a single threshold separates the classes, with two
# features a straight line in the plane, with more a flat plane.

import numpy as np

x = np.array([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5])
y = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], dtype=float)
print("hours studied:", x)
print("passed:       ", y)
print(f"most hours of a fail: {x[y == 0].max()}")
print(f"fewest hours of a pass: {x[y == 1].min()}")

# %%
# Why the cost has no minimum
# ---------------------------
# The model is the one of this section: the *score* :math:`z = w x + b`,
# turned into a probability of passing by the *sigmoid*
# :math:`p = \sigma(z) = 1/(1 + e^{-z})`, and the *cross-entropy*
#
# .. math::
#
#    J(w, b) = -\frac{1}{n}\sum_{i=1}^{n}
#    \bigl[y_i \log p_i + (1 - y_i)\log(1 - p_i)\bigr],
#
# in which each student's term is :math:`-\log` of the probability the
# model gave to what really happened: 0 only if that probability is 1.
#
# Take the threshold :math:`t = 3.5` hours and the lines
# :math:`w = c,\ b = -c\,t`, whose score :math:`c\,(x - t)` is positive for
# every pass and negative for every fail. As :math:`c` grows, every pass's
# :math:`p` goes to 1 and every fail's to 0: every term, and so :math:`J`,
# goes to 0. But no finite :math:`(w, b)` reaches :math:`J = 0`, since
# :math:`\sigma(z)` is never exactly 0 or 1. The cost keeps falling and
# never arrives: it has no minimum.

from gdexplain import cost

for c in [1, 10, 100]:
    J = cost(x, y, w=c, b=-c * 3.5, model="logistic")
    print(f"w = {c:3}, b = {-c * 3.5:6}: J = {J:.3g}")

# %%
# ``optimum`` finds the exact minimiser of the cost by Newton's method (a
# relative of gradient descent that also uses the cost's curvature, to
# jump to the bottom of the local bowl at each step). On these data it stops as soon as a line puts every student on their own
# side, and refuses them with a one-line error that names why (printed
# here wrapped to the page's width):

import textwrap

from gdexplain import optimum

try:
    optimum(x, y, model="logistic")
except ValueError as error:
    message = f"ValueError: {error}"
print(textwrap.fill(message, width=72))

# %%
# Gradient descent runs anyway
# ----------------------------
# Nothing stops gradient descent: it steps downhill, and downhill never ends.
# A run from :math:`w = b = 0` with the learning rate :math:`\alpha = 0.5`,
# for 100,000 epochs (an *epoch* is one step, computed from all the points).
# The *threshold* is where the score is 0 and :math:`p = 0.5`:
# :math:`x = -b/w`.

from gdexplain import gradient_descent

run = gradient_descent(
    x, y, learning_rate=0.5, w=0.0, b=0.0, n_epochs=100_000, model="logistic"
)
shown = [10, 100, 1_000, 10_000, 100_000]
print(f"{'epoch':>7}  {'w':>6}  {'b':>7}  {'J':>9}  threshold")
for k in shown:
    w, b, J = run.w[k], run.b[k], run.cost[k]
    print(f"{k:7,}  {w:6.3f}  {b:7.3f}  {J:9.3g}  {-b / w:.4f}")

# %%
# The weight and the cost against the epoch
# ------------------------------------------
# :math:`J` falls at every epoch, towards 0 (right, both axes on a log
# scale: each tick ten times the last). A cost near 0 needs every score far
# from 0, even those of the students at 3 and 4 hours. Their scores are
# :math:`w x + b = w(x - t)` with the threshold :math:`t = -b/w` near 3.5,
# about :math:`\pm w/2`: so :math:`w` never stops growing (left, epochs on
# a log scale). It grows slowly: late in the run every point is on its own
# side, and its pull on the weights, :math:`p_i - y_i` (its part of the
# gradient), is about :math:`e^{-|z_i|}`: weaker the further the point is
# from the threshold, so each extra unit of :math:`w` takes many more
# epochs than the last.

import matplotlib.pyplot as plt

from gdexplain.animation import style

epochs = np.arange(1, len(run))
fig, (left, right) = plt.subplots(
    1, 2, figsize=(5.9, 2.9), layout="constrained"
)
left.semilogx(epochs, run.w[1:], color=style.W, label="$w$")
left.semilogx(epochs, -run.b[1:], color=style.B, label="$-b$")
left.set(xlabel="epoch (log scale)", title="the weights grow")
left.legend()
right.loglog(epochs, run.cost[1:], color=style.J)
right.set(xlabel="epoch (log scale)", ylabel="$J$", title="$J$ falls")
plt.show()

for start in [1_000, 10_000]:
    growth = run.w[10 * start] - run.w[start]
    slope = np.log10(run.cost[10 * start] / run.cost[start])
    print(f"epochs {start:,} to {10 * start:,}:", end=" ")
    print(f"w grows by {growth:.2f}, J falls with log-log slope {slope:.2f}")

# %%
# What it means for a classifier
# ------------------------------
# The log-log slope of :math:`J` steepens towards :math:`-1`: late in the
# run :math:`J` falls roughly like 1/epoch, and never reaches 0.
#
# The threshold settles, close to 3.5 hours, midway between the last fail
# and the first pass; only the steepness :math:`w` keeps growing. The
# sigmoid :math:`\sigma(w(x - t))` turns into a step: probability 0 left of
# the threshold, 1 right of it. A new student who studied 3.75 hours, a
# quarter of an hour past the threshold, is told they will pass with a
# probability that, from epoch 100 on, keeps climbing towards 1. Twelve
# students cannot justify such certainty: the probabilities are
# *over-confident*. And if that student does fail, their term of the cost,
# :math:`-\log(1 - p)`, grows without bound with :math:`w`.

newcomer = 3.75
print(f"{'epoch':>7}  p(pass | {newcomer} h)  -log(1 - p)")
for k in shown:
    p = run.predict([newcomer], epoch=k)[0]
    print(f"{k:7,}  {p:17.4f}  {-np.log1p(-p):11.3f}")

# %%
# The sigmoid of the run at each epoch of the table, over the students:

grid = np.linspace(0, 7, 400)
fig, ax = plt.subplots(figsize=(5.9, 3.2), layout="constrained")
for k, shade in zip(shown, np.linspace(0.75, 0.0, len(shown)), strict=True):
    ax.plot(grid, run.predict(grid, epoch=k), color=str(shade), label=f"{k:,}")
ax.scatter(x, y, color=style.CURRENT, zorder=3, label="students")
ax.set(xlabel="hours studied $x$", ylabel="$p$ = probability of a pass")
ax.legend(title="epoch", fontsize=9, title_fontsize=9)
plt.show()

# %%
# A penalty on large weights
# --------------------------
# A *regulariser* adds to the cost a term that grows with the weight, here
# :math:`\tfrac{\lambda}{2} w^2` for a small number :math:`\lambda` (the
# penalty's strength, not a curvature as on earlier pages):
# :math:`J_\lambda(w, b) = J(w, b) + \tfrac{\lambda}{2} w^2`. Since
# :math:`J \ge 0`, :math:`J_\lambda` rises without bound as :math:`w` grows,
# so it has a lowest point, at a finite :math:`w`. Its gradient gains one
# term, :math:`\lambda w` in :math:`\partial J_\lambda/\partial w`; the
# intercept is not penalised. Gradient descent on :math:`J_\lambda`, by
# hand, with :math:`\lambda = 0.01`:

lam, alpha = 0.01, 0.5
w, b = 0.0, 0.0
for _ in range(25_000):
    p = 1 / (1 + np.exp(-(w * x + b)))
    dJ_dw = np.mean((p - y) * x) + lam * w
    dJ_db = np.mean(p - y)
    w, b = w - alpha * dJ_dw, b - alpha * dJ_db
print(f"penalised minimum, by hand: w = {w:.6f}, b = {b:.6f}")
print(f"threshold -b/w = {-b / w:.4f}")
print(f"p(pass | {newcomer} h) = {1 / (1 + np.exp(-(w * newcomer + b))):.4f}")

# %%
# scikit-learn's ``LogisticRegression`` minimises
# :math:`C\sum_i \text{loss}_i + \tfrac12 w^2`, a sum where our :math:`J` is
# a mean, and also leaves :math:`b` unpenalised. Dividing by :math:`nC`
# gives :math:`\tfrac1n\sum_i \text{loss}_i + \tfrac{1}{2nC} w^2`: the same
# cost with :math:`\lambda = 1/(nC)`, so :math:`C = 1/(n\lambda)`.

from sklearn.linear_model import LogisticRegression

model = LogisticRegression(C=1 / (len(x) * lam), tol=1e-12, max_iter=1_000)
model.fit(x[:, None], y)
print(f"scikit-learn, C = {model.C:.4f}:", end=" ")
print(f"w = {model.coef_[0, 0]:.6f}, b = {model.intercept_[0]:.6f}")

# %%
# One number says what the penalty changes: with :math:`\lambda = 0.01` the
# weight stops at :math:`w = 2.903` instead of growing for ever. The
# threshold stays at 3.5 hours, but the sigmoid keeps a slope, and the
# student at 3.75 hours gets a probability of 0.67, not one creeping
# towards 1. A larger :math:`\lambda` gives a smaller :math:`w` and gentler
# probabilities.
#
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. Add one more student who studied 4.5 hours and failed (append 4.5 to
#    ``x`` and 0 to ``y``). Does ``optimum`` still refuse the data?
#
#    .. dropdown:: Answer
#
#       No: no threshold now puts every student on their own side (a fail at
#       4.5 hours sits among the passes), so the classes overlap and the
#       cost has a minimum, at :math:`w = 2.4851`, :math:`b = -10.0056`.
#
# 2. With a ten times smaller penalty, :math:`\lambda = 0.001`, will the
#    penalised minimum's :math:`w` be larger or smaller than 2.903? Does
#    the threshold move?
#
#    .. dropdown:: Answer
#
#       Larger: a weaker penalty lets :math:`w` grow further before it
#       stops, to :math:`w = 5.563` (:math:`b = -19.470`). The threshold
#       stays at 3.5 hours: the data are symmetric about it. (Gradient
#       descent by hand needs more epochs here; scikit-learn with
#       :math:`C = 1/(12 \times 0.001) = 83.3` gives it at once.)
#
# 3. At epoch 100,000 the run gives the student at 3.75 hours a probability
#    of 0.94 of passing. What does a student at 3.25 hours get?
#
#    .. dropdown:: Answer
#
#       About 0.08, and falling towards 0 as :math:`w` grows: 3.25 hours is
#       a quarter of an hour on the other side of the threshold, and the
#       sigmoid is nearly symmetric about it (the threshold is 3.487, not
#       quite 3.5, so 0.94 and 0.08 are not exact mirror images).
