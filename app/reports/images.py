"""Images people send (signatures): decoded and bounded before they are kept or drawn into a document."""

from __future__ import annotations

import io
import warnings

from babel.numbers import format_decimal
from PIL import Image, UnidentifiedImageError

from app.core.i18n import _, current
from app.domain.errors import ValidationError

MIN_SIDE = 10  # pixels: smaller than this no signature can be read
MAX_SIDE = 4000  # pixels: a signature pad is far smaller; larger images only cost memory
MAX_PIXELS = 4_000_000  # width x height; decoding stays a few MB whatever the file claims


def check_png(data: bytes) -> tuple[int, int]:
    """Decode a PNG fully and return (width, height), or say in a sentence what is wrong with it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                width, height = image.size
                _check_size(width, height)
                image.verify()  # checksums of every chunk
            with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                image.load()  # the pixels themselves (verify() does not decode them)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_too_big()) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise ValidationError(_("The signature image is damaged: it starts like a PNG but cannot be read. "
                                "Ask the client to sign again and send the signature pad's PNG.")) from None
    return width, height


def _too_big() -> str:
    return _("The signature image is too large: at most %(side)sx%(side)s pixels and %(pixels)s pixels in all. "
             "Save it smaller and send it again.", side=MAX_SIDE, pixels=format_decimal(MAX_PIXELS, locale=current()))


def _check_size(width: int, height: int) -> None:
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ValidationError(_("The signature image is %(width)sx%(height)s pixels; it must be at least "
                                "%(side)sx%(side)s. Ask the client to sign on the pad and send that image.",
                                width=width, height=height, side=MIN_SIDE))
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ValidationError(_too_big())


def drawable_png(data: bytes) -> bytes | None:
    """The image re-encoded as a plain RGB PNG a PDF can always draw, or None if it cannot be shown."""
    try:
        check_png(data)
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        out = io.BytesIO()
        flat.save(out, format="PNG")
        return out.getvalue()
    except (ValidationError, OSError, ValueError):
        return None
