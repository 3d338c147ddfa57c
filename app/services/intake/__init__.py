"""Registration by QR code: staff open codes, phones exchange them for a form and send it, staff accept or reject."""
