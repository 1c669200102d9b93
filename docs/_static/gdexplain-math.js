// Display math that is still wider than its column once it may break (gdexplain.css) is
// scaled down to fit rather than scrolled, but not below MIN_SCALE: a formula smaller than
// that would not be read, and scrolls instead. Run again when the fonts arrive (widths
// change) and when the window is resized.
(() => {
  const MIN_SCALE = 0.6;
  function fit() {
    for (const display of document.querySelectorAll(".katex-display")) {
      display.style.fontSize = "";
      const html = display.querySelector(".katex-html");
      if (html && html.scrollWidth > html.clientWidth) {
        // 2% to spare: the padding around the formula does not scale with it.
        const scale = (0.98 * html.clientWidth) / html.scrollWidth;
        display.style.fontSize = `${Math.max(scale, MIN_SCALE)}em`;
      }
    }
  }
  document.addEventListener("DOMContentLoaded", fit);
  document.fonts?.ready.then(fit);
  window.addEventListener("resize", fit);
})();
