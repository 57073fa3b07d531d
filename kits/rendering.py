"""Drawing a visual: background, text that fits its zone, QR code. Pure Pillow, no Django model access."""

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import dsfr
import segno
from PIL import Image, ImageColor, ImageDraw, ImageFont

FONTS = Path(dsfr.__file__).resolve().parent / "static" / "dsfr" / "dist" / "fonts"
BOLD = FONTS / "Marianne-Bold.woff2"
REGULAR = FONTS / "Marianne-Regular.woff2"
MIN_FONT_SIZE = 10
LINE_SPACING = 1.0


@functools.lru_cache(maxsize=256)
def font(path, size):
    return ImageFont.truetype(str(path), size)


@dataclass(frozen=True)
class FittedText:
    size: int
    lines: tuple
    line_height: int


def _wrap(text, face, width):
    """Greedy word wrap; a word wider than the zone is cut between characters."""
    lines = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if face.getlength(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = ""
            while face.getlength(word) > width:
                cut = len(word) - 1
                while cut > 1 and face.getlength(word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def fit_text(text, font_path, width, height, max_size):
    """The largest size (down to MIN_FONT_SIZE) at which the wrapped text fits the zone.

    At the smallest size, lines that still do not fit are dropped and the last one
    ends with an ellipsis: the text never leaves its zone.
    """
    size = max(max_size, MIN_FONT_SIZE)
    while True:
        face = font(font_path, size)
        ascent, descent = face.getmetrics()
        line_height = round((ascent + descent) * LINE_SPACING)
        lines = _wrap(text, face, width)
        total = line_height * (len(lines) - 1) + ascent + descent
        if total <= height or size <= MIN_FONT_SIZE:
            break
        size = max(MIN_FONT_SIZE, int(size * 0.94))
    fitting = max(1, (height - ascent - descent) // line_height + 1) if total > height else len(lines)
    if fitting < len(lines):
        lines = lines[:fitting]
        last = lines[-1]
        while last and face.getlength(last + "…") > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return FittedText(size=size, lines=tuple(lines), line_height=line_height)


def draw_text(draw, text, font_path, box, max_size, colour, align):
    x, y, width, height = box
    fitted = fit_text(text, font_path, width, height, max_size)
    face = font(font_path, fitted.size)
    for index, line in enumerate(fitted.lines):
        left = x
        if align == "center":
            left = x + (width - face.getlength(line)) / 2
        draw.text((left, y + index * fitted.line_height), line, font=face, fill=colour)
    return fitted


def qr_image(url, size):
    """The QR code of `url`, black on white, as large as fits in a `size` square."""
    code = segno.make(url, error="m", micro=False)
    modules = code.symbol_size(scale=1, border=2)[0]
    scale = max(1, size // modules)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=2, dark="#000000", light="#ffffff")
    buffer.seek(0)
    image = Image.open(buffer).convert("RGB")
    if image.width > size:
        image = image.resize((size, size), Image.Resampling.NEAREST)
    return image


@dataclass(frozen=True)
class VisualText:
    title: str
    details: str
    url: str


def render(*, spec, text, background=None):
    """Draw one visual. `spec` is a VisualTemplate (or anything with its fields);
    `background` an open PIL image already at the visual's size, or None for the plain colour."""
    size = (spec.width, spec.height)
    if background is not None:
        canvas = background.convert("RGB")
        if canvas.size != size:
            canvas = canvas.resize(size)
    else:
        canvas = Image.new("RGB", size, ImageColor.getrgb(spec.background_colour))
    draw = ImageDraw.Draw(canvas)
    draw_text(draw, text.title, BOLD, spec.title_box, spec.title_max_size, spec.text_colour, spec.text_align)
    draw_text(draw, text.details, REGULAR, spec.details_box, spec.details_max_size, spec.accent_colour, spec.text_align)
    qr = qr_image(text.url, spec.qr_size)
    offset = (spec.qr_size - qr.width) // 2
    canvas.paste(qr, (spec.qr_x + offset, spec.qr_y + offset))
    return canvas


def encode(image, *, pdf=False):
    buffer = io.BytesIO()
    if pdf:
        # The page is A4 whatever the pixel size: 210 mm wide.
        image.save(buffer, "PDF", resolution=image.width / (210 / 25.4), title="Invitation")
    else:
        image.save(buffer, "PNG", optimize=False, compress_level=6)
    return buffer.getvalue()
