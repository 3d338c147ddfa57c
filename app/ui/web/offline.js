/* The studio app fetches nothing from outside this computer (issue 16).
 *
 * Flet 0.82.2's web client starts its Rive extension at start-up, and that loads the Rive runtime from
 * https://cdn.jsdelivr.net/npm/@rive-app/flutter-native-wasm@37.0.0/ by adding a <script> whose src is that
 * address (main.dart.js and main.dart.wasm, function "load rive_native.js"); no installed package ships the
 * runtime. This file, loaded by our index.html before Flutter, catches every <script> src that points off this
 * computer before the browser asks for it:
 *  - the Rive runtime is switched off: window.RiveNative answers "not available", so Flutter records that Rive
 *    cannot run (the app shows no Rive animation) instead of waiting for a script that never comes;
 *  - any other script off this computer is not loaded and its loader hears an error, as if the computer were
 *    offline, and the console says which address was refused.
 * The Content-Security-Policy in index.html refuses everything else (fetch, images, fonts, sockets) off loopback.
 */
(() => {
  "use strict";
  const RIVE = "https://cdn.jsdelivr.net/npm/@rive-app/";
  const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
  const original = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, "src");

  const onThisComputer = (address) => {
    let url;
    try {
      url = new URL(address, document.baseURI);
    } catch (error) {
      return false;  // not an address the browser could load either: the loader hears an error
    }
    return url.protocol === "data:" || url.protocol === "blob:" || LOCAL_HOSTS.has(url.hostname);
  };

  const riveSwitchedOff = () => Promise.reject(
    new Error("Rive animations are switched off: the studio app fetches nothing from the internet."));

  Object.defineProperty(HTMLScriptElement.prototype, "src", {
    configurable: true,
    enumerable: original.enumerable,
    get() {
      return original.get.call(this);
    },
    set(value) {
      const address = String(value);
      if (onThisComputer(address)) {
        original.set.call(this, value);
        return;
      }
      // The element keeps no src, so adding it to the page fetches nothing; its loader subscribes right
      // after adding it, so the answer comes on the next turn of the event loop.
      let answer = "error";
      if (address.startsWith(RIVE)) {
        window.RiveNative = riveSwitchedOff;
        answer = "load";
      } else {
        console.warn("studio-offline: not loaded, the studio app fetches nothing off this computer: " + address);
      }
      setTimeout(() => this.dispatchEvent(new Event(answer)), 0);
    },
  });
})();
