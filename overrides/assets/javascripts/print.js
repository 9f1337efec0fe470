/*
 * Rebound: print a worksheet, or a checklist with the reader's own answers.
 *
 * - Shows the "Print" buttons (they are hidden without JavaScript) and makes them
 *   print the page; print.css lays the page out for paper.
 * - A textarea prints only what fits in its box, so just before printing every
 *   checklist answer is copied (as text, with textContent) into a block that grows
 *   with it, over ruled lines; print.css shows that block instead of the textarea.
 *
 * No inline handlers, no storage, nothing sent anywhere. Works with
 * mkdocs-material's instant navigation: clicks are handled on the document, and
 * buttons are revealed on every page load through `document$`.
 */
(function () {
  "use strict";

  var DEFAULT_LINES = 4;
  // Ruled lines are drawn for at least this many characters a line, so a long
  // answer on a narrow page still has a line under every line of text; the box
  // clips the lines below its text.
  var FEWEST_CHARACTERS_A_LINE = 30;
  var MOST_LINES = 400;

  function element(tag, className) {
    var node = document.createElement(tag);
    node.className = className;
    return node;
  }

  // Lines a pen could write on: one bordered block per line, behind the text.
  // (A repeating gradient printed blurred and doubled: Chromium rasterises it.)
  function ruleLines(lines, count) {
    while (lines.children.length > count) lines.removeChild(lines.lastChild);
    while (lines.children.length < count) {
      lines.appendChild(element("span", "rebound-print-lines__line"));
    }
  }

  function copyAnswersForPrint() {
    var answers = document.querySelectorAll("textarea.rebound-item__answer");
    Array.prototype.forEach.call(answers, function (answer) {
      var box = answer.nextElementSibling;
      if (!box || !box.classList.contains("rebound-print-answer-box")) {
        box = element("div", "rebound-print-answer-box");
        box.setAttribute("aria-hidden", "true");
        box.appendChild(element("div", "rebound-print-lines"));
        box.appendChild(element("div", "rebound-print-answer"));
        answer.insertAdjacentElement("afterend", box);
        answer.classList.add("rebound-print-mirrored");
      }
      var rows = answer.rows || DEFAULT_LINES;
      var text = answer.value;
      var needed = rows + text.split("\n").length + Math.ceil(text.length / FEWEST_CHARACTERS_A_LINE);
      box.style.setProperty("--rebound-lines", String(rows));
      ruleLines(box.firstChild, Math.min(needed, MOST_LINES));
      box.lastChild.textContent = text;
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
