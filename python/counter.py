"""A shared counter with threading and a Lock: the tutorial's way.

T threads each add 1 to one counter I times. With the lock the result is
exactly T * I; `racy` drops the lock, so `counter += 1` (a read, an add and a
write) can interleave between threads and lose updates. `work` is how many
microseconds of private computation each thread does before each increment:
under the GIL, two threads doing it take as long as one doing both shares.

    python counter.py [threads=2] [iterations=100000] [lock|racy] [work=0]
"""
import sys
import threading
import time

counter = 0
lock = threading.Lock()


def private_work(us):
    end = time.perf_counter_ns() + us * 1000
    while time.perf_counter_ns() < end:  # <- computing: under the GIL, one thread at a time
        pass


def add_locked(iterations, work):
    global counter
    for _ in range(iterations):
        if work:
            private_work(work)
        with lock:  # <- one thread at a time
            counter += 1


def add_racy(iterations, work):
    global counter
    for _ in range(iterations):
        if work:
            private_work(work)
        counter += 1  # <- read, add, write: can interleave


def main(threads=2, iterations=100_000, variant="lock", work=0):
    target = add_locked if variant == "lock" else add_racy
    workers = [threading.Thread(target=target, args=(iterations, work)) for _ in range(threads)]
    start = time.perf_counter()
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    seconds = time.perf_counter() - start
    expected = threads * iterations
    print(f"count={counter} expected={expected} lost={expected - counter} in {seconds:.6f} s")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 2, int(args[1]) if len(args) > 1 else 100_000,
         args[2] if len(args) > 2 else "lock", int(args[3]) if len(args) > 3 else 0)
