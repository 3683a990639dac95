"""Grayscale with multiprocessing.Pool.map: the tutorial's way, as the page teaches it.

Each worker process reads one image, converts it to gray with OpenCV and writes
<name>_gray.<ext> beside it. `Pool(os.cpu_count())` starts one process per core;
each has its own memory, so images travel to and from workers by pickling.

    pip install opencv-python-headless
    python grayscale.py photo1.jpg photo2.png ...
"""
import os
import sys
import time
from multiprocessing import Pool

import cv2


def to_gray(path):
    image = cv2.imread(path, cv2.IMREAD_COLOR)  # BGR, 8 bits per channel
    if image is None:
        return path, "not a readable image"
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)  # 0.299 R + 0.587 G + 0.114 B
    stem, ext = os.path.splitext(path)
    out = f"{stem}_gray{ext}"
    cv2.imwrite(out, gray)
    return out, None


def main(paths):
    start = time.perf_counter()
    with Pool(os.cpu_count()) as pool:  # <- one process per core
        results = pool.map(to_gray, paths)  # <- results come back in input order
    for out, error in results:
        print(f"{out}: {error}" if error else out)
    print(f"{len(paths)} images in {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
