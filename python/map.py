"""ThreadPoolExecutor.map: results in input order, whatever order they finish in.

    python map.py [workers=4] [n=100]
"""
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def work_units(x):
    return ((x * 7919) % 2**32 >> 3) % 5 + 1


def square(x):
    spin = x
    for _ in range(work_units(x) * 4_000):  # uneven busy work per item
        spin = (spin * 6364136223846793005 + 1) % 2**64
    return x * x


def main(workers=4, n=100):
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as executor:
        results = list(executor.map(square, range(n)))  # <- in input order
    seconds = time.perf_counter() - start
    assert results == [x * x for x in range(n)]
    print(f"{n} items with {workers} workers in {seconds:.6f} s")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 4, int(args[1]) if len(args) > 1 else 100)
