/*
 * Rebound: print a worksheet, or a checklist with the reader's own answers.
 *
 * - Shows the "Print" buttons (they are hidden without JavaScript) and makes them
 *   print the page; print.css lays the page out for paper.
 * - A textarea prints only what fits in its box, so just before printing every
 *   checklist answer is copied (as text, with textContent) into a block that grows
 *   with it; print.css shows that block instead of the textarea.
 *
 * No inline handlers, no storage, nothing sent anywhere. Works with
 * mkdocs-material's instant navigation: clicks are handled on the document, and
 * buttons are revealed on every page load through `document$`.
 */
(function () {
  "use strict";

  var DEFAULT_LINES = 4;

  function copyAnswersForPrint() {
    var answers = document.querySelectorAll("textarea.rebound-item__answer");
    Array.prototype.forEach.call(answers, function (answer) {
      var copy = answer.nextElementSibling;
      if (!copy || !copy.classList.contains("rebound-print-answer")) {
        copy = document.createElement("div");
        copy.className = "rebound-print-answer";
        copy.setAttribute("aria-hidden", "true");
        answer.insertAdjacentElement("afterend", copy);
        answer.classList.add("rebound-print-mirrored");
      }
      copy.style.setProperty("--rebound-lines", String(answer.rows || DEFAULT_LINES));
      copy.textContent = answer.value;
    });
  }

  function revealPrintButtons() {
    var buttons = document.querySelectorAll("[data-rebound-print][hidden]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.closest("[data-rebound-print]")) {
      return;
    }
    copyAnswersForPrint();
    window.print();
  });

  // The print dialog, Ctrl+P and the browser menu all fire beforeprint; a print
  // preview or print emulation without the dialog only changes the media query.
  window.addEventListener("beforeprint", copyAnswersForPrint);
  if (window.matchMedia) {
    var printing = window.matchMedia("print");
    var onChange = function (event) {
      if (event.matches) {
        copyAnswersForPrint();
      }
    };
    if (printing.addEventListener) {
      printing.addEventListener("change", onChange);
    } else if (printing.addListener) {
      printing.addListener(onChange);
    }
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(revealPrintButtons);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", revealPrintButtons);
  } else {
    revealPrintButtons();
  }
})();
