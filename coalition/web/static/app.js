// coalition web application: progressive enhancement only; every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to an error summary so that keyboard and screen-reader users hear it first.
  var error = document.querySelector(".error-summary");
  if (error) { error.focus(); }
  // "/" jumps to the page's first search or name field, as in many analyst tools.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" ||
                            target.tagName === "SELECT" || target.isContentEditable);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var field = document.querySelector("main input:not([type=hidden])");
      if (field) { event.preventDefault(); field.focus(); }
    }
  });
});
