"""Reads and writes 8-bit RGB/RGBA PNG files with the standard library only (the Teams app icons)."""

import struct
import zlib
from pathlib import Path


def read_png(path: Path) -> tuple[int, int, bool, list[tuple[int, int, int, int]]]:
    """(width, height, has alpha, RGBA pixels) of an 8-bit, non-interlaced RGB or RGBA PNG (stdlib only)."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, b"", b""
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if len(header) != 13:
        raise ValueError("no IHDR chunk")
    width, height, depth, color_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or color_type not in (2, 6) or interlace:
        raise ValueError(f"only 8-bit non-interlaced RGB/RGBA is supported (depth {depth}, color type {color_type})")
    bpp = 4 if color_type == 6 else 3
    raw, stride = zlib.decompress(idat), width * bpp
    previous, pixels, i = bytearray(stride), [], 0
    for _ in range(height):
        line = _unfilter(raw[i], bytearray(raw[i + 1 : i + 1 + stride]), previous, bpp)
        i += 1 + stride
        for x in range(0, stride, bpp):
            pixels.append((line[x], line[x + 1], line[x + 2], line[x + 3] if bpp == 4 else 255))
        previous = line
    return width, height, bpp == 4, pixels


def write_png(path: Path, width: int, height: int, pixels: list[tuple[int, int, int, int]]) -> Path:
    """Write RGBA pixels (row by row) as an 8-bit RGBA PNG (stdlib only)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + bytes(v for p in pixels[y * width : (y + 1) * width] for v in p) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
    )
    return path


def _unfilter(kind: int, line: bytearray, previous: bytearray, bpp: int) -> bytearray:
    if kind == 0:
        return line
    for x in range(len(line)):
        left = line[x - bpp] if x >= bpp else 0
        up = previous[x]
        if kind == 1:
            line[x] = (line[x] + left) & 0xFF
        elif kind == 2:
            line[x] = (line[x] + up) & 0xFF
        elif kind == 3:
            line[x] = (line[x] + (left + up) // 2) & 0xFF
        elif kind == 4:
            corner = previous[x - bpp] if x >= bpp else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter type {kind}")
    return line
