// Display math wider than its column, on a phone: a formula a little too wide is scaled down
// to fit; one far too wide (it would shrink below WRAP_BELOW) breaks after a relation or an
// operator instead (gdexplain.css), as TeX breaks inline math, and is then scaled down if a
// piece is still too wide, but not below MIN_SCALE: smaller would not be read, so it scrolls.
// Run again when the fonts arrive (widths change) and when the window is resized.
(() => {
  const WRAP_BELOW = 0.8;
  const MIN_SCALE = 0.6;
  // 2% to spare: the padding around a formula does not scale with it.
  const fitting = (html) => (0.98 * html.clientWidth) / html.scrollWidth;
  function fit() {
    for (const display of document.querySelectorAll(".katex-display")) {
      display.style.fontSize = "";
      display.classList.remove("gdexplain-math-wrap");
      const html = display.querySelector(".katex-html");
      if (!html || html.scrollWidth <= html.clientWidth) continue;
      if (fitting(html) < WRAP_BELOW) display.classList.add("gdexplain-math-wrap");
      if (html.scrollWidth > html.clientWidth) {
        display.style.fontSize = `${Math.max(fitting(html), MIN_SCALE)}em`;
      }
    }
  }
  document.addEventListener("DOMContentLoaded", fit);
  document.fonts?.ready.then(fit);
  window.addEventListener("resize", fit);
})();
