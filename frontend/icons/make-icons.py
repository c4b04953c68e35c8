#!/usr/bin/env python3
"""Draws the app's PNG icons (the favicon's check mark on its blue square).

Run once when the design changes: `python3 frontend/icons/make-icons.py`.
Standard library only (no Pillow or ImageMagick on the build machines);
edges are anti-aliased from each pixel's distance to the shape.
"""
import math
import struct
import zlib
from pathlib import Path

BLUE = (0x1D, 0x4E, 0xD8)
WHITE = (0xFF, 0xFF, 0xFF)
# The favicon's check mark in its 32-unit box.
CHECK = [(9.0, 16.5), (13.5, 21.0), (23.0, 11.5)]


def segment_distance(px, py, a, b):
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def rounded_rect_distance(px, py, size, radius):
    """Signed distance to a size x size square with rounded corners (< 0 inside)."""
    half = size / 2
    qx = abs(px - half) - (half - radius)
    qy = abs(py - half) - (half - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def coverage(distance):
    """How much of a pixel a shape covers, from its signed distance in pixels."""
    return max(0.0, min(1.0, 0.5 - distance))


def draw(size, maskable):
    # A maskable icon fills its square (the platform cuts its own shape) and
    # keeps the mark inside the central 80 % safe zone, so it is drawn smaller.
    radius = 0 if maskable else size * 7 / 32
    mark_scale = (size / 32) * (0.7 if maskable else 1.0)
    offset = (size - 32 * mark_scale) / 2
    stroke = 3.5 * mark_scale / 2
    points = [(offset + x * mark_scale, offset + y * mark_scale) for x, y in CHECK]
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            px, py = x + 0.5, y + 0.5
            square = 1.0 if maskable else coverage(rounded_rect_distance(px, py, size, radius))
            d = min(segment_distance(px, py, points[i], points[i + 1]) for i in range(len(points) - 1))
            mark = coverage(d - stroke)
            colour = [round(b + (w - b) * mark) for b, w in zip(BLUE, WHITE)]
            row.extend(colour + [round(255 * square)])
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    here = Path(__file__).resolve().parent
    for name, size, maskable in [("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                 ("icon-maskable-512.png", 512, True)]:
        (here / name).write_bytes(draw(size, maskable))


if __name__ == "__main__":
    main()
