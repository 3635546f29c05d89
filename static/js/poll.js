/* Live progress for a job page (a scan or a recipe request).
 *
 * The page holds a fragment with data-poll-url; we fetch it again after 0.25 s, 0.5 s, then every
 * second and put it in place. The answer may also carry lists of what is ready so far
 * (data-live-list, e.g. the recipes written while the next one is being written): the items the
 * page does not have yet (data-live-item) are appended to its list of the same name, and the
 * ones it has are left alone, so each card arrives once. When the fragment says
 * data-finished="true" we stop and swap in the page's main area (the ingredients or the recipe
 * cards), without a full reload. A failed poll is retried with a growing pause; a hidden tab
 * polls rarely and catches up as soon as it is shown. */
(function () {
  "use strict";

  // The first looks come quickly (a cached or fast answer shows at once), then every second.
  var FIRST_DELAYS = [250, 500];
  var BASE_DELAY = 1000;
  var HIDDEN_DELAY = 10000;
  var MAX_DELAY = 15000;

  function swapMain() {
    return fetch(window.location.href, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("page " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector("main");
        var current = document.querySelector("main");
        if (!fresh || !current) {
          throw new Error("no main area");
        }
        current.innerHTML = fresh.innerHTML;
        if (doc.title) {
          document.title = doc.title;
        }
        current.dispatchEvent(new CustomEvent("chef:updated", { bubbles: true }));
        var heading = current.querySelector("h1, h2");
        if (heading) {
          heading.setAttribute("tabindex", "-1");
          heading.focus({ preventScroll: true });
        }
      })
      .catch(function () {
        window.location.reload();
      });
  }

  function addNewItems(freshList) {
    var name = freshList.getAttribute("data-live-list");
    var list = document.querySelector('[data-live-list="' + name + '"]');
    if (!list) {
      return;
    }
    var have = {};
    list.querySelectorAll("[data-live-item]").forEach(function (item) {
      have[item.getAttribute("data-live-item")] = true;
    });
    var added = false;
    Array.prototype.slice.call(freshList.children).forEach(function (item) {
      var id = item.getAttribute("data-live-item");
      if (id && !have[id]) {
        list.appendChild(item);
        added = true;
      }
    });
    if (added) {
      list.dispatchEvent(new CustomEvent("chef:updated", { bubbles: true }));
    }
  }

  function watch(box) {
    var url = box.getAttribute("data-poll-url");
    var failures = 0;
    var polls = 0;
    var timer = null;
    var inFlight = false;
    var done = false;

    function delay() {
      if (document.hidden) {
        return HIDDEN_DELAY;
      }
      if (failures) {
        return Math.min(MAX_DELAY, BASE_DELAY * Math.pow(2, failures));
      }
      return polls < FIRST_DELAYS.length ? FIRST_DELAYS[polls] : BASE_DELAY;
    }

    function schedule() {
      window.clearTimeout(timer);
      if (!done) {
        timer = window.setTimeout(tick, delay());
      }
    }

    function finish() {
      done = true;
      window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
      swapMain();
    }

    function tick() {
      if (done || inFlight) {
        return;
      }
      inFlight = true;
      polls += 1;
      // "no-cache": the browser sends the fragment's ETag back and an unchanged job costs a
      // bodiless 304 (the browser then hands over the copy it has).
      fetch(url, {
        credentials: "same-origin",
        cache: "no-cache",
        headers: { Accept: "text/html", "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          failures = 0;
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var fresh = holder.querySelector("[data-finished]");
          if (!fresh) {
            throw new Error("unexpected answer");
          }
          holder.querySelectorAll("[data-live-list]").forEach(addNewItems);
          box.replaceWith(fresh);
          box = fresh;
          if (fresh.getAttribute("data-finished") === "true") {
            finish();
          }
        })
        .catch(function () {
          failures += 1;
        })
        .then(function () {
          inFlight = false;
          schedule();
        });
    }

    function onVisibility() {
      if (!document.hidden && !done) {
        tick();
      }
    }

    document.addEventListener("visibilitychange", onVisibility);
    schedule();
  }

  function start() {
    document.querySelectorAll("[data-poll-url][data-finished=false]").forEach(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
