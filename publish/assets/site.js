// Draws every chart of the page from the figure JSON beside it, with the Plotly shipped in the site.
(function () {
  "use strict";
  var config = { responsive: true, displaylogo: false };
  document.querySelectorAll("[data-figure]").forEach(function (div) {
    var figure = JSON.parse(document.getElementById(div.dataset.figure).textContent);
    var options = Object.assign({}, config, figure.config || {});
    Plotly.newPlot(div, figure.data, figure.layout, options).then(function () {
      if (figure.frames) { Plotly.addFrames(div, figure.frames); }
    });
  });
})();
