"""The tutorial's pool_sema: N threads started at once, at most LIMIT inside.

Each of TASKS threads waits at a threading.BoundedSemaphore(LIMIT), then
spends MS milliseconds inside (a sleep: waiting, as for I/O), then leaves.
The tasks go in LIMIT at a time, so 12 tasks of 100 ms with limit 3 take
about 400 ms. The most threads ever inside at once is counted by the threads
themselves, apart from the semaphore.

    python semaphore.py [tasks=12] [limit=3] [ms=100]
"""
import sys
import threading
import time


def main(tasks=12, limit=3, ms=100):
    pool_sema = threading.BoundedSemaphore(limit)
    count_lock = threading.Lock()
    inside = peak = 0

    def task():
        nonlocal inside, peak
        with pool_sema:  # <- at most `limit` threads past this line at a time
            with count_lock:
                inside += 1
                peak = max(peak, inside)
            time.sleep(ms / 1000)  # <- the body: waiting, as for I/O
            with count_lock:
                inside -= 1

    threads = [threading.Thread(target=task) for _ in range(tasks)]
    start = time.perf_counter()
    for t in threads:  # <- all started at once
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    print(f"tasks={tasks} limit={limit} peak={peak} in {seconds:.6f} s")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
