/*
 * The 404 page's search box: what the reader types goes to the site's search in the
 * header, which shows the results. Shown only where that search works (it needs
 * JavaScript, and search.js unhides it); nothing is fetched before the reader asks.
 */
(function () {
  "use strict";

  function start() {
    var form = document.querySelector("[data-rebound-lost-search]");
    var search = document.querySelector("[data-rebound-search]");
    var header = document.getElementById("rebound-search-input");
    if (!form || !search || !header || search.hidden || form.hasAttribute("data-ready")) return;
    form.setAttribute("data-ready", "");
    var input = form.querySelector("input");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      if (!query) {
        input.focus();
        return;
      }
      header.value = query;
      header.focus();
      header.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  // Not document$: the theme's instant navigation never lands on this page (a
  // missing address loads in full), and this must run after search.js (loaded
  // before it) has shown the header's box.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
