"""Thread per task: one threading.Thread for each job, all joined at the end.

Like starting a thread per file in a directory of 12 files. Job i adds up the
numbers below size(i) one at a time (pure Python, so the GIL lets only one
thread run Python code at once: threads overlap waiting, not computing).

    python tasks.py [tasks=12]
"""
import sys
import threading
import time

UNIT = 1_500_000


def size(i):
    return UNIT * (1 + i % 3)


def job(i, results):
    total = 0
    for k in range(size(i)):
        total += k
    results[i] = total


def main(tasks=12):
    results = [None] * tasks
    threads = [threading.Thread(target=job, args=(i, results)) for i in range(tasks)]  # <- a thread per job
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    print(f"{tasks} tasks in {seconds:.6f} s; results in input order: {results[:3]}...")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 12)
