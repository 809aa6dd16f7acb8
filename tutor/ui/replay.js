// tutor's replay page: one step at a time; the address names the step shown (#step-N), so a link lands on it.
(function () {
  "use strict";
  var pages = Array.prototype.slice.call(document.querySelectorAll("section.page"));
  var links = Array.prototype.slice.call(document.querySelectorAll("nav.steps a"));
  var where = document.getElementById("where");
  var all = document.getElementById("all");
  var current = -1;
  document.documentElement.classList.add("js");

  function indexOf(hash) {
    for (var i = 0; i < pages.length; i++) {
      if ("#" + pages[i].id === hash) { return i; }
    }
    return -1;
  }

  function show(index, writeAddress) {
    index = Math.max(0, Math.min(pages.length - 1, index));
    if (current >= 0) {
      pages[current].classList.remove("on");
      links[current].removeAttribute("aria-current");
    }
    current = index;
    pages[index].classList.add("on");
    links[index].setAttribute("aria-current", "step");
    where.textContent = index + " / " + (pages.length - 1);
    if (writeAddress && location.hash !== "#" + pages[index].id) {
      history.replaceState(null, "", "#" + pages[index].id);
    }
    if (document.body.classList.contains("all")) {
      pages[index].scrollIntoView();
    } else {
      window.scrollTo(0, 0);
    }
  }

  var moves = { ArrowRight: 1, PageDown: 1, " ": 1, ArrowLeft: -1, PageUp: -1 };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey) { return; }
    var target;
    if (event.key === "Home") {
      target = 0;
    } else if (event.key === "End") {
      target = pages.length - 1;
    } else if (moves.hasOwnProperty(event.key)) {
      target = current + (event.key === " " && event.shiftKey ? -1 : moves[event.key]);
    } else {
      return;
    }
    event.preventDefault();
    show(target, true);
  });
  window.addEventListener("hashchange", function () {
    var index = indexOf(location.hash);
    if (index >= 0) { show(index, false); }
  });
  document.getElementById("previous").addEventListener("click", function () { show(current - 1, true); });
  document.getElementById("next").addEventListener("click", function () { show(current + 1, true); });
  all.addEventListener("click", function () {
    var on = document.body.classList.toggle("all");
    all.setAttribute("aria-pressed", on ? "true" : "false");
    all.blur();
  });
  window.addEventListener("load", function () {  // after the browser's own jump to #step-N: the header stays in view
    if (!document.body.classList.contains("all")) { window.scrollTo(0, 0); }
  });
  show(Math.max(0, indexOf(location.hash)), false);
})();
