"""A bounded buffer between producers and consumers with threading.Condition.

P producers each put ITEMS numbers into a buffer of CAPACITY; Q consumers
take them out. A producer waits while the buffer is full, a consumer while
it is empty, and every change wakes the others (notify_all). `while` checks
the condition again after each wake-up; `if` checks it once — the classic
bug: a consumer woken together with another one goes on after that one has
emptied the buffer, and pop() raises IndexError (counted here).

    python condition.py [producers=2] [consumers=2] [capacity=4] [items=10000] [while|if]
"""
import sys
import threading
import time
from collections import deque


def main(producers=2, consumers=2, capacity=4, items=10_000, check="while"):
    buffer = deque()
    cond = threading.Condition()
    producing = producers
    received = []  # per consumer: (count, sum, errors)

    def full():
        return len(buffer) >= capacity

    def empty():
        return not buffer and producing > 0

    def wait(blocked):
        if check == "while":
            while blocked():  # <- checked again after every wake-up
                cond.wait()
        elif blocked():  # <- the bug: checked once
            cond.wait()

    def produce(p):
        nonlocal producing
        for k in range(items):
            with cond:
                wait(full)
                buffer.append(p * items + k + 1)
                cond.notify_all()
        with cond:
            producing -= 1
            cond.notify_all()

    def consume():
        count = total = errors = 0
        while True:
            with cond:
                wait(empty)
                if not buffer and producing == 0:
                    break
                try:
                    item = buffer.popleft()
                except IndexError:  # <- woke, went on, and found nothing
                    errors += 1
                    continue
                count, total = count + 1, total + item
                cond.notify_all()
        received.append((count, total, errors))

    threads = [threading.Thread(target=produce, args=(p,)) for p in range(producers)]
    threads += [threading.Thread(target=consume) for _ in range(consumers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    count = sum(r[0] for r in received)
    total = sum(r[1] for r in received)
    errors = sum(r[2] for r in received)
    n, k = producers, items
    sent = n * k * (k + 1) // 2 + k * k * n * (n - 1) // 2
    print(f"received={count} of {producers * items} checksum_ok={total == sent} errors={errors} in {seconds:.6f} s")


if __name__ == "__main__":
    args = sys.argv[1:]
    numbers = [int(a) for a in args if a.isdigit()]
    words = [a for a in args if not a.isdigit()]
    main(*numbers, *(words[:1]))
