"""The intake listener: a small Flask app of its own, never the API, that serves the registration form to
phones on the studio's network while a QR code is open (bound to one chosen LAN address, its own port)."""
