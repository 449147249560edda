(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ficlens-data").textContent);
  var byId = {};
  data.characters.forEach(function (c) { byId[c.id] = c; });
  var status = document.getElementById("status");
  var picked = null;

  function pick(id) {
    picked = picked === id ? null : id;
    document.body.classList.toggle("focusing", picked !== null);
    var quotes = document.querySelectorAll(".q");
    var shown = 0;
    for (var i = 0; i < quotes.length; i++) {
      var on = quotes[i].getAttribute("data-s") === picked;
      quotes[i].classList.toggle("on", on);
      if (on) { shown++; }
    }
    var buttons = document.querySelectorAll("button.who, g.node");
    for (var j = 0; j < buttons.length; j++) {
      buttons[j].setAttribute("aria-pressed", String(buttons[j].getAttribute("data-c") === picked));
    }
    status.textContent = picked && byId[picked] ? byId[picked].name + ": " + shown + " quotes picked out" : "";
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("button.who, g.node");
    if (target) {
      event.preventDefault();
      pick(target.getAttribute("data-c"));
    }
  });
  document.addEventListener("keydown", function (event) {
    var node = event.target.closest && event.target.closest("g.node");
    if (node && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      pick(node.getAttribute("data-c"));
    }
  });
  document.title = data.title + " · ficlens";
}());
