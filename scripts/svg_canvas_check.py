#!/usr/bin/env python3
"""Checks that nothing drawn in an SVG plot leaves its canvas (a legend label cut off at the
right edge, a title wider than the figure): python3 scripts/svg_canvas_check.py FILE.svg ...

Each file is rendered by librsvg (rsvg-convert, Debian package librsvg2-bin) onto a canvas
MARGIN pixels larger on every side, through a clip path that hides the original canvas, and
without the white background. Anything that overflows shows as a non-transparent pixel in the
margin. The PNG need not be fully decoded: an image is fully transparent (all bytes zero) exactly
when every filtered scanline byte is zero, whatever PNG filter each row uses, because each filter
predicts from neighbours that are then zero too.

Prints one line per file that overflows (the file, and the rows and byte columns of the margin
that hold ink) and exits 1 if any does; exits 2 if rsvg-convert is missing or fails.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

MARGIN = 60
BACKGROUND = '<rect width="100%" height="100%" fill="white"/>'


def expanded(svg_text):
    m = re.search(r"<svg\b[^>]*>", svg_text)
    if not m:
        raise ValueError("no <svg> element")
    head = m.group(0)
    w = float(re.search(r'\bwidth="([0-9.]+)"', head).group(1))
    h = float(re.search(r'\bheight="([0-9.]+)"', head).group(1))
    inner = svg_text[m.end():svg_text.rindex("</svg>")].replace(BACKGROUND, "", 1)
    attrs = re.search(r'\bfont-family="[^"]*"', head)
    font = re.search(r'\bfont-size="[^"]*"', head)
    a = MARGIN
    W, H = w + 2 * a, h + 2 * a
    outside = f"M{-a},{-a} H{w + a} V{h + a} H{-a} Z M0,0 V{h} H{w} V0 Z"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W:g}" height="{H:g}" viewBox="{-a} {-a} {W:g} {H:g}">'
        f'<defs><clipPath id="gradpath-outside"><path clip-rule="evenodd" d="{outside}"/></clipPath></defs>'
        f'<g clip-path="url(#gradpath-outside)" {attrs.group(0) if attrs else ""} {font.group(0) if font else ""}>'
        f"{inner}</g></svg>\n"
    ), int(W), int(H)


def ink(png):
    """(rows, byte columns) of the scanlines whose filtered bytes are not all zero."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, data, width = 8, b"", 0
    while pos < len(png):
        (n,) = struct.unpack(">I", png[pos:pos + 4])
        kind = png[pos + 4:pos + 8]
        body = png[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, _, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour == 6, "expected 8-bit RGBA"
        elif kind == b"IDAT":
            data += body
        pos += 12 + n
    raw = zlib.decompress(data)
    stride = 1 + 4 * width
    rows, columns = [], []
    for r in range(len(raw) // stride):
        line = raw[r * stride + 1:(r + 1) * stride]
        if any(line):
            rows.append(r)
            nz = [i for i, b in enumerate(line) if b]
            columns += [nz[0] // 4, nz[-1] // 4]
    return rows, columns


def main(paths):
    tool = shutil.which("rsvg-convert")
    if tool is None:
        print("svg_canvas_check: rsvg-convert not found (Debian package librsvg2-bin; `make setup` installs it)")
        return 2
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            with open(path, encoding="utf-8") as f:
                text, W, H = expanded(f.read())
            src, out = os.path.join(tmp, "in.svg"), os.path.join(tmp, "out.png")
            with open(src, "w", encoding="utf-8") as f:
                f.write(text)
            r = subprocess.run([tool, "-f", "png", "-o", out, src], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{path}: rsvg-convert failed: {r.stderr.strip()}")
                return 2
            with open(out, "rb") as f:
                rows, columns = ink(f.read())
            if rows:
                bad += 1
                print(
                    f"{path}: drawing leaves the canvas: ink in rows {rows[0] - MARGIN}…{rows[-1] - MARGIN} and"
                    f" columns {min(columns) - MARGIN}…{max(columns) - MARGIN} (canvas {W - 2 * MARGIN}×{H - 2 * MARGIN})"
                )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
