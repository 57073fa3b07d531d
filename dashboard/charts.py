"""Bar charts drawn on the server as SVG: no script, no inline style (colours come from dashboard.css).

The chart is a picture of the table printed beside it: it carries a title and
a one-line description for screen readers, and the figures stay in the table.
"""

from dataclasses import dataclass

BAR = 22  # height of one horizontal bar, in SVG units
GAP = 8
LABEL_WIDTH = 220
VALUE_WIDTH = 70
WIDTH = 720
COLUMN_HEIGHT = 160


@dataclass
class Bar:
    label: str
    value: float
    display: str
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float


def _display(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def horizontal_bars(rows, *, label_key, value_key, suffix=""):
    """Geometry of a horizontal bar chart: one bar per row, longest = full width."""
    top = max([row[value_key] or 0 for row in rows] or [0])
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for i, row in enumerate(rows):
        value = row[value_key] or 0
        y = i * (BAR + GAP)
        width = round(span * value / top, 1) if top else 0
        bars.append(
            Bar(
                label=str(row[label_key]),
                value=value,
                display=_display(value) + suffix,
                x=LABEL_WIDTH,
                y=y,
                width=width,
                height=BAR,
                text_x=LABEL_WIDTH + width + 6,
                text_y=y + BAR * 0.7,
            )
        )
    return {"kind": "horizontal", "bars": bars, "width": WIDTH, "height": max(len(bars) * (BAR + GAP), BAR)}


def columns(rows, *, label_key, value_key):
    """Geometry of a column chart (time series): first and last labels under the axis."""
    top = max([row[value_key] or 0 for row in rows] or [0])
    count = max(len(rows), 1)
    step = WIDTH / count
    bars = []
    for i, row in enumerate(rows):
        value = row[value_key] or 0
        height = round(COLUMN_HEIGHT * value / top, 1) if top else 0
        bars.append(
            Bar(
                label=str(row[label_key]),
                value=value,
                display=_display(value),
                x=round(i * step + step * 0.1, 1),
                y=round(COLUMN_HEIGHT - height, 1),
                width=round(step * 0.8, 1),
                height=height,
                text_x=round(i * step + step / 2, 1),
                text_y=COLUMN_HEIGHT + 16,
            )
        )
    return {
        "kind": "columns",
        "bars": bars,
        "width": WIDTH,
        "height": COLUMN_HEIGHT + 24,
        "axis_y": COLUMN_HEIGHT,
        "top": _display(top),
        "first": bars[0] if bars else None,
        "last": bars[-1] if len(bars) > 1 else None,
    }
