/*
 * Rebound message templates: a Copy button for the words a reader can send.
 *
 * Each server-rendered [data-rebound-message] panel holds its text as paragraphs
 * with <br> between lines; that text is readable and selectable without
 * JavaScript, and the Copy button stays hidden. Here the button is revealed and
 * copies the text exactly as shown (lines kept, a blank line between paragraphs):
 * with the Clipboard API where the browser offers it, otherwise through a
 * temporary text box and the older copy command, and if both are refused, by
 * selecting the text so the reader can copy it themselves. A polite status line
 * says what happened. Nothing is stored or sent anywhere.
 *
 * Works with mkdocs-material's instant navigation (document$) and without it.
 */
(function () {
  "use strict";

  var STATUS_CLEAR_MS = 5000;

  /* The message as plain text: <br> is a new line, each paragraph a block. */
  function messageText(container) {
    var paragraphs = container.querySelectorAll("p");
    return Array.prototype.map
      .call(paragraphs, function (paragraph) {
        var text = "";
        Array.prototype.forEach.call(paragraph.childNodes, function (node) {
          text += node.nodeName === "BR" ? "\n" : node.textContent;
        });
        return text;
      })
      .join("\n\n");
  }

  function copyWithCommand(text, button) {
    var box = document.createElement("textarea");
    box.value = text;
    box.setAttribute("readonly", "");
    box.setAttribute("aria-hidden", "true");
    box.tabIndex = -1;
    box.style.position = "fixed";
    box.style.top = "0";
    box.style.left = "-9999px";
    box.style.opacity = "0";
    document.body.appendChild(box);
    var copied = false;
    try {
      box.select();
      box.setSelectionRange(0, text.length);
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(box);
    button.focus();
    return copied;
  }

  function selectText(container) {
    var selection = window.getSelection && window.getSelection();
    if (!selection) return;
    var range = document.createRange();
    range.selectNodeContents(container);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function say(status, words) {
    window.clearTimeout(status._reboundTimer);
    // Emptied first, so the same words twice in a row are announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = words;
    }, 50);
    status._reboundTimer = window.setTimeout(function () {
      status.textContent = "";
    }, STATUS_CLEAR_MS);
  }

  function copy(button) {
    var panel = button.closest("[data-rebound-message]");
    var container = document.getElementById(button.getAttribute("data-rebound-copy"));
    if (!panel || !container) return;
    var status = panel.querySelector(".rebound-message__status");
    var text = messageText(container);
    var done = function () {
      say(status, "Copied");
    };
    var fallback = function () {
      if (copyWithCommand(text, button)) {
        done();
      } else {
        selectText(container);
        say(status, "Copying is blocked here. The message is selected: press Ctrl+C (or Command+C) to copy it.");
      }
    };
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function enhanceAll() {
    var panels = document.querySelectorAll("[data-rebound-message]");
    Array.prototype.forEach.call(panels, function (panel) {
      var actions = panel.querySelector(".rebound-message__actions");
      if (actions) actions.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var button = target.closest("button[data-rebound-copy]");
    if (button) copy(button);
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(enhanceAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }

  // For tests: the text a button would copy, with no side effects.
  window.ReboundMessage = { messageText: messageText };
})();
