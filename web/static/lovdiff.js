// lovdiff viewer: small enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Comparison filters: apply on change (the submit button stays for keyboard and no-JS use).
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("change", function () { form.submit(); });
  });
  // Ask before leaving a remark form with unsaved text.
  document.querySelectorAll("form.remark-form textarea").forEach(function (area) {
    var saved = area.value;
    area.form.addEventListener("submit", function () { saved = area.value; });
    window.addEventListener("beforeunload", function (e) {
      if (area.value !== saved) { e.preventDefault(); e.returnValue = ""; }
    });
  });
  // Focus the highlighted comment when arriving via #k-… so keyboard users land on it.
  if (location.hash && location.hash.indexOf("#k-") === 0) {
    var target = document.getElementById(location.hash.slice(1));
    if (target) { target.focus({ preventScroll: false }); }
  }
});
