/* gdexplain explorer: gradient descent on y = w x + b, computed and drawn in the browser.
 * A second implementation of gdexplain's update rules, held to the Python by the tests:
 * J = mean((y - (w x + b))^2), dJ/dw = -2 mean(x r), dJ/db = -2 mean(r), with NumPy's
 * pairwise summation, so that plain gradient descent matches gradient_descent bit for bit.
 * What Python computes better (the minimum, the curvatures, the cost floor, the contour
 * levels, the divergence factor, the epoch limit) arrives in the widget's JSON, "numbers".
 * In order: the mathematics, numbers as text, drawing helpers, the state (problems, run,
 * map), the layout (the elements), the drawing, the controls on the pictures, and init,
 * which wires them together. Every explorer on the page that is not yet running is
 * started; the script is idempotent. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";

  // -- The mathematics -------------------------------------------------------------------

  // numpy's pairwise sum (numpy/_core/src/umath/loops_utils.h.src), same order exactly.
  function psum(a, o, n) {
    var i, r;
    if (n < 8) {
      r = 0;
      for (i = 0; i < n; i++) r += a[o + i];
      return r;
    }
    if (n <= 128) {
      var r0 = a[o], r1 = a[o + 1], r2 = a[o + 2], r3 = a[o + 3];
      var r4 = a[o + 4], r5 = a[o + 5], r6 = a[o + 6], r7 = a[o + 7];
      var m = n - (n % 8);
      for (i = 8; i < m; i += 8) {
        r0 += a[o + i]; r1 += a[o + i + 1]; r2 += a[o + i + 2]; r3 += a[o + i + 3];
        r4 += a[o + i + 4]; r5 += a[o + i + 5]; r6 += a[o + i + 6]; r7 += a[o + i + 7];
      }
      r = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
      for (; i < n; i++) r += a[o + i];
      return r;
    }
    var n2 = Math.floor(n / 2);
    n2 -= n2 % 8;
    return psum(a, o, n2) + psum(a, o + n2, n - n2);
  }
  function mean(a) { return psum(a, 0, a.length) / a.length; }

  // One problem (x raw or centred, and y) with what Python computed about it: the minimum,
  // the Hessian and its eigenvalues (gdexplain.least_squares, hessian, curvatures), and the
  // floor of J - J* below which it is rounding. Nothing here re-derives them differently.
  function Problem(x, y, known) {
    var n = x.length, H = known.hessian;
    this.x = x; this.y = y; this.n = n;
    this.r = new Float64Array(n); this.xr = new Float64Array(n); this.rr = new Float64Array(n);
    this.best = known.best; this.minimum = known.minimum; this.floor = known.floor;
    this.H = H; this.lmin = known.curvatures[0]; this.lmax = known.curvatures[1];
    this.angle = 0.5 * Math.atan2(2 * H[1], H[0] - H[2]);  // the steep axis, for drawing
  }
  // [J, dJ/dw, dJ/db] at (w, b), in gdexplain.regression's order of operations.
  Problem.prototype.evaluate = function (w, b) {
    var x = this.x, y = this.y, r = this.r, xr = this.xr, rr = this.rr, n = this.n, i;
    for (i = 0; i < n; i++) {
      r[i] = y[i] - (w * x[i] + b);
      xr[i] = x[i] * r[i];
      rr[i] = r[i] * r[i];
    }
    return [psum(rr, 0, n) / n, -2.0 * (psum(xr, 0, n) / n), -2.0 * (psum(r, 0, n) / n)];
  };
  // J - J* at (w, b) with cost J, as Landscape.above_minimum: the quadratic form, free of the
  // cancellation of subtracting two costs; far away, where the form overflows, J - J* itself.
  Problem.prototype.excess = function (w, b, J) {
    var e0 = w - this.best[0], e1 = b - this.best[1], H = this.H;
    var form = 0.5 * (H[0] * (e0 * e0) + 2 * H[1] * e0 * e1 + H[2] * (e1 * e1));
    return isFinite(form) ? Math.max(0, form) : J - this.minimum;
  };
  // gdexplain.stability_limit: 2(1 + beta)/lambda_max, divided by 1 + 2 beta for Nesterov.
  Problem.prototype.limit = function (beta, nesterov) {
    var damping = nesterov ? 1.0 + 2.0 * beta : 1.0;
    return 2.0 * (1.0 + beta) / (damping * this.lmax);
  };
  // gdexplain.convergence_rate: the spectral radius of one epoch on each eigen-direction.
  Problem.prototype.rate = function (alpha, beta, nesterov) {
    function along(lam) {
      var h = alpha * lam;
      return nesterov ? largestRoot((1 + beta) * (1 - h), beta * (1 - h))
                      : largestRoot(1 + beta - h, beta);
    }
    return Math.max(along(this.lmin), along(this.lmax));
  };
  // The larger modulus of the roots of z^2 - T z + D, scaled first so that T^2 cannot overflow.
  function largestRoot(T, D) {
    var s = Math.max(Math.abs(T), Math.sqrt(Math.abs(D)));
    if (!isFinite(s)) return Infinity;
    if (s === 0) return 0;
    var t = T / s, d = D / s / s, disc = t * t - 4 * d;
    if (disc < 0) return s * Math.sqrt(d);  // a complex pair, each of modulus sqrt(D)
    var q = Math.sqrt(disc);
    return s * Math.max(Math.abs(t + q), Math.abs(t - q)) / 2;
  }

  // The adaptive methods: AdaGrad, RMSProp and Adam (gdexplain.adagrad_descent, ...).
  var ADAPTIVE = ["adagrad", "rmsprop", "adam"];
  function adaptive(method) { return ADAPTIVE.indexOf(method) >= 0; }

  // One update of the method the settings name, as a function (w, b, gradient there, k) ->
  // [w, b] for update k = 1, 2, ..., holding the method's memory between calls. Each is its
  // Python loop's arithmetic in its order, one parameter at a time.
  function stepper(problem, s) {
    var a = s.learning_rate, eps = s.epsilon, vw = 0, vb = 0, m = [0, 0], v = [0, 0];
    // Heavy ball (Nesterov: gradient at the look-ahead point); beta = 0 is gradient_descent
    // exactly (0 * v = 0, and w + (-a g) equals w - a g in IEEE arithmetic).
    var beta = s.method === "gd" ? 0 : s.momentum;
    if (!adaptive(s.method)) {
      return function (w, b, here) {
        var g = s.nesterov ? problem.evaluate(w + beta * vw, b + beta * vb) : here;
        vw = beta * vw - a * g[1];
        vb = beta * vb - a * g[2];
        return [w + vw, b + vb];
      };
    }
    return function (w, b, here, k) {
      var theta = [w, b];
      for (var j = 0; j < 2; j++) {
        var g = here[j + 1], step;
        if (s.method === "adagrad") {  // G = G + g^2; theta - a g / (sqrt(G) + eps)
          v[j] = v[j] + g * g;
          step = a * g / (Math.sqrt(v[j]) + eps);
        } else if (s.method === "rmsprop") {  // s = rho s + (1 - rho) g^2
          v[j] = s.decay * v[j] + (1 - s.decay) * (g * g);
          step = a * g / (Math.sqrt(v[j]) + eps);
        } else {  // Adam, Kingma and Ba's Algorithm 1, with its bias correction
          m[j] = s.beta1 * m[j] + (1 - s.beta1) * g;
          v[j] = s.beta2 * v[j] + (1 - s.beta2) * (g * g);
          var mHat = m[j] / (1 - Math.pow(s.beta1, k)), vHat = v[j] / (1 - Math.pow(s.beta2, k));
          step = a * mHat / (Math.sqrt(vHat) + eps);
        }
        theta[j] = theta[j] - step;
      }
      return theta;
    };
  }

  // The run, as the Python optimiser with allow_divergence=True records it. Python's
  // divergence rule, with its factor: the run stops at the first state whose cost passes
  // factor times the starting cost (that state is kept), or before the first that is not
  // finite. An empty path: the start itself cannot be computed.
  function run(problem, s, factor) {
    var w = s.w, b = s.b, path = [], diverged = null, k, step = stepper(problem, s);
    for (k = 0; k <= s.n_epochs; k++) {
      var here = problem.evaluate(w, b);
      if (!(isFinite(w) && isFinite(b) && isFinite(here[0]) && isFinite(here[1]) &&
            isFinite(here[2]))) { diverged = k; break; }
      path.push([w, b, here[0]]);
      if (here[0] > factor * path[0][2] && factor * path[0][2] > 0) { diverged = k; break; }
      if (k === s.n_epochs) break;
      var next = step(w, b, here, k + 1);
      w = next[0];
      b = next[1];
    }
    return { path: path, diverged: diverged };
  }

  // -- Numbers as text -------------------------------------------------------------------

  var LARGEST = "1.8e308";  // the largest float64, for readouts past it
  // A number for a readout in about `digits` significant digits; never "Infinity" or "NaN".
  function fmt(v, digits) {
    if (!isFinite(v)) return v > 0 ? "over " + LARGEST : v < 0 ? "below −" + LARGEST : "undefined";
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) {
      return v.toExponential(Math.max(1, digits - 1)).replace(/\.?0+e/, "e");  // 5e-4, not 5.000e-4
    }
    return String(Number(v.toPrecision(digits)));
  }
  // a and b in the same number of digits, at least `digits`, and as many more as it takes for
  // the two texts to compare as the numbers do: "0.04418 is above 0.044178", never "above
  // 0.04418".
  function pair(a, b, digits) {
    for (var d = digits; d < 17; d++) {
      var ra = Number(a.toPrecision(d)), rb = Number(b.toPrecision(d));
      if ((ra > rb) === (a > b) && (ra < rb) === (a < b)) break;
    }
    return [fmt(a, d), fmt(b, d)];
  }
  function tickLabel(v) { return String(Number(v.toPrecision(6))).replace("-", "−"); }
  var SUPERSCRIPTS = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵",
                       "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };
  function power(e) {
    return "10" + String(e).split("").map(function (c) { return SUPERSCRIPTS[c]; }).join("");
  }

  // -- Drawing helpers ------------------------------------------------------------------

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVGNS, name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }
  function niceTicks(lo, hi, count) {
    var span = hi - lo, step = Math.pow(10, Math.floor(Math.log10(span / count)));
    var err = span / count / step;
    step *= err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1;
    var ticks = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
      ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    }
    return ticks;
  }
  // The smallest and largest of many values, by a loop (spreading them into Math.min's
  // arguments overflows the call stack past about 125,000).
  function bounds(values) {
    var lo = Infinity, hi = -Infinity;
    for (var i = 0; i < values.length; i++) {
      if (values[i] < lo) lo = values[i];
      if (values[i] > hi) hi = values[i];
    }
    return [lo, hi];
  }
  // Give an SVG a viewBox of its size on the page, so that its text is drawn at true size.
  function fitSvg(svg, ratio) {
    var width = Math.max(240, Math.round(svg.getBoundingClientRect().width) || 380);
    var height = Math.round(width * ratio);
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    return { x: 54, y: 10, w: width - 54 - 12, h: height - 10 - 42 };
  }

  // An axes box inside an SVG: data (u, v) -> pixels, with ticks and labels.
  function Axes(svg, box, lim, labels, logY) {
    this.box = box; this.lim = lim; this.logY = logY;
    this.svg = svg;
    var g = el("g", { "class": "gdx-axes" }, svg);
    el("rect", { x: box.x, y: box.y, width: box.w, height: box.h, "class": "gdx-frame" }, g);
    var self = this;
    niceTicks(lim[0], lim[1], box.w > 250 ? 5 : 3).forEach(function (t) {
      var px = self.px(t, lim[2])[0];
      el("line", { x1: px, x2: px, y1: box.y + box.h, y2: box.y + box.h + 4, "class": "gdx-tick" }, g);
      el("text", { x: px, y: box.y + box.h + 17, "text-anchor": "middle" }, g).textContent = tickLabel(t);
    });
    var yticks;
    if (logY) {
      yticks = [];
      var lo = Math.ceil(lim[2]), hi = Math.floor(lim[3]);
      var every = Math.max(1, Math.ceil((hi - lo + 1) / 5));
      for (var e = lo; e <= hi; e += every) yticks.push(e);
    } else {
      yticks = niceTicks(lim[2], lim[3], 4);
    }
    yticks.forEach(function (t) {
      var py = logY ? self.py(Math.pow(10, t)) : self.px(lim[0], t)[1];
      el("line", { x1: box.x - 4, x2: box.x, y1: py, y2: py, "class": "gdx-tick" }, g);
      el("text", { x: box.x - 7, y: py + 4, "text-anchor": "end" }, g).textContent =
        logY ? power(t) : tickLabel(t);
    });
    el("text", { x: box.x + box.w / 2, y: box.y + box.h + 34, "text-anchor": "middle",
                 "class": "gdx-label" }, g).textContent = labels[0];
    el("text", { x: 14, y: box.y + box.h / 2, "text-anchor": "middle", "class": "gdx-label",
                 transform: "rotate(-90 14 " + (box.y + box.h / 2) + ")" }, g).textContent = labels[1];
  }
  Axes.prototype.px = function (u, v) {
    var b = this.box, l = this.lim;
    return [b.x + (u - l[0]) / (l[1] - l[0]) * b.w, b.y + b.h - (v - l[2]) / (l[3] - l[2]) * b.h];
  };
  Axes.prototype.py = function (value) {  // log axis: value -> pixel row
    var b = this.box, l = this.lim, v = Math.log10(value);
    return b.y + b.h - (v - l[2]) / (l[3] - l[2]) * b.h;
  };
  // A pixel position kept within a margin of the box: a point far off the axes (a diverging
  // run) is then drawn just outside them, hidden by the clip, never at "Infinity".
  Axes.prototype.near = function (p) {
    var b = this.box, m = 20;
    function keep(v, lo, hi) { return v > lo ? (v < hi ? v : hi) : lo; }  // NaN -> lo
    return [keep(p[0], b.x - m, b.x + b.w + m), keep(p[1], b.y - m, b.y + b.h + m)];
  };
  Axes.prototype.toData = function (px, py) {
    var b = this.box, l = this.lim;
    return [l[0] + (px - b.x) / b.w * (l[1] - l[0]), l[2] + (b.y + b.h - py) / b.h * (l[3] - l[2])];
  };
  Axes.prototype.clip = function (id) {
    var defs = el("defs", {}, this.svg), cp = el("clipPath", { id: id }, defs);
    el("rect", { x: this.box.x, y: this.box.y, width: this.box.w, height: this.box.h }, cp);
    return "url(#" + id + ")";
  };
  // The part of the segment p -> q (data) inside the axes and a margin of a tenth around
  // them (Liang-Barsky), or null. Scaled by a power of two first, so that points as far as
  // 1e308 cannot overflow the differences.
  Axes.prototype.clipSegment = function (p, q) {
    var l = this.lim, mu = (l[1] - l[0]) / 10, mv = (l[3] - l[2]) / 10;
    var box = [l[0] - mu, l[1] + mu, l[2] - mv, l[3] + mv], coords = [p[0], p[1], q[0], q[1]];
    if (!coords.every(isFinite)) return null;
    var top = Math.max.apply(null, coords.concat(box).map(Math.abs));
    var s = top > 0 ? Math.pow(2, Math.ceil(Math.log2(top))) : 1;
    var p0 = p[0] / s, p1 = p[1] / s, du = q[0] / s - p0, dv = q[1] / s - p1, t0 = 0, t1 = 1;
    var sides = [[-du, p0 - box[0] / s], [du, box[1] / s - p0],
                 [-dv, p1 - box[2] / s], [dv, box[3] / s - p1]];
    for (var i = 0; i < 4; i++) {
      var a = sides[i][0], room = sides[i][1];
      if (a === 0) { if (room < 0) return null; continue; }
      var t = room / a;
      if (a < 0) { if (t > t1) return null; if (t > t0) t0 = t; }
      else { if (t < t0) return null; if (t < t1) t1 = t; }
    }
    return [[(p0 + t0 * du) * s, (p1 + t0 * dv) * s], [(p0 + t1 * du) * s, (p1 + t1 * dv) * s]];
  };
  // An SVG path through data points, clipped to the axes, leaving out points closer than
  // half a pixel to the last one kept.
  Axes.prototype.path = function (points) {
    var d = "", last = null;
    function to(p, move) {
      d += (move ? "M" : "L") + p[0].toFixed(2) + " " + p[1].toFixed(2);
      last = p;
    }
    for (var i = 1; i < points.length; i++) {
      var seg = this.clipSegment(points[i - 1], points[i]);
      if (!seg) { last = null; continue; }
      var a = this.px(seg[0][0], seg[0][1]), b = this.px(seg[1][0], seg[1][1]);
      if (!last || Math.abs(a[0] - last[0]) + Math.abs(a[1] - last[1]) > 0.5) to(a, true);
      if (i === points.length - 1 || Math.abs(b[0] - last[0]) + Math.abs(b[1] - last[1]) > 0.5) {
        to(b, false);
      }
    }
    return d;
  };

  // -- State: the two problems, the settings' rules, the run and its map ----------------

  var SETTINGS = ["learning_rate", "momentum", "n_epochs", "w", "b", "epsilon", "decay", "beta1",
                  "beta2"];
  var FLAGS = ["nesterov", "centre"];
  var CHOICES = ["method"];

  function State(data) {
    var numbers = data.numbers, x = Float64Array.from(data.x), y = Float64Array.from(data.y);
    var xc = new Float64Array(x.length);
    for (var i = 0; i < x.length; i++) xc[i] = x[i] - numbers.mean_x;  // NumPy's x - x.mean()
    this.numbers = numbers;
    this.x = x; this.y = y;
    this.problems = { raw: new Problem(x, y, numbers.raw), centred: new Problem(xc, y, numbers.centred) };
    this.map = null;      // the contour map's box, {w0, w1, b0, b1, centre}
    this.current = null;  // the run drawn: {path, diverged, settings, problem}
  }
  // Why a typed value is not a valid setting, or "" when it is.
  State.prototype.invalid = function (name, v) {
    var most = this.numbers.max_epochs;
    if (name === "learning_rate") return v > 0 && isFinite(v) ? "" : "α must be a positive number.";
    if (name === "momentum") return v >= 0 && v < 1 ? "" : "β must be at least 0 and below 1.";
    if (name === "epsilon") return v > 0 && isFinite(v) ? "" : "ε must be a positive number.";
    var fraction = { decay: "ρ", beta1: "β₁", beta2: "β₂" }[name];
    if (fraction) return v >= 0 && v < 1 ? "" : fraction + " must be at least 0 and below 1.";
    if (name === "n_epochs") {
      return v >= 1 && v <= most && Math.floor(v) === v ? ""
        : "epochs must be a whole number from 1 to " + most.toLocaleString("en") + ".";
    }
    return isFinite(v) ? "" : "start " + name + " must be a finite number.";
  };
  // The largest step the slider offers: past the heavy ball's limit at beta = 0.99.
  State.prototype.largestStep = function () {
    var raw = this.problems.raw.limit(0.99, false), centred = this.problems.centred.limit(0.99, false);
    return 2.5 * Math.max(raw, centred);
  };
  // Run the settings; the map is fitted again around the run unless `keepMap` (a start moved
  // on the map keeps it, so that it never rescales under the pointer). Returns why the run is
  // refused, or "".
  State.prototype.update = function (s, keepMap) {
    var problem = s.centre ? this.problems.centred : this.problems.raw;
    var result = run(problem, s, this.numbers.divergence_factor);
    if (result.path.length === 0) {
      return "the cost at the start (w = " + fmt(s.w, 4) + ", b = " + fmt(s.b, 4) +
        ") overflows float64: start nearer the data.";
    }
    result.settings = s; result.problem = problem;
    this.current = result;
    if (!keepMap || !this.map || this.map.centre !== s.centre) this.map = fitMap(problem, s, result);
    return "";
  };
  // A box around the minimum and the start, widened to hold a stable run's overshoots (up to
  // three times its size).
  function fitMap(problem, s, result) {
    var bw = problem.best[0], bb = problem.best[1];
    var hw = Math.abs(s.w - bw), hb = Math.abs(s.b - bb);
    var scale = 1e-3 * (1 + Math.abs(bw) + Math.abs(bb));
    hw = Math.max(hw, 0.15 * hb, scale) * 1.35;
    hb = Math.max(hb, 0.15 * hw, scale) * 1.35;
    var map = { w0: bw - hw, w1: bw + hw, b0: bb - hb, b1: bb + hb, centre: s.centre };
    if (result.diverged !== null) return map;
    var dwMax = 0, dbMax = 0, path = result.path;
    for (var k = 0; k < path.length; k++) {
      dwMax = Math.max(dwMax, Math.min(Math.abs(path[k][0] - bw), 3 * hw));
      dbMax = Math.max(dbMax, Math.min(Math.abs(path[k][1] - bb), 3 * hb));
    }
    map.w0 = Math.min(map.w0, bw - 1.05 * dwMax); map.w1 = Math.max(map.w1, bw + 1.05 * dwMax);
    map.b0 = Math.min(map.b0, bb - 1.05 * dbMax); map.b1 = Math.max(map.b1, bb + 1.05 * dbMax);
    return map;
  }

  // -- Layout: the controls, panels and readout of one widget -------------------------

  // One line for each setting and each number shown.
  var HELP = [
    ["method", "the optimiser: gradient descent, with momentum, or an adaptive one (AdaGrad, " +
      "RMSProp, Adam), which divides each parameter's step by the root of its squared gradients."],
    ["learning rate α", "the step: each epoch moves (w, b) by α times the gradient, downhill."],
    ["momentum β", "the share of the last step added to the next; 0 is plain gradient descent."],
    ["Nesterov", "take the gradient where momentum is about to carry the point, not where it is."],
    ["epsilon ε", "added to the root of the squared gradients, so that a zero gradient " +
      "never divides by zero."],
    ["decay ρ", "RMSProp: the share of the mean of squared gradients kept each epoch."],
    ["β₁", "Adam: the share of the mean gradient kept each epoch (its momentum)."],
    ["β₂", "Adam: the share of the mean squared gradient kept each epoch."],
    ["centre x", "fit y = w (x − x̄) + b: the same lines, a rounder valley, a larger α_max."],
    ["start w, b", "where the run starts: type it, or click or drag on the map."],
    ["epochs", "how many steps to run, up to MAX."],
    ["epoch", "the step shown: move over the J − J* plot or the slider under it."],
    ["w, b", "the slope and intercept at that epoch (b of y = w (x − x̄) + b when x is centred)."],
    ["J", "the mean squared error of the line at that epoch."],
    ["J − J*", "how far J is above its minimum J*; below the plot's floor it is rounding."],
    ["α / α_max", "the step over the stability limit for this β; above 1 the run diverges."],
    ["rate (predicted)", "how much the distance to the minimum shrinks per epoch in the long " +
      "run, from the valley's curvatures; above 1 it grows."],
  ];

  var TEMPLATE =
    '<fieldset class="gdx-controls"><legend>Settings</legend>' +
    '<div class="gdx-row"><span>method</span> <select name="method" aria-label="method">' +
    '<option value="gd">gradient descent</option><option value="momentum">momentum</option>' +
    '<option value="adagrad">AdaGrad</option><option value="rmsprop">RMSProp</option>' +
    '<option value="adam">Adam</option></select></div>' +
    '<div class="gdx-row"><label>learning rate α <input type="number" name="learning_rate"' +
    ' min="0" step="any" inputmode="decimal"></label><input type="range" class="gdx-lr-slider"' +
    ' min="-4" step="0.01" aria-label="learning rate α, log scale"></div>' +
    '<div class="gdx-row" data-methods="gd momentum"><label>momentum β <input type="number" name="momentum" min="0"' +
    ' max="0.999" step="0.01" inputmode="decimal"></label><input type="range"' +
    ' class="gdx-beta-slider" min="0" max="0.99" step="0.01" aria-label="momentum β"></div>' +
    '<div class="gdx-row" data-methods="adagrad rmsprop adam"><label>epsilon ε <input' +
    ' type="number" name="epsilon" min="0" step="any" inputmode="decimal"></label>' +
    '<label data-methods="rmsprop">decay ρ <input type="number" name="decay" min="0"' +
    ' max="0.999999" step="0.01" inputmode="decimal"></label>' +
    '<label data-methods="adam">β₁ <input type="number" name="beta1" min="0"' +
    ' max="0.999999" step="0.01" inputmode="decimal"></label>' +
    '<label data-methods="adam">β₂ <input type="number" name="beta2" min="0"' +
    ' max="0.999999" step="0.001" inputmode="decimal"></label></div>' +
    '<div class="gdx-row gdx-checks"><label data-methods="gd momentum"><input type="checkbox"' +
    ' name="nesterov"> Nesterov</label>' +
    '<label><input type="checkbox" name="centre"> centre x</label></div>' +
    '<p class="gdx-hint"></p>' +
    '<details class="gdx-more"><summary>start and epochs</summary>' +
    '<div class="gdx-row"><label>start w <input type="number" name="w" step="any"' +
    ' inputmode="decimal"></label><label>start b <input type="number" name="b" step="any"' +
    ' inputmode="decimal"></label></div>' +
    '<div class="gdx-row"><label>epochs <input type="number" name="n_epochs" min="1"' +
    ' step="1"></label><input type="range" class="gdx-epoch-slider" min="0"' +
    ' step="any" aria-label="number of epochs, log scale"></div></details>' +
    '</fieldset>' +
    '<p class="gdx-status" role="status"></p>' +
    '<div class="gdx-panels">' +
    '<figure class="gdx-map-panel"><svg class="gdx-map" viewBox="0 0 380 300" tabindex="0"' +
    ' role="img" aria-label="Contour map of the cost J(w, b) with the path of the run. Click or' +
    ' drag to move the start; arrow keys move it too."></svg>' +
    '<figcaption>Click or drag on the map to set the start (w, b); arrow keys move it.' +
    '</figcaption></figure>' +
    '<div class="gdx-stack">' +
    '<figure class="gdx-fit-panel"><svg class="gdx-fit" viewBox="0 0 380 250" role="img"' +
    ' aria-label="The data and the fitted line at the shown epoch"></svg></figure>' +
    '<figure class="gdx-loss-panel"><svg class="gdx-loss" viewBox="0 0 380 250" role="img"' +
    ' aria-label="J minus its minimum against epoch, on a log axis"></svg>' +
    '<label class="gdx-scrub">epoch shown <input type="range" class="gdx-shown" min="0"' +
    ' step="1"></label></figure>' +
    '</div></div>' +
    '<div class="gdx-readout" aria-live="polite"></div>' +
    '<details class="gdx-help"><summary>What the settings and numbers mean</summary>' +
    '<dl></dl></details>' +
    '<a class="gdx-link" href="#">link to these settings</a>';

  // The widget's elements: built from TEMPLATE, with the limits Python passed.
  function Layout(root, state) {
    var fallback = root.querySelector(".gdx-fallback");
    if (fallback) fallback.remove();
    var body = document.createElement("div");
    body.className = "gdx-body";
    body.innerHTML = TEMPLATE;
    root.appendChild(body);
    if (!root.classList.contains("gdx-compact")) root.querySelector(".gdx-more").open = true;
    function find(selector) { return root.querySelector(selector); }
    var inputs = this.inputs = {};
    SETTINGS.concat(FLAGS).forEach(function (name) { inputs[name] = find('input[name="' + name + '"]'); });
    inputs.method = find('select[name="method"]');
    this.root = root;
    this.lrSlider = find(".gdx-lr-slider"); this.betaSlider = find(".gdx-beta-slider");
    this.epochSlider = find(".gdx-epoch-slider"); this.shown = find(".gdx-shown");
    this.mapSvg = find(".gdx-map"); this.fitSvg = find(".gdx-fit"); this.lossSvg = find(".gdx-loss");
    this.readout = find(".gdx-readout"); this.status = find(".gdx-status");
    this.hint = find(".gdx-hint"); this.link = find(".gdx-link");
    var most = state.numbers.max_epochs;
    inputs.n_epochs.max = most;
    this.epochSlider.max = Math.log10(most);
    this.lrSlider.max = Math.ceil(Math.log10(state.largestStep()) * 10) / 10;
    find(".gdx-help dl").innerHTML = HELP.map(function (line) {
      return "<div><dt>" + line[0] + "</dt><dd>" +
        line[1].replace("MAX", most.toLocaleString("en")) + "</dd></div>";
    }).join("");
  }
  Layout.prototype.setValue = function (name, value) {
    if (FLAGS.indexOf(name) >= 0) this.inputs[name].checked = !!value;
    else this.inputs[name].value = String(value);
    if (name === "method") this.showMethod();
  };
  // Show the settings of the method chosen, and only those.
  Layout.prototype.showMethod = function () {
    var method = this.inputs.method.value;
    this.root.querySelectorAll("[data-methods]").forEach(function (node) {
      node.classList.toggle("gdx-off", node.getAttribute("data-methods").split(" ").indexOf(method) < 0);
    });
  };
  // The settings in the boxes, each box marked valid or not; {settings} or {problem}.
  Layout.prototype.read = function (state) {
    var s = {}, problem = "", inputs = this.inputs;
    SETTINGS.forEach(function (name) {
      var v = inputs[name].value === "" ? NaN : Number(inputs[name].value);
      var why = state.invalid(name, v);
      inputs[name].setAttribute("aria-invalid", why ? "true" : "false");
      problem = problem || why;
      s[name] = v;
    });
    FLAGS.forEach(function (name) { s[name] = inputs[name].checked; });
    s.method = inputs.method.value;
    return problem ? { problem: problem } : { settings: s };
  };
  Layout.prototype.syncSliders = function (s) {
    this.lrSlider.value = Math.log10(s.learning_rate);
    this.betaSlider.value = s.momentum;
    this.epochSlider.value = Math.log10(s.n_epochs);
  };
  Layout.prototype.say = function (text, warn) {
    this.status.textContent = text;
    this.status.className = "gdx-status" + (warn ? " gdx-warn" : "");
  };

  // -- Drawing: the map, the fit, J - J*, the readout -----------------------------------

  function drawMap(view, state, uid) {
    var svg = view.mapSvg, map = state.map, run = state.current, problem = run.problem;
    svg.textContent = "";
    var lim = [map.w0, map.w1, map.b0, map.b1];
    var axes = new Axes(svg, fitSvg(svg, 0.8), lim, ["w", map.centre ? "b (centred x)" : "b"], false);
    var g = el("g", { "clip-path": axes.clip(uid + "-map") }, svg), box = axes.box;
    // Data coordinates inside this group: contours are the ellipses of the quadratic form, at
    // the animations' levels (fractions of J - J* at the map's highest corner).
    var sx = box.w / (lim[1] - lim[0]), sy = box.h / (lim[3] - lim[2]);
    var inner = el("g", { transform: "matrix(" + sx + " 0 0 " + (-sy) + " " +
      (box.x - lim[0] * sx) + " " + (box.y + box.h + lim[2] * sy) + ")" }, g);
    var top = 0;
    [[lim[0], lim[2]], [lim[0], lim[3]], [lim[1], lim[2]], [lim[1], lim[3]]].forEach(function (c) {
      top = Math.max(top, problem.excess(c[0], c[1], Infinity));
    });
    var deg = problem.angle * 180 / Math.PI, cx = problem.best[0], cy = problem.best[1];
    state.numbers.contour_fractions.forEach(function (fraction) {
      var level = top * fraction;
      var rx = Math.sqrt(2 * level / problem.lmax), ry = Math.sqrt(2 * level / problem.lmin);
      if (!(isFinite(rx) && isFinite(ry))) return;  // a level past float64, off the map anyway
      el("ellipse", { cx: cx, cy: cy, rx: rx, ry: ry,
        transform: "rotate(" + deg + " " + cx + " " + cy + ")",
        "class": "gdx-contour", "vector-effect": "non-scaling-stroke" }, inner);
    });
    var star = axes.px(cx, cy);
    el("path", { d: "M" + (star[0] - 5) + " " + star[1] + "h10M" + star[0] + " " + (star[1] - 5) + "v10",
      "class": "gdx-best" }, g);
    el("path", { d: axes.path(run.path), "class": "gdx-path" }, g);
    // Step markers while they are far enough apart to be seen.
    var last = null;
    for (var k = 0; k < run.path.length && k < 400; k++) {
      var p = axes.near(axes.px(run.path[k][0], run.path[k][1]));
      if (last && Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) < 4) continue;
      el("circle", { cx: p[0], cy: p[1], r: 2, "class": "gdx-step" }, g);
      last = p;
    }
    var start = axes.near(axes.px(run.path[0][0], run.path[0][1]));
    el("circle", { cx: start[0], cy: start[1], r: 5, "class": "gdx-start" }, g);
    view.here = el("circle", { r: 4.5, "class": "gdx-here" }, g);
    return axes;
  }

  function drawFit(view, state, uid) {
    var svg = view.fitSvg, x = state.x, y = state.y, n = x.length;
    svg.textContent = "";
    var xs = bounds(x), ys = bounds(y);
    var px = 0.06 * (xs[1] - xs[0]), py = 0.12 * (ys[1] - ys[0] || 1);
    var axes = new Axes(svg, fitSvg(svg, 0.62),
      [xs[0] - px, xs[1] + px, ys[0] - py, ys[1] + py], ["x", "y"], false);
    var g = el("g", { "clip-path": axes.clip(uid + "-fit") }, svg);
    // Draw a bounded sample of the points: a huge data set would only slow the page.
    var stride = Math.max(1, Math.floor(n / 2000));
    for (var i = 0; i < n; i += stride) {
      var p = axes.px(x[i], y[i]);
      el("circle", { cx: p[0], cy: p[1], r: n > 200 ? 2 : 4, "class": "gdx-point" }, g);
    }
    view.fitAxes = axes;
    view.line = el("line", { "class": "gdx-line" }, g);
  }

  function drawLoss(view, state, uid) {
    var svg = view.lossSvg, run = state.current, problem = run.problem, path = run.path;
    svg.textContent = "";
    // Floored where J - J* is rounding: the readout says "below" the same floor.
    var values = path.map(function (p) { return Math.max(problem.excess(p[0], p[1], p[2]), problem.floor); });
    var span = bounds(values), top = Math.log10(span[1]), bottom = Math.log10(span[0]);
    if (top - bottom < 1) { bottom -= 0.5; top += 0.5; }
    var nMax = Math.max(1, path.length - 1);
    var axes = new Axes(svg, fitSvg(svg, 0.62),
      [0, nMax, bottom - 0.05 * (top - bottom), top + 0.05 * (top - bottom)],
      ["epoch", "J − J*"], true);
    var g = el("g", { "clip-path": axes.clip(uid + "-loss") }, svg);
    var pts = [], last = null, d = "";
    for (var k = 0; k < values.length; k++) {
      var p = [axes.px(k, 0)[0], axes.py(values[k])];
      if (k === values.length - 1 || !last || Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) > 0.5) {
        d += (d ? "L" : "M") + p[0].toFixed(2) + " " + p[1].toFixed(2);
        last = p;
      }
    }
    el("path", { d: d, "class": "gdx-path" }, g);
    view.lossAxes = axes;
    view.lossValues = values;
    view.cursor = el("line", { "class": "gdx-cursor" }, g);
    view.lossDot = el("circle", { r: 3.5, "class": "gdx-here" }, g);
  }

  // Everything that follows the epoch shown: the dots, the line, the cursor, the readout.
  function showEpoch(view, state, mapAxes, k) {
    var run = state.current, s = run.settings, problem = run.problem, path = run.path;
    k = Math.max(0, Math.min(path.length - 1, k));
    var p = path[k], here = mapAxes.near(mapAxes.px(p[0], p[1]));
    view.here.setAttribute("cx", here[0]); view.here.setAttribute("cy", here[1]);
    // The line over the original x: with centring, y = w (x - xbar) + b.
    var fa = view.fitAxes, u0 = fa.lim[0], u1 = fa.lim[1], off = s.centre ? state.numbers.mean_x : 0;
    var seg = fa.clipSegment([u0, p[0] * (u0 - off) + p[1]], [u1, p[0] * (u1 - off) + p[1]]);
    view.line.setAttribute("visibility", seg ? "visible" : "hidden");
    if (seg) {
      var a = fa.px(seg[0][0], seg[0][1]), c = fa.px(seg[1][0], seg[1][1]);
      view.line.setAttribute("x1", a[0]); view.line.setAttribute("y1", a[1]);
      view.line.setAttribute("x2", c[0]); view.line.setAttribute("y2", c[1]);
    }
    var la = view.lossAxes, cxp = la.px(k, 0)[0];
    view.cursor.setAttribute("x1", cxp); view.cursor.setAttribute("x2", cxp);
    view.cursor.setAttribute("y1", la.box.y); view.cursor.setAttribute("y2", la.box.y + la.box.h);
    view.lossDot.setAttribute("cx", cxp); view.lossDot.setAttribute("cy", la.py(view.lossValues[k]));
    view.shown.value = k;
    var excess = problem.excess(p[0], p[1], p[2]);
    var rows = [
      ["epoch", String(k)], ["w", fmt(p[0], 7)], [s.centre ? "b (centred)" : "b", fmt(p[1], 7)],
      ["J", fmt(p[2], 7)],
      ["J − J*", excess < problem.floor ? "below " + fmt(problem.floor, 2) : fmt(excess, 3)],
    ];
    if (!adaptive(s.method)) {  // the adaptive methods have no single limit or rate
      var beta = s.method === "gd" ? 0 : s.momentum, limit = problem.limit(beta, s.nesterov);
      rows.push(["α / α_max", pair(s.learning_rate / limit, 1, 4)[0]],
        ["rate (predicted)", pair(problem.rate(s.learning_rate, beta, s.nesterov), 1, 6)[0]]);
    }
    if (s.centre) rows.splice(3, 0, ["b, original x", fmt(p[1] - p[0] * state.numbers.mean_x, 7)]);
    view.readout.innerHTML = "<dl>" + rows.map(function (r) {
      return "<div><dt>" + r[0] + "</dt><dd>" + r[1] + "</dd></div>";
    }).join("") + "</dl>";
  }

  // The status line (stable, growing, diverged) and the centring hint, with numbers whose
  // printed digits compare as the numbers do.
  function describe(view, state) {
    var run = state.current, s = run.settings, problem = run.problem;
    if (adaptive(s.method)) { describeAdaptive(view, state); return; }
    var beta = s.method === "gd" ? 0 : s.momentum;
    var limit = problem.limit(beta, s.nesterov), shown = pair(s.learning_rate, limit, 4);
    var alpha = "α = " + shown[0], relation = s.learning_rate > limit ? " is above" :
      s.learning_rate < limit ? " is below" : " is at";
    var against = relation + " the stability limit α_max = " + shown[1];
    var factor = state.numbers.divergence_factor, exponent = Math.log10(factor);
    var times = (Number.isInteger(exponent) ? power(exponent) : fmt(factor, 3)) + " times its start";
    if (run.diverged !== null) {
      var last = run.path[run.path.length - 1][2];
      var why = run.path.length === run.diverged ? "the cost is no longer a finite number"
        : "J passed " + times + " (" + fmt(last, 3) + ")";
      view.say("diverged at epoch " + run.diverged + ": " + why + "; " + alpha + against + ".", true);
    } else if (s.learning_rate > limit) {
      view.say(alpha + against + ": the run grows, but J has not passed " + times + " yet.", true);
    } else {
      view.say("stable: " + alpha + against + ".", false);
    }
    var other = state.problems[s.centre ? "raw" : "centred"].limit(beta, s.nesterov);
    var limits = pair(other, limit, 3);
    view.hint.textContent = s.centre
      ? "x is centred: α_max is " + limits[1] + " here, " + limits[0] + " without centring."
      : other > limit
        ? "centre x raises α_max from " + limits[1] + " to " + limits[0] +
          ": raise α with it (at the same α, centring alone can be slower)."
        : "centring x would not raise α_max (" + limits[1] + ") on these data.";
  }

  // An adaptive run: no stability limit to compare with, but the same divergence rule.
  function describeAdaptive(view, state) {
    var run = state.current, s = run.settings, alpha = "α = " + fmt(s.learning_rate, 4);
    if (run.diverged !== null) {
      var why = run.path.length === run.diverged ? "the cost is no longer a finite number"
        : "J passed " + fmt(state.numbers.divergence_factor, 3) + " times its start";
      view.say("diverged at epoch " + run.diverged + ": " + why + "; " + alpha + ".", true);
    } else {
      view.say(alpha + ": an adaptive step has no single stability limit; each parameter " +
        "moves about α per epoch at most.", false);
    }
    view.hint.textContent = s.centre ? "x is centred." : "";
  }

  // -- Controls on the pictures: the start on the map, the epoch on J - J* -------------

  // The pointer's position in an SVG's own units.
  function svgPoint(svg, event) {
    var m = svg.getScreenCTM();
    if (!m) return [0, 0];
    var p = svg.createSVGPoint();
    p.x = event.clientX; p.y = event.clientY;
    p = p.matrixTransform(m.inverse());
    return [p.x, p.y];
  }
  // Put (w, b), kept on the map, into the boxes, rounded to about a thousandth of the map so
  // that they show readable numbers.
  Layout.prototype.setStart = function (map, w, b) {
    var digits = Math.max(0, Math.ceil(-Math.log10((map.w1 - map.w0) / 1000)));
    var bdigits = Math.max(0, Math.ceil(-Math.log10((map.b1 - map.b0) / 1000)));
    w = Math.min(Math.max(w, map.w0), map.w1);
    b = Math.min(Math.max(b, map.b0), map.b1);
    this.inputs.w.value = String(Number(w.toFixed(Math.min(digits, 15))));
    this.inputs.b.value = String(Number(b.toFixed(Math.min(bdigits, 15))));
  };
  // Click, drag or arrow keys on the map move the start; the map is kept while they do.
  function wireMap(view, state, redraw, later) {
    var svg = view.mapSvg, dragging = false;
    function pointAt(event) {
      var axes = view.mapAxes;
      if (!axes) return false;
      var pt = svgPoint(svg, event), box = axes.box;
      if (pt[0] < box.x || pt[0] > box.x + box.w || pt[1] < box.y || pt[1] > box.y + box.h) return false;
      var d = axes.toData(pt[0], pt[1]);
      view.setStart(state.map, d[0], d[1]);
      return true;
    }
    svg.addEventListener("pointerdown", function (event) {
      if (!pointAt(event)) return;
      dragging = true;
      if (svg.setPointerCapture) svg.setPointerCapture(event.pointerId);
      event.preventDefault();
      redraw(true);
    });
    svg.addEventListener("pointermove", function (event) {
      if (dragging && pointAt(event)) later(true);
    });
    ["pointerup", "pointercancel"].forEach(function (type) {
      svg.addEventListener(type, function () { dragging = false; });
    });
    svg.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      var move = moves[event.key], map = state.map;
      if (!move || !map) return;
      event.preventDefault();
      var step = event.shiftKey ? 0.1 : 0.01;
      view.setStart(map, Number(view.inputs.w.value) + move[0] * step * (map.w1 - map.w0),
                    Number(view.inputs.b.value) + move[1] * step * (map.b1 - map.b0));
      redraw(true);
    });
  }
  // Moving over the J - J* plot, or its slider, shows that epoch.
  function wireEpochShown(view, state) {
    function showAt(k) { if (state.current && view.mapAxes) showEpoch(view, state, view.mapAxes, k); }
    view.shown.addEventListener("input", function () { showAt(Number(view.shown.value)); });
    view.lossSvg.addEventListener("pointermove", function (event) {
      var axes = view.lossAxes, pt = svgPoint(view.lossSvg, event);
      if (!axes || pt[0] < axes.box.x || pt[0] > axes.box.x + axes.box.w) return;
      showAt(Math.round(axes.toData(pt[0], pt[1])[0]));
    });
  }
  // Settings in the page's address (?learning_rate=0.04 or #...), for the first explorer on
  // the page only; true if there were any.
  Layout.prototype.applyAddress = function (root) {
    if (document.querySelector(".gdexplain-explorer") !== root) return false;
    var text = (location.search.slice(1) + "&" + location.hash.slice(1)).replace(/^&|&$/g, "");
    var params = new URLSearchParams(text), found = false, view = this;
    SETTINGS.concat(FLAGS).forEach(function (name) {
      if (!params.has(name)) return;
      var v = params.get(name);
      view.setValue(name, FLAGS.indexOf(name) >= 0 ? /^(1|true|yes|on)$/i.test(v) : v);
      found = true;
    });
    var method = params.get("method");
    if (method && view.inputs.method.querySelector('option[value="' + method + '"]')) {
      view.setValue("method", method);
      found = true;
    } else if (Number(params.get("momentum")) > 0) {
      view.setValue("method", "momentum");  // an address from before there was a method
    }
    return found;
  };

  // -- The widget: state, layout and drawing wired to the inputs ------------------------

  var counter = 0;

  function init(root) {
    root.setAttribute("data-ready", "1");
    var data = JSON.parse(root.querySelector("script.gdx-data").textContent);
    var uid = "gdx" + (++counter) + "-" + Math.random().toString(36).slice(2, 8);
    var state = new State(data), view = new Layout(root, state), inputs = view.inputs;
    var frame = 0, pendingRefit = false;

    function redraw(keepMap) {
      var read = view.read(state);
      if (read.problem) { view.say("Not drawn: " + read.problem, true); return; }
      var s = read.settings, refused = state.update(s, keepMap);
      if (refused) {
        inputs.w.setAttribute("aria-invalid", "true"); inputs.b.setAttribute("aria-invalid", "true");
        view.say("Not drawn: " + refused, true);
        return;
      }
      var map = state.map;
      root.setAttribute("data-path", JSON.stringify(state.current.path));
      root.setAttribute("data-map", JSON.stringify([map.w0, map.w1, map.b0, map.b1]));
      view.mapAxes = drawMap(view, state, uid);
      drawFit(view, state, uid);
      drawLoss(view, state, uid);
      view.shown.max = state.current.path.length - 1;
      showEpoch(view, state, view.mapAxes, state.current.path.length - 1);
      describe(view, state);
      view.link.href = "#" + CHOICES.concat(SETTINGS, FLAGS).map(function (name) {
        return name + "=" + (FLAGS.indexOf(name) >= 0 ? (s[name] ? 1 : 0) : s[name]);
      }).join("&");
    }
    // Redraw on the next frame, once however many inputs came in; the map is kept only if
    // every one of them asked to keep it.
    function later(keepMap) {
      pendingRefit = pendingRefit || !keepMap;
      if (!frame) {
        frame = requestAnimationFrame(function () {
          var keep = !pendingRefit;
          frame = 0; pendingRefit = false;
          redraw(keep);
        });
      }
    }
    function readAndRedraw() {
      // A momentum typed while plain descent is chosen chooses momentum.
      if (inputs.method.value === "gd" && Number(inputs.momentum.value) > 0) {
        view.setValue("method", "momentum");
      }
      var read = view.read(state);
      if (read.settings) view.syncSliders(read.settings);
      redraw(false);
    }

    SETTINGS.forEach(function (name) { inputs[name].addEventListener("input", readAndRedraw); });
    inputs.nesterov.addEventListener("change", function () { redraw(false); });
    inputs.method.addEventListener("change", function () {
      // Plain descent is momentum 0; momentum chosen from there starts at 0.9.
      var beta = Number(inputs.momentum.value);
      if (inputs.method.value === "gd") inputs.momentum.value = "0";
      if (inputs.method.value === "momentum" && !(beta > 0)) inputs.momentum.value = "0.9";
      view.showMethod();
      readAndRedraw();
    });
    inputs.centre.addEventListener("change", function () {
      // Keep the starting line: b_centred = b + w xbar, and back.
      var w = Number(inputs.w.value), b = Number(inputs.b.value), xbar = state.numbers.mean_x;
      if (isFinite(w) && isFinite(b)) {
        var converted = inputs.centre.checked ? b + w * xbar : b - w * xbar;
        inputs.b.value = String(Number(converted.toPrecision(12)));
      }
      redraw(false);
    });
    view.lrSlider.addEventListener("input", function () {
      inputs.learning_rate.value = String(Number(Math.pow(10, Number(view.lrSlider.value)).toPrecision(3)));
      later(false);
    });
    view.betaSlider.addEventListener("input", function () {
      inputs.momentum.value = view.betaSlider.value;
      if (inputs.method.value === "gd" && Number(view.betaSlider.value) > 0) {
        view.setValue("method", "momentum");
      }
      later(false);
    });
    view.epochSlider.addEventListener("input", function () {
      var epochs = Math.round(Math.pow(10, Number(view.epochSlider.value)));
      inputs.n_epochs.value = String(Math.min(Math.max(1, epochs), state.numbers.max_epochs));
      later(false);
    });
    wireEpochShown(view, state);
    wireMap(view, state, redraw, later);

    // Settings from the data, then from the page's address.
    CHOICES.concat(SETTINGS, FLAGS).forEach(function (name) { view.setValue(name, data.settings[name]); });
    // Only the first explorer reads the address, so only it offers a link to its settings.
    view.link.hidden = document.querySelector(".gdexplain-explorer") !== root;
    view.applyAddress(root);
    readAndRedraw();
    // Redraw at the new size when the widget's width changes (a phone turned, a sidebar shut).
    if (window.ResizeObserver) {
      var lastWidth = root.clientWidth;
      new ResizeObserver(function () {
        if (root.clientWidth !== lastWidth) { lastWidth = root.clientWidth; later(true); }
      }).observe(root);
    }
    window.addEventListener("hashchange", function () { if (view.applyAddress(root)) readAndRedraw(); });
  }

  var roots = document.querySelectorAll(".gdexplain-explorer:not([data-ready])");
  for (var r = 0; r < roots.length; r++) {
    try { init(roots[r]); } catch (error) {
      roots[r].setAttribute("data-error", String(error));
      throw error;
    }
  }
})();
