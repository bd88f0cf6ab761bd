#!/usr/bin/python3
# Draws the extension's marketplace icon (media/icon.png, 256x256) and crops the walkthrough's
# "declare an input" picture from the end-to-end screenshot docs/screenshots/hints.png. Run once with
# Pillow (Debian: python3-pil); the PNGs are committed, so neither build nor CI needs this script.

import os

from PIL import Image, ImageDraw

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
S = 4  # supersampling factor


def icon(path):
    size = 256 * S
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([0, 0, size - 1, size - 1], radius=48 * S, fill=(30, 30, 46, 255))
    # A stack of three tensor slices (parallelograms), back to front.
    colors = [(120, 60, 40, 255), (190, 80, 50, 255), (238, 76, 44, 255)]
    for i, c in enumerate(colors):
        ox, oy = (40 + 18 * i) * S, (150 - 26 * i) * S
        w, h, skew = 120 * S, 60 * S, 34 * S
        d.polygon([(ox + skew, oy - h), (ox + skew + w, oy - h), (ox + w, oy), (ox, oy)], fill=c, outline=(30, 30, 46, 255))
    # The lens: a ring and its handle over the stack.
    cx, cy, r = 160 * S, 128 * S, 56 * S
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(240, 240, 245, 255), width=14 * S)
    d.line([(cx + 40 * S, cy + 40 * S), (cx + 84 * S, cy + 84 * S)], fill=(240, 240, 245, 255), width=22 * S)
    # Inside the lens: the shape's brackets.
    d.line([(cx - 22 * S, cy - 26 * S), (cx - 32 * S, cy - 26 * S), (cx - 32 * S, cy + 26 * S), (cx - 22 * S, cy + 26 * S)], fill=(240, 240, 245, 255), width=8 * S)
    d.line([(cx + 22 * S, cy - 26 * S), (cx + 32 * S, cy - 26 * S), (cx + 32 * S, cy + 26 * S), (cx + 22 * S, cy + 26 * S)], fill=(240, 240, 245, 255), width=8 * S)
    img.resize((256, 256), Image.LANCZOS).save(path, optimize=True)


def declare(path):
    shot = Image.open(os.path.join(ROOT, "docs", "screenshots", "hints.png")).convert("RGB")
    shot.crop((360, 195, 1260, 545)).save(path, optimize=True)


if __name__ == "__main__":
    icon(os.path.join(ROOT, "media", "icon.png"))
    declare(os.path.join(ROOT, "media", "walkthrough", "declare.png"))
