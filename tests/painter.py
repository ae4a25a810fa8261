"""An exporter that stands in for the browser in tests: each image is painted as a few
bytes naming its format, and what was asked for is kept in ``images``."""

from __future__ import annotations


class Painter:
    def __init__(self):
        self.images: list[tuple] = []

    def start(self):
        pass

    def to_png(self, fig, width, height, scale):
        self.images.append(("png", width, scale))
        return b"png"

    def to_svg(self, fig, width, height):
        self.images.append(("svg", width))
        return b"svg"
