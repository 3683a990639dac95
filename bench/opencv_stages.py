"""The benchmark's per-stage times for OpenCV: what python/grayscale.py's
to_gray does per file (cv2.imread, cv2.cvtColor, cv2.imwrite), each stage
timed on its own, one file after another in this one process.

    python bench/opencv_stages.py OUT_DIR photo1.jpg photo2.jpg ...

Prints one line of JSON: milliseconds per file, the mean over all files and
three passes (the first pass, which warms the disk cache, is left out).
"""
import json
import os
import sys
import time

import cv2


def main(out_dir, paths):
    totals = {"decode_ms": 0.0, "luma_ms": 0.0, "encode_ms": 0.0}
    passes = 3
    for p in range(passes + 1):
        for path in paths:
            t0 = time.perf_counter()
            image = cv2.imread(path, cv2.IMREAD_COLOR)
            t1 = time.perf_counter()
            gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
            t2 = time.perf_counter()
            cv2.imwrite(os.path.join(out_dir, os.path.basename(path)), gray)
            t3 = time.perf_counter()
            if p > 0:
                totals["decode_ms"] += (t1 - t0) * 1000
                totals["luma_ms"] += (t2 - t1) * 1000
                totals["encode_ms"] += (t3 - t2) * 1000
    n = passes * len(paths)
    print(json.dumps({k: v / n for k, v in totals.items()}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
