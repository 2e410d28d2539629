"""The report's charts and map, drawn as vectors with reportlab's graphics (no plotting library).

A bar whose count is protected is drawn as an empty outline labelled with its mark ("<5", "x"): its
length never tells the count it hides.
"""

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

DATA = Path(__file__).parent / "data"
GEOJSON = DATA / "africa_50m.geojson"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
MAP_REGIONS = ("west", "central")  # the file's sub-regions of West and Central Africa

BAR = colors.HexColor("#1f5f8b")
HIDDEN = colors.HexColor("#b0b0b0")
TEXT = colors.HexColor("#222222")
# The map's classes: victims detected from the lower bound up; protected counts and none get their own.
MAP_CLASSES = [
    (5, colors.HexColor("#c6dbef")),
    (20, colors.HexColor("#6baed6")),
    (100, colors.HexColor("#2171b5")),
    (500, colors.HexColor("#08306b")),
]
MAP_NONE = colors.HexColor("#f4f4f4")
MAP_PROTECTED = colors.HexColor("#fdd49e")


@functools.cache
def register_fonts() -> None:
    """DejaVu Sans, embedded in the PDF: the PDF standard fonts (Helvetica) have no narrow no-break space,
    which French writes between the thousands (12 345), and would print a box for it."""
    pdfmetrics.registerFont(TTFont(FONT, str(DATA / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(DATA / "DejaVuSans-Bold.ttf")))
    for bold, italic, name in [(0, 0, FONT), (0, 1, FONT), (1, 0, FONT_BOLD), (1, 1, FONT_BOLD)]:
        addMapping(FONT, bold, italic, name)


def _text(x: float, y: float, text: str, *, size: float = 8, anchor: str = "start") -> String:
    return String(x, y, text, fontName=FONT, fontSize=size, textAnchor=anchor, fillColor=TEXT)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: protected, drawn as hidden
    text: str  # what is written at the end of the bar: the count, or its mark


def bar_chart(bars: Sequence[Bar], *, width: float = 440, bar_height: float = 14, label_width: float = 150) -> Drawing:
    """Horizontal bars, one a line, the label on the left and the figure (or its mark) at the end."""
    register_fonts()
    gap = 5
    height = max(len(bars), 1) * (bar_height + gap) + gap
    drawing = Drawing(width, height)
    longest = max((bar.value for bar in bars if bar.value is not None), default=0) or 1
    room = width - label_width - 40
    for position, bar in enumerate(bars):
        y = height - (position + 1) * (bar_height + gap)
        drawing.add(_text(label_width - 6, y + 3, _fit(bar.label, 34), anchor="end"))
        if bar.value is None:
            # A stub of fixed length, outlined and empty: "hidden", whatever the count.
            drawing.add(
                Rect(label_width, y, 18, bar_height, fillColor=None, strokeColor=HIDDEN, strokeDashArray=[2, 2])
            )
            end = label_width + 18
        else:
            length = room * bar.value / longest
            if length:
                drawing.add(Rect(label_width, y, length, bar_height, fillColor=BAR, strokeColor=None))
            end = label_width + length
        drawing.add(_text(end + 4, y + 3, bar.text))
    return drawing


def column_chart(bars: Sequence[Bar], *, width: float = 440, height: float = 150) -> Drawing:
    """Vertical bars (the years), the label below and the figure (or its mark) above."""
    register_fonts()
    drawing = Drawing(width, height)
    base, top = 16, height - 14
    slot = width / max(len(bars), 1)
    longest = max((bar.value for bar in bars if bar.value is not None), default=0) or 1
    drawing.add(Line(0, base, width, base, strokeColor=TEXT, strokeWidth=0.5))
    for position, bar in enumerate(bars):
        x = position * slot + slot * 0.2
        column = slot * 0.6
        if bar.value is None:
            drawing.add(Rect(x, base, column, 18, fillColor=None, strokeColor=HIDDEN, strokeDashArray=[2, 2]))
            label_y: float = base + 22
        else:
            bar_height = (top - base - 12) * bar.value / longest
            if bar_height:
                drawing.add(Rect(x, base, column, bar_height, fillColor=BAR, strokeColor=None))
            label_y = base + bar_height + 4
        drawing.add(_text(x + column / 2, label_y, bar.text, anchor="middle"))
        drawing.add(_text(x + column / 2, 4, bar.label, anchor="middle"))
    return drawing


@functools.cache
def _map_features() -> list[dict[str, Any]]:
    with GEOJSON.open(encoding="utf-8") as file:
        features: list[dict[str, Any]] = json.load(file)["features"]
    return [f for f in features if f["properties"]["region"] in MAP_REGIONS]


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    # The outer ring of each polygon: the region's lakes and holes are too small to see at this scale.
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def map_class_colour(value: int | None, *, protected: bool) -> Any:
    if protected:
        return MAP_PROTECTED
    if not value:
        return MAP_NONE
    colour = MAP_NONE
    for lower, class_colour in MAP_CLASSES:
        if value >= lower:
            colour = class_colour
    return colour


def region_map(
    values: dict[str, int | None], *, highlight: str, legend: Sequence[str], width: float = 440, height: float = 300
) -> Drawing:
    """West and Central Africa, each country (ISO alpha-3) filled by its class; None is a protected count.

    `legend` gives the labels of: no victim, protected count, then each class of MAP_CLASSES.
    """
    register_fonts()
    features = _map_features()
    points = [point for f in features for ring in _rings(f["geometry"]) for point in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    legend_width = 120
    scale = min((width - legend_width) / (east - west), height / (north - south))
    drawing = Drawing(width, height)
    for feature in features:
        iso3 = feature["properties"]["iso3"]
        colour = map_class_colour(values.get(iso3), protected=iso3 in values and values[iso3] is None)
        chosen = iso3 == highlight
        for ring in _rings(feature["geometry"]):
            flat = [c for lon, lat in ring for c in ((lon - west) * scale, (lat - south) * scale)]
            drawing.add(
                Polygon(
                    flat,
                    fillColor=colour,
                    strokeColor=colors.black if chosen else colors.HexColor("#666666"),
                    strokeWidth=1.2 if chosen else 0.3,
                )
            )
    swatches = [MAP_NONE, MAP_PROTECTED, *(colour for _lower, colour in MAP_CLASSES)]
    for position, (colour, label) in enumerate(zip(swatches, legend, strict=True)):
        y = height - 14 - position * 14
        x = width - legend_width + 6
        drawing.add(Rect(x, y, 10, 10, fillColor=colour, strokeColor=colors.HexColor("#666666"), strokeWidth=0.3))
        drawing.add(_text(x + 14, y + 2, label, size=7))
    return drawing


def _fit(text: str, characters: int) -> str:
    return text if len(text) <= characters else text[: characters - 1] + "…"
