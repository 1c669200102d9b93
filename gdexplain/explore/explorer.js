/* gdexplain explorer: gradient descent on y = w x + b, computed and drawn in the browser.
 * A second implementation of gdexplain's update rules, held to the Python by the tests:
 * J = mean((y - (w x + b))^2), dJ/dw = -2 mean(x r), dJ/db = -2 mean(r), with NumPy's
 * pairwise summation, so that plain gradient descent matches gradient_descent bit for bit.
 * Every explorer on the page that is not yet running is started; the script is idempotent. */
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

  // The data set of one run: x (raw or centred), y, and buffers for the residuals.
  function Problem(x, y) {
    var n = x.length, i;
    this.x = x; this.y = y; this.n = n;
    this.r = new Float64Array(n); this.xr = new Float64Array(n); this.rr = new Float64Array(n);
    var x2 = new Float64Array(n);
    for (i = 0; i < n; i++) x2[i] = x[i] * x[i];
    // H = 2 [[mean(x^2), mean(x)], [mean(x), 1]], as gdexplain.hessian.
    var a = 2 * mean(x2), c = 2 * mean(x), d = 2;
    this.H = [a, c, d];
    var half = Math.sqrt(((a - d) / 2) * ((a - d) / 2) + c * c);
    this.lmax = (a + d) / 2 + half;
    this.lmin = (a * d - c * c) / this.lmax;  // no cancellation when the valley is narrow
    this.angle = 0.5 * Math.atan2(2 * c, a - d);  // direction of the steep axis, radians
    // Least squares, as gdexplain.least_squares.
    var xbar = mean(x), ybar = mean(y), xc = new Float64Array(n), p = new Float64Array(n);
    for (i = 0; i < n; i++) xc[i] = x[i] - xbar;
    for (i = 0; i < n; i++) p[i] = xc[i] * (y[i] - ybar);
    var num = psum(p, 0, n);
    for (i = 0; i < n; i++) p[i] = xc[i] * xc[i];
    var ws = num / psum(p, 0, n);
    for (i = 0; i < n; i++) p[i] = y[i] - ws * x[i];
    this.best = [ws, mean(p)];
    this.Jbest = this.evaluate(ws, this.best[1])[0];
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
  // J - J*, from the quadratic form: free of the cancellation of subtracting two costs.
  Problem.prototype.excess = function (w, b) {
    var e0 = w - this.best[0], e1 = b - this.best[1], H = this.H;
    return Math.max(0, 0.5 * (H[0] * e0 * e0 + 2 * H[1] * e0 * e1 + H[2] * e1 * e1));
  };
  // The largest stable step for this momentum (heavy ball: alpha lambda < 2 + 2 beta).
  Problem.prototype.limit = function (beta, nesterov) {
    return (nesterov ? (2 + 2 * beta) / (1 + 2 * beta) : 2 + 2 * beta) / this.lmax;
  };
  // The predicted rate: the spectral radius of the update on each eigen-direction.
  Problem.prototype.rate = function (alpha, beta, nesterov) {
    var worst = 0;
    [this.lmin, this.lmax].forEach(function (lam) {
      var a = alpha * lam, T, D;
      if (nesterov) { T = (1 - a) * (1 + beta); D = beta * (1 - a); }
      else { T = 1 - a + beta; D = beta; }
      var disc = T * T - 4 * D, rho;
      if (disc < 0) rho = Math.sqrt(D);
      else rho = Math.max(Math.abs(T + Math.sqrt(disc)), Math.abs(T - Math.sqrt(disc))) / 2;
      worst = Math.max(worst, rho);
    });
    return worst;
  };

  // The run: heavy ball (Nesterov: gradient at the look-ahead point); beta = 0 is plain
  // gradient descent exactly (0 * v = 0, and w + (-a g) equals w - a g in IEEE arithmetic).
  // Above the stability limit it stops once its point is far off the map (ten times the map's
  // size around its centre, so that the growth shows on the log axis), or before a cost that is
  // not finite.
  function run(problem, s, map) {
    var w = s.w, b = s.b, vw = 0, vb = 0, path = [], diverged = null, k;
    var hw = 10 * (map.w1 - map.w0) / 2, hb = 10 * (map.b1 - map.b0) / 2;
    var cw = (map.w0 + map.w1) / 2, cb = (map.b0 + map.b1) / 2;
    var unstable = s.learning_rate > problem.limit(s.momentum, s.nesterov);
    for (k = 0; k <= s.n_epochs; k++) {
      var here = problem.evaluate(w, b);
      if (!isFinite(here[0]) || !isFinite(here[1]) || !isFinite(here[2])) { diverged = k; break; }
      path.push([w, b, here[0]]);
      if (unstable && (Math.abs(w - cw) > hw || Math.abs(b - cb) > hb)) { diverged = k; break; }
      if (k === s.n_epochs) break;
      var g = s.nesterov ? problem.evaluate(w + s.momentum * vw, b + s.momentum * vb) : here;
      vw = s.momentum * vw - s.learning_rate * g[1];
      vb = s.momentum * vb - s.learning_rate * g[2];
      w = w + vw;
      b = b + vb;
    }
    return { path: path, diverged: diverged };
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
  function fmt(v, digits) {
    if (!isFinite(v)) return String(v);
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(Math.max(1, digits - 1));
    return String(Number(v.toPrecision(digits)));
  }
  function tickLabel(v) { return String(Number(v.toPrecision(6))).replace("-", "−"); }
  var SUPERSCRIPTS = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵",
                       "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };
  function power(e) {
    return "10" + String(e).split("").map(function (c) { return SUPERSCRIPTS[c]; }).join("");
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
  Axes.prototype.toData = function (px, py) {
    var b = this.box, l = this.lim;
    return [l[0] + (px - b.x) / b.w * (l[1] - l[0]), l[2] + (b.y + b.h - py) / b.h * (l[3] - l[2])];
  };
  Axes.prototype.clip = function (id) {
    var defs = el("defs", {}, this.svg), cp = el("clipPath", { id: id }, defs);
    el("rect", { x: this.box.x, y: this.box.y, width: this.box.w, height: this.box.h }, cp);
    return "url(#" + id + ")";
  };
  // A polyline of pixel points, leaving out points closer than half a pixel to the last kept.
  function polyline(points) {
    var d = "", lx = null, ly = null;
    for (var i = 0; i < points.length; i++) {
      var p = points[i];
      if (i === points.length - 1 || lx === null || Math.abs(p[0] - lx) + Math.abs(p[1] - ly) > 0.5) {
        d += (d ? "L" : "M") + p[0].toFixed(2) + " " + p[1].toFixed(2);
        lx = p[0]; ly = p[1];
      }
    }
    return d;
  }

  // -- The widget -----------------------------------------------------------------------

  var SETTINGS = ["learning_rate", "momentum", "n_epochs", "w", "b"];
  var FLAGS = ["nesterov", "centre"];
  var counter = 0;

  var TEMPLATE =
    '<fieldset class="gdx-controls"><legend>Settings</legend>' +
    '<div class="gdx-row"><label>learning rate α <input type="number" name="learning_rate"' +
    ' min="0" step="any" inputmode="decimal"></label><input type="range" class="gdx-lr-slider"' +
    ' min="-4" step="0.01" aria-label="learning rate α, log scale"></div>' +
    '<div class="gdx-row"><label>momentum β <input type="number" name="momentum" min="0"' +
    ' max="0.999" step="0.01" inputmode="decimal"></label><input type="range"' +
    ' class="gdx-beta-slider" min="0" max="0.99" step="0.01" aria-label="momentum β"></div>' +
    '<div class="gdx-row gdx-checks"><label><input type="checkbox" name="nesterov"> Nesterov</label>' +
    '<label><input type="checkbox" name="centre"> centre x</label></div>' +
    '<details class="gdx-more"><summary>start and epochs</summary>' +
    '<div class="gdx-row"><label>start w <input type="number" name="w" step="any"' +
    ' inputmode="decimal"></label><label>start b <input type="number" name="b" step="any"' +
    ' inputmode="decimal"></label></div>' +
    '<div class="gdx-row"><label>epochs <input type="number" name="n_epochs" min="1"' +
    ' max="200000" step="1"></label><input type="range" class="gdx-epoch-slider" min="0" max="5.3"' +
    ' step="0.01" aria-label="number of epochs, log scale"></div></details>' +
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
    '<a class="gdx-link" href="#">link to these settings</a>';

  function init(root) {
    root.setAttribute("data-ready", "1");
    var data = JSON.parse(root.querySelector("script.gdx-data").textContent);
    var uid = "gdx" + (++counter) + "-" + Math.random().toString(36).slice(2, 8);
    var fallback = root.querySelector(".gdx-fallback");
    if (fallback) fallback.remove();
    var body = document.createElement("div");
    body.className = "gdx-body";
    body.innerHTML = TEMPLATE;
    root.appendChild(body);
    if (!root.classList.contains("gdx-compact")) root.querySelector(".gdx-more").open = true;

    var x = Float64Array.from(data.x), y = Float64Array.from(data.y), n = x.length;
    var xbar = mean(x), xc = new Float64Array(n);
    for (var i = 0; i < n; i++) xc[i] = x[i] - xbar;
    var problems = { raw: new Problem(x, y), centred: new Problem(xc, y) };
    var inputs = {};
    SETTINGS.concat(FLAGS).forEach(function (name) {
      inputs[name] = root.querySelector('input[name="' + name + '"]');
    });
    var lrSlider = root.querySelector(".gdx-lr-slider"), betaSlider = root.querySelector(".gdx-beta-slider");
    var epochSlider = root.querySelector(".gdx-epoch-slider"), shown = root.querySelector(".gdx-shown");
    var mapSvg = root.querySelector(".gdx-map"), lineSvg = root.querySelector(".gdx-fit");
    var lossSvg = root.querySelector(".gdx-loss");
    var readout = root.querySelector(".gdx-readout"), status = root.querySelector(".gdx-status");
    var link = root.querySelector(".gdx-link");
    var map = null, mapAxes = null, current = null, shownEpoch = null, frame = 0;

    // The largest step on the slider: past the heavy ball's limit at beta = 0.99.
    var lrMax = Math.log10(problems.raw.limit(0.99, false) * 2.5);
    lrMax = Math.max(lrMax, Math.log10(problems.centred.limit(0.99, false) * 2.5));
    lrSlider.max = Math.ceil(lrMax * 10) / 10;

    function setValue(name, value) {
      if (FLAGS.indexOf(name) >= 0) inputs[name].checked = !!value;
      else inputs[name].value = String(value);
    }
    function read() {
      var s = {}, ok = true;
      SETTINGS.forEach(function (name) {
        var v = inputs[name].value === "" ? NaN : Number(inputs[name].value);
        var bad = !isFinite(v) ||
          (name === "learning_rate" && !(v > 0)) ||
          (name === "momentum" && !(v >= 0 && v < 1)) ||
          (name === "n_epochs" && !(v >= 1 && v <= 200000 && Math.floor(v) === v));
        inputs[name].setAttribute("aria-invalid", bad ? "true" : "false");
        ok = ok && !bad;
        s[name] = v;
      });
      FLAGS.forEach(function (name) { s[name] = inputs[name].checked; });
      return ok ? s : null;
    }
    function syncSliders(s) {
      lrSlider.value = Math.log10(s.learning_rate);
      betaSlider.value = s.momentum;
      epochSlider.value = Math.log10(s.n_epochs);
    }

    // The map: a box around the minimum and the start, refitted only when the start is
    // typed outside it (so that dragging never rescales the map under the pointer).
    function fitMap(problem, s) {
      var bw = problem.best[0], bb = problem.best[1];
      var hw = Math.abs(s.w - bw), hb = Math.abs(s.b - bb);
      var scale = 1e-3 * (1 + Math.abs(bw) + Math.abs(bb));
      hw = Math.max(hw, 0.15 * hb, scale) * 1.35;
      hb = Math.max(hb, 0.15 * hw, scale) * 1.35;
      return { w0: bw - hw, w1: bw + hw, b0: bb - hb, b1: bb + hb, centre: s.centre };
    }
    function inside(s) {
      return map && map.centre === s.centre && s.w > map.w0 && s.w < map.w1 &&
        s.b > map.b0 && s.b < map.b1;
    }

    function drawMap(problem, s) {
      mapSvg.textContent = "";
      var lim = [map.w0, map.w1, map.b0, map.b1];
      mapAxes = new Axes(mapSvg, fitSvg(mapSvg, 0.8), lim,
        ["w", s.centre ? "b (centred x)" : "b"], false);
      var clip = mapAxes.clip(uid + "-map"), g = el("g", { "clip-path": clip }, mapSvg);
      var box = mapAxes.box;
      // Data coordinates inside this group: contours are the ellipses of the quadratic form.
      var sx = box.w / (lim[1] - lim[0]), sy = box.h / (lim[3] - lim[2]);
      var inner = el("g", { transform: "matrix(" + sx + " 0 0 " + (-sy) + " " +
        (box.x - lim[0] * sx) + " " + (box.y + box.h + lim[2] * sy) + ")" }, g);
      var corners = [[lim[0], lim[2]], [lim[0], lim[3]], [lim[1], lim[2]], [lim[1], lim[3]]];
      var top = Math.max.apply(null, corners.map(function (c) { return problem.excess(c[0], c[1]); }));
      var deg = problem.angle * 180 / Math.PI, cx = problem.best[0], cy = problem.best[1];
      for (var level = 0; level < 16; level++) {
        var E = top * Math.pow(0.45, level);
        el("ellipse", { cx: cx, cy: cy, rx: Math.sqrt(2 * E / problem.lmax),
          ry: Math.sqrt(2 * E / problem.lmin), transform: "rotate(" + deg + " " + cx + " " + cy + ")",
          "class": "gdx-contour", "vector-effect": "non-scaling-stroke" }, inner);
      }
      var star = mapAxes.px(cx, cy);
      el("path", { d: "M" + (star[0] - 5) + " " + star[1] + "h10M" + star[0] + " " + (star[1] - 5) + "v10",
        "class": "gdx-best" }, g);
      var pts = current.path.map(function (p) { return mapAxes.px(p[0], p[1]); });
      el("path", { d: polyline(pts), "class": "gdx-path" }, g);
      // Step markers while they are far enough apart to be seen.
      var last = null;
      for (var k = 0; k < pts.length && k < 400; k++) {
        if (last && Math.abs(pts[k][0] - last[0]) + Math.abs(pts[k][1] - last[1]) < 4) continue;
        el("circle", { cx: pts[k][0], cy: pts[k][1], r: 2, "class": "gdx-step" }, g);
        last = pts[k];
      }
      el("circle", { cx: pts[0][0], cy: pts[0][1], r: 5, "class": "gdx-start" }, g);
      el("circle", { r: 4.5, "class": "gdx-here" }, g);
    }

    function drawFit(s) {
      lineSvg.textContent = "";
      var lo = Math.min.apply(null, data.x), hi = Math.max.apply(null, data.x);
      var ylo = Math.min.apply(null, data.y), yhi = Math.max.apply(null, data.y);
      var px = 0.06 * (hi - lo), py = 0.12 * (yhi - ylo || 1);
      var axes = new Axes(lineSvg, fitSvg(lineSvg, 0.62),
        [lo - px, hi + px, ylo - py, yhi + py], ["x", "y"], false);
      var g = el("g", { "clip-path": axes.clip(uid + "-fit") }, lineSvg);
      // Draw a bounded sample of the points: a huge data set would only slow the page.
      var stride = Math.max(1, Math.floor(n / 2000));
      for (var i = 0; i < n; i += stride) {
        var p = axes.px(data.x[i], data.y[i]);
        el("circle", { cx: p[0], cy: p[1], r: n > 200 ? 2 : 4, "class": "gdx-point" }, g);
      }
      lineSvg._axes = axes;
      lineSvg._line = el("line", { "class": "gdx-line" }, g);
    }

    function drawLoss(problem) {
      lossSvg.textContent = "";
      var path = current.path;
      var floor = Math.max(1e-300, 1e-15 * Math.max(Math.abs(problem.Jbest), 1e-300));
      var values = path.map(function (p) { return Math.max(problem.excess(p[0], p[1]), floor); });
      var top = Math.log10(Math.max.apply(null, values)), bottom = Math.log10(Math.min.apply(null, values));
      if (top - bottom < 1) { bottom -= 0.5; top += 0.5; }
      var nMax = Math.max(1, path.length - 1);
      var axes = new Axes(lossSvg, fitSvg(lossSvg, 0.62),
        [0, nMax, bottom - 0.05 * (top - bottom), top + 0.05 * (top - bottom)],
        ["epoch", "J − J*"], true);
      var g = el("g", { "clip-path": axes.clip(uid + "-loss") }, lossSvg);
      var pts = values.map(function (v, k) { return [axes.px(k, 0)[0], axes.py(v)]; });
      el("path", { d: polyline(pts), "class": "gdx-path" }, g);
      lossSvg._axes = axes;
      lossSvg._values = values;
      lossSvg._cursor = el("line", { "class": "gdx-cursor" }, g);
      lossSvg._dot = el("circle", { r: 3.5, "class": "gdx-here" }, g);
    }

    function show(k) {
      var path = current.path, s = current.settings, problem = current.problem;
      k = Math.max(0, Math.min(path.length - 1, k));
      shownEpoch = k;
      var p = path[k];
      var here = mapAxes.px(p[0], p[1]);
      var dot = mapSvg.querySelector(".gdx-here");
      dot.setAttribute("cx", here[0]); dot.setAttribute("cy", here[1]);
      // The line over the original x: with centring, y = w (x - xbar) + b.
      var fa = lineSvg._axes, u0 = fa.lim[0], u1 = fa.lim[1], off = s.centre ? xbar : 0;
      var a = fa.px(u0, p[0] * (u0 - off) + p[1]), c = fa.px(u1, p[0] * (u1 - off) + p[1]);
      lineSvg._line.setAttribute("x1", a[0]); lineSvg._line.setAttribute("y1", a[1]);
      lineSvg._line.setAttribute("x2", c[0]); lineSvg._line.setAttribute("y2", c[1]);
      var la = lossSvg._axes, cxp = la.px(k, 0)[0];
      lossSvg._cursor.setAttribute("x1", cxp); lossSvg._cursor.setAttribute("x2", cxp);
      lossSvg._cursor.setAttribute("y1", la.box.y); lossSvg._cursor.setAttribute("y2", la.box.y + la.box.h);
      lossSvg._dot.setAttribute("cx", cxp); lossSvg._dot.setAttribute("cy", la.py(lossSvg._values[k]));
      shown.value = k;
      var limit = problem.limit(s.momentum, s.nesterov), ratio = s.learning_rate / limit;
      var rate = problem.rate(s.learning_rate, s.momentum, s.nesterov);
      var rows = [
        ["epoch", String(k)], ["w", fmt(p[0], 7)], [s.centre ? "b (centred)" : "b", fmt(p[1], 7)],
        ["J", fmt(p[2], 7)], ["J − J*", fmt(problem.excess(p[0], p[1]), 3)],
        ["α / α_max", fmt(ratio, 4)],
        ["rate (predicted)", fmt(rate, 6)],
      ];
      if (s.centre) rows.splice(3, 0, ["b, original x", fmt(p[1] - p[0] * xbar, 7)]);
      readout.innerHTML = "<dl>" + rows.map(function (r) {
        return "<div><dt>" + r[0] + "</dt><dd>" + r[1] + "</dd></div>";
      }).join("") + "</dl>";
    }

    function redraw() {
      var s = read();
      if (!s) { status.textContent = "Some setting is not valid: see the highlighted box."; return; }
      var problem = s.centre ? problems.centred : problems.raw;
      if (!inside(s)) {
        map = fitMap(problem, s);
        // Widen the new map to hold a stable run's overshoots (up to three times its size).
        var trial = run(problem, s, map);
        if (trial.diverged === null) {
          var hw = (map.w1 - map.w0) / 2, hb = (map.b1 - map.b0) / 2, cw = map.w0 + hw, cb = map.b0 + hb;
          trial.path.forEach(function (p) {
            var dw = Math.min(Math.abs(p[0] - cw), 3 * hw), db = Math.min(Math.abs(p[1] - cb), 3 * hb);
            map.w0 = Math.min(map.w0, cw - 1.05 * dw); map.w1 = Math.max(map.w1, cw + 1.05 * dw);
            map.b0 = Math.min(map.b0, cb - 1.05 * db); map.b1 = Math.max(map.b1, cb + 1.05 * db);
          });
        }
      }
      current = run(problem, s, map);
      current.settings = s; current.problem = problem;
      root.setAttribute("data-path", JSON.stringify(current.path));
      root.setAttribute("data-map", JSON.stringify([map.w0, map.w1, map.b0, map.b1]));
      drawMap(problem, s);
      drawFit(s);
      drawLoss(problem);
      shown.max = current.path.length - 1;
      show(current.path.length - 1);
      var limit = problem.limit(s.momentum, s.nesterov);
      if (current.diverged !== null) {
        status.textContent = "diverged at epoch " + current.diverged + ": α = " + fmt(s.learning_rate, 4) +
          " is above the stability limit " + fmt(limit, 4) + ".";
        status.className = "gdx-status gdx-warn";
      } else {
        status.textContent = s.learning_rate > limit
          ? "α is above the stability limit " + fmt(limit, 4) + ": the run grows, but has not left the map yet."
          : "stable: α is below the stability limit α_max = " + fmt(limit, 4) + ".";
        status.className = "gdx-status";
      }
      link.href = "#" + SETTINGS.concat(FLAGS).map(function (name) {
        return name + "=" + (FLAGS.indexOf(name) >= 0 ? (s[name] ? 1 : 0) : s[name]);
      }).join("&");
    }
    function later() {
      if (!frame) frame = requestAnimationFrame(function () { frame = 0; redraw(); });
    }

    // -- Inputs ---------------------------------------------------------------------------
    SETTINGS.forEach(function (name) {
      inputs[name].addEventListener("input", function () {
        var s = read();
        if (s) syncSliders(s);
        redraw();
      });
    });
    inputs.nesterov.addEventListener("change", redraw);
    inputs.centre.addEventListener("change", function () {
      // Keep the starting line: b_centred = b + w xbar, and back.
      var w = Number(inputs.w.value), b = Number(inputs.b.value);
      if (isFinite(w) && isFinite(b)) {
        var converted = inputs.centre.checked ? b + w * xbar : b - w * xbar;
        inputs.b.value = String(Number(converted.toPrecision(12)));
      }
      redraw();
    });
    lrSlider.addEventListener("input", function () {
      inputs.learning_rate.value = String(Number(Math.pow(10, Number(lrSlider.value)).toPrecision(3)));
      later();
    });
    betaSlider.addEventListener("input", function () { inputs.momentum.value = betaSlider.value; later(); });
    epochSlider.addEventListener("input", function () {
      inputs.n_epochs.value = String(Math.max(1, Math.round(Math.pow(10, Number(epochSlider.value)))));
      later();
    });
    shown.addEventListener("input", function () { show(Number(shown.value)); });
    lossSvg.addEventListener("pointermove", function (event) {
      var axes = lossSvg._axes, pt = svgPoint(lossSvg, event);
      if (!axes || pt[0] < axes.box.x || pt[0] > axes.box.x + axes.box.w) return;
      show(Math.round(axes.toData(pt[0], pt[1])[0]));
    });

    function svgPoint(svg, event) {
      var m = svg.getScreenCTM();
      if (!m) return [0, 0];
      var p = svg.createSVGPoint();
      p.x = event.clientX; p.y = event.clientY;
      p = p.matrixTransform(m.inverse());
      return [p.x, p.y];
    }
    // Rounded to about a thousandth of the map, so the boxes show readable numbers.
    function setStart(w, b) {
      var digits = Math.max(0, Math.ceil(-Math.log10((map.w1 - map.w0) / 1000)));
      var bdigits = Math.max(0, Math.ceil(-Math.log10((map.b1 - map.b0) / 1000)));
      w = Math.min(Math.max(w, map.w0), map.w1);
      b = Math.min(Math.max(b, map.b0), map.b1);
      inputs.w.value = String(Number(w.toFixed(Math.min(digits, 15))));
      inputs.b.value = String(Number(b.toFixed(Math.min(bdigits, 15))));
    }
    var dragging = false;
    function pointAt(event) {
      var pt = svgPoint(mapSvg, event), box = mapAxes.box;
      if (pt[0] < box.x || pt[0] > box.x + box.w || pt[1] < box.y || pt[1] > box.y + box.h) return false;
      var d = mapAxes.toData(pt[0], pt[1]);
      setStart(d[0], d[1]);
      return true;
    }
    mapSvg.addEventListener("pointerdown", function (event) {
      if (!pointAt(event)) return;
      dragging = true;
      if (mapSvg.setPointerCapture) mapSvg.setPointerCapture(event.pointerId);
      event.preventDefault();
      redraw();
    });
    mapSvg.addEventListener("pointermove", function (event) {
      if (dragging && pointAt(event)) later();
    });
    ["pointerup", "pointercancel"].forEach(function (type) {
      mapSvg.addEventListener(type, function () { dragging = false; });
    });
    mapSvg.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      var move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      var step = event.shiftKey ? 0.1 : 0.01;
      setStart(Number(inputs.w.value) + move[0] * step * (map.w1 - map.w0),
               Number(inputs.b.value) + move[1] * step * (map.b1 - map.b0));
      redraw();
    });

    // -- Settings from the data, then from the page's address (first explorer only) -------
    function applyAddress() {
      if (document.querySelector(".gdexplain-explorer") !== root) return false;
      var text = (location.search.slice(1) + "&" + location.hash.slice(1)).replace(/^&|&$/g, "");
      var params = new URLSearchParams(text), found = false;
      SETTINGS.concat(FLAGS).forEach(function (name) {
        if (!params.has(name)) return;
        var v = params.get(name);
        setValue(name, FLAGS.indexOf(name) >= 0 ? /^(1|true|yes|on)$/i.test(v) : v);
        found = true;
      });
      return found;
    }
    SETTINGS.concat(FLAGS).forEach(function (name) { setValue(name, data.settings[name]); });
    // Only the first explorer reads the address, so only it offers a link to its settings.
    link.hidden = document.querySelector(".gdexplain-explorer") !== root;
    applyAddress();
    var initial = read();
    if (initial) syncSliders(initial);
    redraw();
    // Redraw at the new size when the widget's width changes (a phone turned, a sidebar shut).
    if (window.ResizeObserver) {
      var lastWidth = root.clientWidth;
      new ResizeObserver(function () {
        if (root.clientWidth !== lastWidth) { lastWidth = root.clientWidth; later(); }
      }).observe(root);
    }
    window.addEventListener("hashchange", function () {
      if (applyAddress()) { var s = read(); if (s) syncSliders(s); redraw(); }
    });
  }

  var roots = document.querySelectorAll(".gdexplain-explorer:not([data-ready])");
  for (var r = 0; r < roots.length; r++) {
    try { init(roots[r]); } catch (error) {
      roots[r].setAttribute("data-error", String(error));
      throw error;
    }
  }
})();
