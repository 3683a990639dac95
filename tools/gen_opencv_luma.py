"""Writes tests/data/opencv_luma.csv: (r, g, b) -> gray as OpenCV itself computes it.

Run once by hand (the output is committed); the native tests compare our kernel
to this table, so the reference comes from OpenCV, not from our own code.

    pip install opencv-python-headless numpy
    python tools/gen_opencv_luma.py
"""
import itertools
import pathlib
import random

import cv2
import numpy as np

rng = random.Random(20261125)
colours = list(itertools.product((0, 255), repeat=3))  # the 8 corners of the cube
colours += [(v, v, v) for v in (1, 127, 128, 254)]
colours += [tuple(rng.randrange(256) for _ in range(3)) for _ in range(400)]

pixels = np.array(colours, dtype=np.uint8).reshape(1, -1, 3)
gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY).reshape(-1)

out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "opencv_luma.csv"
with out.open("w") as f:
    f.write(f"# r,g,b,gray from OpenCV {cv2.__version__} cv2.cvtColor(COLOR_RGB2GRAY)\n")
    for (r, g, b), y in zip(colours, gray):
        f.write(f"{r},{g},{b},{int(y)}\n")
print(f"wrote {len(colours)} rows to {out}")
