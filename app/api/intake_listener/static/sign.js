// The signing step: a full-screen canvas drawn on with a finger (or mouse); its PNG goes into the form field the
// pressed button names (the client's signature, or the guardian's).
"use strict";
(function () {
  var pad = document.getElementById("sign-pad");
  var canvas = document.getElementById("sign-canvas");
  if (!pad || !canvas) { return; }
  var ctx = canvas.getContext("2d");
  var drawing = false, drawn = false, last = null, target = null;

  function size() {
    var scale = Math.min(window.devicePixelRatio || 1, 2);
    var box = canvas.getBoundingClientRect();
    canvas.width = Math.round(box.width * scale);
    canvas.height = Math.round(box.height * scale);
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#111";
    drawn = false;
  }
  function at(event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }
  canvas.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true; last = at(event);
    ctx.beginPath(); ctx.arc(last.x, last.y, 1.5, 0, 2 * Math.PI); ctx.fill(); drawn = true;
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) { return; }
    event.preventDefault();
    var point = at(event);
    ctx.beginPath(); ctx.moveTo(last.x, last.y); ctx.lineTo(point.x, point.y); ctx.stroke();
    last = point; drawn = true;
  });
  function stop() { drawing = false; }
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);

  Array.prototype.forEach.call(document.querySelectorAll(".sign-open"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { target = button; pad.hidden = false; size(); });
  });
  document.getElementById("sign-clear").addEventListener("click", size);
  document.getElementById("sign-done").addEventListener("click", function () {
    var name = target.dataset.target;
    document.getElementById(name).value = drawn ? canvas.toDataURL("image/png") : "";
    document.getElementById(name + "-state").textContent = drawn ? pad.dataset.signed : pad.dataset.notSigned;
    if (drawn) { target.textContent = pad.dataset.again; }
    pad.hidden = true;
  });
}());
