r"""
The local picture: near the minimum, a quadratic
================================================

The cross-entropy is not a quadratic, so the exact rules of the *why it is
slow* section, which assumed a quadratic cost, do not hold for it everywhere.
Near its minimum, though, a smooth cost whose curvature there is positive in
every direction looks like a quadratic bowl, and there they hold
again: the curvatures of that bowl predict how fast gradient descent
converges in the end. This page finds the bowl, draws it against the true
cost, and checks the predicted rate against a run.
"""

# %%
# The minimum
# -----------
# The data are the hours studied by 18 students and whether each passed;
# the classes overlap (a pass at 1.75 hours, a fail at 4.5), so the
# cross-entropy :math:`J(w, b)` has a lowest point
# :math:`\theta^* = (w^*, b^*)`, which ``optimum`` finds exactly. There the
# gradient is zero.

import numpy as np

from gdexplain import classification_data, cost, gradient, optimum

x, y = classification_data()
w_star, b_star = optimum(x, y, model="logistic")
theta_star = np.array([w_star, b_star])
J_star = cost(x, y, w_star, b_star, model="logistic")
print(f"θ* = (w*, b*) = ({w_star:.6f}, {b_star:.6f}), J* = {J_star:.6f}")
dJ_dw, dJ_db = gradient(x, y, w_star, b_star, model="logistic")
print(f"gradient at θ*: ({dJ_dw:.1e}, {dJ_db:.1e})")

# %%
# The quadratic near the minimum
# ------------------------------
# In one variable, Taylor's expansion to second order around a point
# :math:`t^*` reads
#
# .. math::
#
#    f(t) \approx f(t^*) + f'(t^*)\,(t - t^*) + \tfrac12 f''(t^*)\,(t - t^*)^2 ;
#
# at a minimum :math:`f'(t^*) = 0`, and what is left is a parabola whose
# curvature is the second derivative. In two variables, write
# :math:`e = \theta - \theta^*` for the *error*, the step from the minimum
# to a point :math:`\theta`; the gradient at :math:`\theta^*` is zero, and
# the expansion leaves
#
# .. math::
#
#    J(\theta) \approx Q(\theta) = J^* + \tfrac12\, e^\top H^* e,
#    \qquad
#    H^* = \frac1n \tilde X^\top \operatorname{diag}\bigl(p_i(1 - p_i)\bigr)
#    \tilde X ,
#
# with :math:`H^*` the *Hessian* (the matrix of second derivatives) at the
# minimum. It adds up each student's :math:`(x_i, 1)` against itself,
# weighted by :math:`p_i(1 - p_i)` with :math:`p_i` the probability at
# :math:`\theta^*`: :math:`\tilde X` is the matrix of rows
# :math:`(x_i, 1)`, and :math:`\operatorname{diag}(\cdot)` the matrix with
# the weights on its diagonal and zeros elsewhere. The bowl :math:`Q` has two axes; along each, its
# curvature is an eigenvalue :math:`\lambda` of :math:`H^*` (as on the
# `curvature page <../why_slow/plot_01_curvature.html>`__).

from gdexplain import hessian

H = hessian(x, w_star, b_star, model="logistic")
curvatures, axes = np.linalg.eigh(H)  # smallest first, axes in columns
axes = axes * np.sign(axes[1])  # each axis pointing towards larger b
print("H* =", H.round(6).tolist())
print(f"curvatures λ = {curvatures[0]:.6f} and {curvatures[1]:.6f}")
print(f"shallow axis (w, b) = {axes[:, 0].round(4)}")
print(f"steep axis   (w, b) = {axes[:, 1].round(4)}")

# %%
# How good is the quadratic? Step a distance :math:`s` from the minimum
# along each axis and compare the cost's rise, :math:`J - J^*`, with the
# bowl's, :math:`\tfrac12\lambda s^2`: within 6% at :math:`s = 0.1`, far
# apart at :math:`s = 10`. Along the steep axis the true cost rises much
# more slowly than the bowl: once a point is badly misclassified its term
# grows like its score, a straight line, not a parabola. Along the shallow
# axis it rises faster: there the terms of third order and higher, which
# the bowl leaves out, push it up.

for i, name in enumerate(["shallow", "steep"]):
    print(f"{name} axis:")
    for s in [0.1, 1.0, 10.0]:
        w, b = theta_star + s * axes[:, i]
        rise = cost(x, y, w, b, model="logistic") - J_star
        bowl = 0.5 * curvatures[i] * s**2
        print(f"  s = {s:4}: J - J* = {rise:.6f}, ½λs² = {bowl:.6f}")

# %%
# The two contour maps
# --------------------
# Contour lines of the true cost (coloured) and of the bowl :math:`Q`
# (dashed, orange-red), at the same heights above :math:`J^*`: 0.002, 0.005,
# 0.01 and 0.02 near the minimum (left), 0.1, 0.3, 1 and 2 far from it
# (right). ``cost`` takes whole grids of :math:`w` and :math:`b` at once.
# Near the minimum the two sets of lines almost lie on each other; far away
# the bowl's ellipses keep their shape while the true cost's lines open out
# and bend.

import matplotlib.pyplot as plt

from gdexplain.animation import style

windows = {"near": (0.3, 1.5), "far from": (3.0, 15.0)}
heights = {"near": [0.002, 0.005, 0.01, 0.02], "far from": [0.1, 0.3, 1, 2]}
fig, panels = plt.subplots(1, 2, figsize=(5.9, 3.0), layout="constrained")
for ax, (name, (dw, db)) in zip(panels, windows.items(), strict=True):
    W, B = np.meshgrid(
        np.linspace(w_star - dw, w_star + dw, 201),
        np.linspace(b_star - db, b_star + db, 201),
    )
    E = np.stack([W - w_star, B - b_star])
    bowl = 0.5 * np.einsum("i...,ij,j...->...", E, H, E)
    rise = cost(x, y, W, B, model="logistic") - J_star
    ax.contour(W, B, rise, levels=heights[name], cmap=style.COST_MAP)
    ax.contour(
        W, B, bowl, levels=heights[name], colors=style.CURRENT, linestyles="--"
    )
    ax.plot(w_star, b_star, "*", color=style.MINIMUM, mec="black", ms=16)
    ax.set(title=f"{name} θ*", xlabel="$w$")
panels[0].set_ylabel("$b$")
plt.show()

# %%
# The late rate of gradient descent
# ---------------------------------
# Near :math:`\theta^*` the gradient of the bowl is
# :math:`\nabla Q = H^* e`, so a step of gradient descent,
# :math:`\theta_{k+1} = \theta_k - \alpha \nabla J(\theta_k)`, moves the
# error by :math:`e_{k+1} \approx (I - \alpha H^*)\, e_k`. That is exactly
# the step-size page's argument (`why every step multiplies the error by
# 1 − αλ <../why_slow/plot_02_learning_rate.html#step-factor>`__): along
# each axis the error shrinks by :math:`1 - \alpha\lambda` per epoch, and
# late in the run the distance :math:`\lVert\theta_k - \theta^*\rVert`
# shrinks by the *rate* :math:`\rho = \max_i |1 - \alpha\lambda_i|`. On a
# log scale the distance then falls along a straight line of slope
# :math:`\ln\rho` per epoch. A run with :math:`\alpha = 1` from
# :math:`(0, 0)`, its slope fitted over epochs 400 to 1,000:

from gdexplain import gradient_descent

alpha = 1.0
rho = np.max(np.abs(1 - alpha * curvatures))
run = gradient_descent(
    x, y, learning_rate=alpha, w=0.0, b=0.0, n_epochs=1_200, model="logistic"
)
distance = run.distance_to_minimum()
late = np.arange(400, 1_001)
slope = np.polyfit(late, np.log(distance[late]), 1)[0]
print(f"predicted: ρ = {rho:.6f}, ln ρ  = {np.log(rho):.6f}")
print(f"measured:  ρ = {np.exp(slope):.6f}, slope = {slope:.6f}")
print(f"relative difference: {abs(slope / np.log(rho) - 1):.1e}")

# %%
# Early in the run, far from :math:`\theta^*`, the bowl is a poor guide.
# The hand loop below runs gradient descent on the bowl itself,
# :math:`e \leftarrow (I - \alpha H^*)\, e`, from the same start, and the
# figure draws both distances on a log scale.

error = np.array([0.0, 0.0]) - theta_star
bowl_run = []
for _ in range(len(run)):
    bowl_run.append(np.linalg.norm(error))
    error = error - alpha * H @ error
fig, ax = plt.subplots(figsize=(5.9, 3.2), layout="constrained")
ax.semilogy(distance, color=style.RUNS[0], label="gradient descent on $J$")
ax.semilogy(bowl_run, color=style.RUNS[1], ls="--", label="on the bowl $Q$")
line = distance[700] * rho ** (late - 700.0)
ax.semilogy(late, line, "k:", label="slope ln ρ")
ax.set(xlabel="epoch", ylabel=r"$\|\theta_k - \theta^*\|$ (log scale)")
ax.legend()
plt.show()

# %%
# The two runs part in their first few dozen epochs, where the true cost
# is not the bowl, and then fall in parallel, with the predicted slope
# (dotted): late in the run only the crawl along the shallow axis is left,
# and it shrinks by :math:`\rho` per epoch in both. The early epochs only
# set where that straight line starts.
#
# The path on the map
# -------------------
# The same run across the contour map of the true cross-entropy, evaluated
# at every node (no bowl), the levels spaced evenly in :math:`\log(J - J^*)`.
# Near :math:`\theta^*` the levels are the bowl's ellipses, long along the
# shallow axis; farther out they bend. The path cuts across the first
# levels, then crawls along the valley floor to the star, the optimum.

from gdexplain import animate_contour, frame_schedule, show

shown = frame_schedule(
    1_200, breakpoints=[10, 100], steps=[1, 15, 100], endpoint=True
)
# Each epoch held for two frames: slow enough to follow, light to load.
path_on_map = animate_contour(run, epochs=np.repeat(shown, 2), dpi=80)
print(f"{len(shown)} epochs shown, 0 to {shown[-1]:,}")
show(path_on_map, "logistic_contour.mp4")

# %%
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. With :math:`\alpha = 0.5` instead of 1, predict the late rate and the
#    number of epochs it takes to shrink the distance a million times.
#
#    .. dropdown:: Answer
#
#       :math:`\rho = 1 - 0.5 \times 0.021421 = 0.989290`, and
#       :math:`\ln 10^{-6}/\ln\rho = 1{,}283` epochs: twice as many as at
#       :math:`\alpha = 1`, because the rate's gap below 1 is halved.
#
# 2. Above which learning rate does the run no longer settle at
#    :math:`\theta^*`? Try :math:`\alpha = 1.25`.
#
#    .. dropdown:: Answer
#
#       :math:`2/\lambda_{\max} = 2/1.704247 = 1.1735`: above it the steep
#       axis's factor :math:`1 - \alpha\lambda_{\max}` is below :math:`-1`,
#       and near :math:`\theta^*` the zigzag across the steep axis grows.
#       At :math:`\alpha = 1.25` the run does not blow up, because far from
#       the minimum the cost is flatter than the bowl, but it never settles:
#       it ends up jumping between two points on either side of
#       :math:`\theta^*`.
#
# 3. Which fixed :math:`\alpha` converges fastest in the end, and at what
#    rate?
#
#    .. dropdown:: Answer
#
#       The step that balances the two axes, as on the step-size page:
#       :math:`\alpha^* = 2/(\lambda_{\min} + \lambda_{\max}) = 1.1590`, with
#       the rate :math:`(\kappa - 1)/(\kappa + 1) = 0.9752`, where
#       :math:`\kappa = \lambda_{\max}/\lambda_{\min} = 79.56`.
