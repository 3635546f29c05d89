/* Small enhancements over forms that already work without JavaScript.
 * Every handler is delegated from `document`, so parts of the page swapped in later
 * (see poll.js) work without being bound again. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // Words in the page's language, from the catalogue the page loads first (/jsi18n/<lang>/);
  // without it (blocked or failed), the English words.
  var gettext =
    window.gettext ||
    function (text) {
      return text;
    };
  var ngettext =
    window.ngettext ||
    function (singular, plural, count) {
      return count === 1 ? singular : plural;
    };
  var interpolate =
    window.interpolate ||
    function (format, values) {
      return format.replace(/%\((\w+)\)s/g, function (whole, key) {
        return String(values[key]);
      });
    };

  function say(text) {
    var box = document.getElementById("live-message");
    if (!box) {
      return;
    }
    box.textContent = text;
    box.hidden = !text;
  }

  function postForm(form, body) {
    return fetch(form.action, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          if (!response.ok) {
            var error = new Error(data.error || gettext("That did not work. Please try again."));
            throw error;
          }
          return data;
        });
    });
  }

  // --- photo upload: a size check before sending 15 MB over a phone connection -------------
  function checkPhotoSize(input) {
    var form = input.form;
    var message = form && form.querySelector("[data-size-error]");
    var limit = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
    var file = input.files && input.files[0];
    var tooBig = Boolean(limit && file && file.size > limit);
    if (message) {
      message.textContent = tooBig
        ? interpolate(
            gettext("The photo is larger than %(mb)s MB. Please choose a smaller one."),
            { mb: Math.round(limit / 1048576) },
            true
          )
        : "";
      message.hidden = !tooBig;
    }
    return !tooBig;
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("input[type=file][data-max-bytes]")) {
      checkPhotoSize(target);
      showChosen(target);
    } else if (target.matches && target.matches("[data-row] input")) {
      updateCount(target.form);
    }
  });

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-row] input[type=text]")) {
      updateCount(target.form);
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-upload]")) {
      return;
    }
    var input = form.querySelector("input[type=file][data-max-bytes]");
    if (input && !checkPhotoSize(input)) {
      event.preventDefault();
      return;
    }
    var button = form.querySelector("[data-busy-label]");
    if (button) {
      // Disabled after this submit has started, so the form is still sent exactly once.
      window.setTimeout(function () {
        button.setAttribute("data-label", button.textContent);
        button.disabled = true;
        button.textContent = button.getAttribute("data-busy-label");
      }, 0);
    }
  });

  // --- photo: camera or gallery on a phone, drop or paste on a computer ---------------------
  function photoInput(zone) {
    return zone && zone.querySelector("input[type=file]");
  }

  function showChosen(input) {
    var zone = input.closest("[data-drop-zone]");
    var chosen = zone && zone.querySelector("[data-chosen-photo]");
    var file = input.files && input.files[0];
    if (chosen) {
      chosen.textContent = file
        ? interpolate(gettext("Chosen: %(name)s"), { name: file.name }, true)
        : "";
      chosen.hidden = !file;
    }
  }

  // Puts a dropped or pasted image into the form's own file input, as if it had been chosen.
  function takeFile(input, files) {
    var image = Array.prototype.filter.call(files || [], function (file) {
      return /^image\//.test(file.type);
    })[0];
    if (!image || typeof DataTransfer === "undefined") {
      say(gettext("That is not a photo. Please drop or paste an image."));
      return false;
    }
    var holder = new DataTransfer();
    holder.items.add(image);
    input.files = holder.files;
    say("");
    checkPhotoSize(input);
    showChosen(input);
    return true;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-pick-photo]") : null;
    var input = button && photoInput(button.closest("[data-drop-zone]"));
    if (!input) {
      return;
    }
    if (button.getAttribute("data-pick-photo") === "camera") {
      input.setAttribute("capture", "environment");
    } else {
      input.removeAttribute("capture");
    }
    input.click();
  });

  ["dragenter", "dragover"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var zone = event.target.closest ? event.target.closest("[data-drop-zone]") : null;
      if (zone) {
        event.preventDefault();
        zone.classList.add("is-over");
      }
    });
  });

  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest ? event.target.closest("[data-drop-zone]") : null;
    if (zone && !zone.contains(event.relatedTarget)) {
      zone.classList.remove("is-over");
    }
  });

  document.addEventListener("drop", function (event) {
    var zone = event.target.closest ? event.target.closest("[data-drop-zone]") : null;
    if (!zone) {
      return;
    }
    event.preventDefault();
    zone.classList.remove("is-over");
    takeFile(photoInput(zone), event.dataTransfer && event.dataTransfer.files);
  });

  document.addEventListener("paste", function (event) {
    var input = photoInput(document.querySelector("[data-drop-zone]"));
    var files = event.clipboardData && event.clipboardData.files;
    var target = event.target;
    var typing = target.matches && target.matches("input[type=text], input[type=search], textarea");
    if (!input || !files || !files.length || typing) {
      return;
    }
    event.preventDefault();
    takeFile(input, files);
  });

  // --- ingredient editor: remove a row, add a row --------------------------------------------
  // What works only with the script stays hidden in the markup until the script is here: the
  // row buttons, the phone menu's button, Print, the photo zone's buttons and drop hint.
  var SCRIPT_ONLY =
    "[data-remove-row], [data-add-ingredient], [data-nav-toggle], [data-print], " +
    "[data-photo-buttons], [data-drop-hint]";

  function revealButtons(root) {
    root.querySelectorAll(SCRIPT_ONLY).forEach(function (b) {
      b.hidden = false;
    });
  }

  // The count above the list follows the rows: kept, named ones only.
  function updateCount(form) {
    var counter = form && form.querySelector("[data-ingredient-count]");
    if (!counter) {
      return;
    }
    var count = 0;
    form.querySelectorAll("[data-ingredient-list] [data-row]").forEach(function (row) {
      var name = row.querySelector("input[type=text]");
      var removed = row.querySelector("input[type=checkbox][name$='-remove']");
      if (name && name.value.trim() && !(removed && removed.checked)) {
        count += 1;
      }
    });
    counter.textContent = interpolate(
      ngettext("%(count)s ingredient on the list", "%(count)s ingredients on the list", count),
      { count: count },
      true
    );
  }

  function addIngredient(form) {
    var input = form.querySelector("input[name=new_ingredients]");
    var list = form.querySelector("[data-ingredient-list]");
    var template = document.getElementById("ingredient-row-template");
    if (!input || !list || !template) {
      return;
    }
    var names = input.value
      .split(",")
      .map(function (s) {
        return s.trim();
      })
      .filter(Boolean);
    names.forEach(function (name) {
      var index = parseInt(list.getAttribute("data-next-index") || "0", 10);
      list.setAttribute("data-next-index", String(index + 1));
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__i__/g, String(index));
      var row = holder.firstElementChild;
      row.querySelector("input[type=text]").value = name;
      revealButtons(row);
      list.appendChild(row);
    });
    input.value = "";
    input.focus();
    updateCount(form);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button") : null;
    if (!target) {
      return;
    }
    if (target.matches("[data-remove-row]")) {
      var form = target.form;
      var row = target.closest("[data-row]");
      var next = row && (row.nextElementSibling || row.previousElementSibling);
      if (row) {
        row.remove();
      }
      var focusable = next && next.querySelector("input[type=text]");
      if (focusable) {
        focusable.focus();
      }
      updateCount(form);
    } else if (target.matches("[data-add-ingredient]")) {
      addIngredient(target.form);
    } else if (target.matches("[data-print]")) {
      window.print();
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.matches && target.matches("input[name=new_ingredients]")) {
      event.preventDefault();
      addIngredient(target.form);
    }
  });

  // --- favourite and shopping ticks: flip at once, confirm with the server --------------------
  function flipFavorite(form, on) {
    var button = form.querySelector("button");
    form.querySelector("input[name=favorite]").value = on ? "false" : "true";
    button.setAttribute("aria-pressed", on ? "true" : "false");
    form.querySelector(".favorite-icon").textContent = on ? "♥" : "♡";
    form.querySelector(".favorite-label").textContent = on
      ? gettext("Favourite")
      : gettext("Add to favourites");
  }

  function flipTick(form, on) {
    form.querySelector("input[name=checked]").value = on ? "false" : "true";
    form.querySelector("button").setAttribute("aria-pressed", on ? "true" : "false");
    var item = form.closest("[data-shopping-item]");
    if (item) {
      item.classList.toggle("is-checked", on);
    }
  }

  function markChanged(form) {
    form.classList.remove("just-changed");
    void form.offsetWidth; // restart the animation when toggled again
    form.classList.add("just-changed");
  }

  function enhanceToggle(event, form, field, flip) {
    event.preventDefault();
    var wanted = form.querySelector("input[name=" + field + "]").value === "true";
    var body = new FormData(form); // taken before the flip changes the hidden field
    flip(form, wanted);
    markChanged(form);
    say("");
    postForm(form, body)
      .then(function (data) {
        flip(form, Boolean(data[field]));
      })
      .catch(function (error) {
        flip(form, !wanted);
        say(error.message);
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("[data-favorite]")) {
      enhanceToggle(event, form, "favorite", flipFavorite);
    } else if (form.matches("[data-tick]")) {
      enhanceToggle(event, form, "checked", flipTick);
    }
  });

  // --- the phone menu: one button opens and closes it -----------------------------------------
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest ? event.target.closest("[data-nav-toggle]") : null;
    var nav = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!nav) {
      return;
    }
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
  });

  document.addEventListener("keydown", function (event) {
    var toggle = document.querySelector("[data-nav-toggle][aria-expanded=true]");
    if (event.key === "Escape" && toggle) {
      toggle.click();
      toggle.focus();
    }
  });

  function init() {
    revealButtons(document);
  }

  // Coming back to a page from the history cache: the upload button must work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("[data-busy-label][disabled]").forEach(function (button) {
      button.disabled = false;
      button.textContent = button.getAttribute("data-label") || button.textContent;
    });
  });

  // The installable app: its worker keeps only the shell and the offline page (see /sw.js).
  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js").catch(function () {
        /* without it the site works as before */
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("chef:updated", function (event) {
    revealButtons(event.target);
  });
})();
