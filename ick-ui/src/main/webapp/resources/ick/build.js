// Live updates of the build page: the log follows over Server-Sent Events, and when the build's state
// changes the graph and the action table are fetched again. Without JavaScript the page shows the build
// as it was when loaded. The followed log keeps its last part only (a build may print gigabytes, which no
// page could hold): what it drops is counted in the gap above it, and the download has it all.
(function () {
  "use strict";
  var log = document.getElementById("log");
  if (!log || log.getAttribute("data-running") !== "true" || !window.EventSource) {
    return;
  }
  var state = document.getElementById("build-state");
  var gap = document.getElementById("log-gap");
  var omitted = document.getElementById("log-omitted");
  var MOST_CHARS = 512 * 1024;
  var KEPT_CHARS = 256 * 1024;
  var source = new EventSource(log.getAttribute("data-stream"));
  var refreshing = false;

  var last = 0;
  function refresh() {
    if (refreshing || Date.now() - last < 2000) { return; }
    last = Date.now();
    refreshing = true;
    fetch(window.location.href, {credentials: "same-origin"})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        ["live", "build-state"].forEach(function (id) {
          var fresh = doc.getElementById(id);
          var old = document.getElementById(id);
          if (fresh && old) { old.replaceWith(fresh); }
        });
        state = document.getElementById("build-state");
        var cancel = document.getElementById("adminCancel");
        if (cancel && !doc.getElementById("adminCancel")) { cancel.remove(); }
      })
      .finally(function () { refreshing = false; });
  }

  // Drops the start of the followed log down to KEPT_CHARS, at a line's start, once it holds MOST_CHARS.
  function keepTheEnd() {
    var text = log.textContent;
    if (text.length <= MOST_CHARS) { return; }
    var cut = text.indexOf("\n", text.length - KEPT_CHARS) + 1;
    if (cut <= 0) { cut = text.length - KEPT_CHARS; }
    log.textContent = text.slice(cut);
    var dropped = Number(gap.getAttribute("data-omitted")) + cut;
    gap.setAttribute("data-omitted", String(dropped));
    omitted.textContent = String(dropped);
    gap.classList.remove("empty");
  }

  source.addEventListener("log", function (e) {
    var atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
    // textContent, never innerHTML: the log is text, whatever it contains
    log.appendChild(document.createTextNode(e.data));
    keepTheEnd();
    if (atBottom) { window.scrollTo(0, document.body.scrollHeight); }
    refresh();
  });
  source.addEventListener("state", function (e) {
    if (state && state.textContent !== e.data) { refresh(); }
  });
  source.addEventListener("end", function () {
    source.close();
    last = 0;
    refreshing = false;
    refresh();
  });
})();
