"""Writes tests/data/opencv_gray/: test pictures and what OpenCV makes of them.

Run once by hand (the output is committed); tests/e2e/opencv.test.mjs holds our
grayscale batch to it, so the reference comes from OpenCV, not from our code.

For each input (JPEGs written by OpenCV's own encoder at its default quality,
some with other settings: 4:4:4, restart markers, one component, progressive;
one PNG), `<stem>.gray.png` is OpenCV's gray of the decoded input
(cv2.imread + cv2.cvtColor, as python/grayscale.py does), and reference.json
gives, per JPEG, how far OpenCV's own output (cv2.imwrite of that gray at
its default quality, read back) is from it: the mean absolute error in gray
levels that ours must not exceed. `<stem>.gray.jpg` is that output itself,
the file cv2.imwrite writes for the gray picture, and `noise.gray.png` /
`noise.gray.jpg` the same for a picture of pure noise: our JPEG encoder's
native test compares its bytes with these.

    pip install opencv-python-headless numpy
    python tools/gen_opencv_gray.py
"""
import json
import pathlib

import cv2
import numpy as np

out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "opencv_gray"
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(20261126)


def photo(width, height, noise, saturated):
    """A photo-like BGR picture: smooth gradients, a few discs, some grain."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    b = 128 + 100 * np.sin(x / 23.0) * np.cos(y / 31.0)
    g = 40 + 180 * (y / height)
    r = 60 + 160 * (x / width)
    img = np.dstack([b, g, r])
    for _ in range(6):
        cx, cy, rad = rng.integers(0, width), rng.integers(0, height), rng.integers(10, 50)
        colour = rng.integers(0, 256, 3) if not saturated else rng.choice([0, 255], 3)
        img[(x - cx) ** 2 + (y - cy) ** 2 < rad**2] = colour
    img += rng.normal(0, noise, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def mean_error(a, b):
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def describe(path, w, h):
    """Writes OpenCV's gray of the picture at `path` (`<stem>.gray.png`) and
    returns its reference entry: for a JPEG, how far OpenCV's own output for
    that gray is from it, and how long that output is."""
    gray = cv2.cvtColor(cv2.imread(str(path), cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)
    cv2.imwrite(str(out / f"{path.stem}.gray.png"), gray)
    entry = {"width": w, "height": h}
    if path.suffix == ".jpg":
        ok, encoded = cv2.imencode(".jpg", gray)  # what python/grayscale.py writes
        back = cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE)
        entry["opencv_mean_error"] = mean_error(back, gray)
        entry["opencv_bytes"] = int(len(encoded))
    return entry


reference = {"opencv": cv2.__version__, "files": {}}
for name, (w, h, noise, saturated) in {
    "street.jpg": (320, 240, 6.0, False),
    "poster.jpg": (256, 176, 2.0, True),
    "odd-size.jpg": (203, 117, 10.0, False),
    "grainy.jpg": (240, 180, 25.0, False),
    "diagram.png": (150, 90, 0.0, True),
}.items():
    path = out / name
    cv2.imwrite(str(path), photo(w, h, noise, saturated))  # OpenCV's defaults: JPEG quality 95
    reference["files"][name] = describe(path, w, h)
noise = rng.integers(0, 256, (48, 64), dtype=np.uint8)
cv2.imwrite(str(out / "noise.gray.png"), noise)
# Other kinds of JPEG, written by OpenCV with other settings: chroma at full
# size (4:4:4), restart markers every 5 MCUs, one gray component, and a
# progressive file.
for name, (w, h, noise_level, params, gray_input) in {
    "sampling-444.jpg": (120, 88, 8.0, [cv2.IMWRITE_JPEG_SAMPLING_FACTOR, cv2.IMWRITE_JPEG_SAMPLING_FACTOR_444], False),
    "restarts.jpg": (161, 97, 8.0, [cv2.IMWRITE_JPEG_RST_INTERVAL, 5], False),
    "one-component.jpg": (99, 70, 8.0, [], True),
    "progressive.jpg": (130, 90, 8.0, [cv2.IMWRITE_JPEG_PROGRESSIVE, 1], False),
}.items():
    path = out / name
    picture = photo(w, h, noise_level, False)
    if gray_input:
        picture = cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)
    cv2.imwrite(str(path), picture, params)
    reference["files"][name] = describe(path, w, h)
for gray_png in sorted(out.glob("*.gray.png")):
    gray = cv2.imread(str(gray_png), cv2.IMREAD_GRAYSCALE)
    cv2.imwrite(str(gray_png.with_suffix(".jpg")), gray)  # quality 95, OpenCV's default
(out / "reference.json").write_text(json.dumps(reference, indent=1) + "\n")
print(json.dumps(reference, indent=1))
