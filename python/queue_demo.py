"""Producer and consumer processes over a multiprocessing.Queue.

`close` (the fix): the producer puts a sentinel (None) after its items and the
consumer reads until it sees it, so it gets every item. `poll_empty` (the
mistake): the consumer loops `while not queue.empty(): queue.get()` and may
find the queue empty before the producer has even started, losing items.

    python queue_demo.py [items=3] [close|poll_empty]
"""
import sys
import time
from multiprocessing import Process, Queue

SENTINEL = None


def producer(queue, items):
    for item in range(items):
        queue.put(item)
    queue.put(SENTINEL)  # <- the close


def consumer_until_sentinel(queue, results):
    received = 0
    while queue.get() is not SENTINEL:
        received += 1
    results.put((received, True))


def consumer_until_empty(queue, results):
    received = 0
    while not queue.empty():  # <- the mistake: empty now is not empty for good
        if queue.get() is SENTINEL:
            results.put((received, True))
            return
        received += 1
    results.put((received, False))


def main(items=3, variant="close"):
    queue, results = Queue(), Queue()
    consume = consumer_until_sentinel if variant == "close" else consumer_until_empty
    start = time.perf_counter()
    c = Process(target=consume, args=(queue, results))
    p = Process(target=producer, args=(queue, items))
    c.start()
    p.start()
    received, saw_sentinel = results.get()
    if not saw_sentinel:
        # What the consumer left behind must still be read, or the producer
        # cannot finish flushing it into the pipe and never exits.
        while queue.get() is not SENTINEL:
            pass
    p.join()
    c.join()
    seconds = time.perf_counter() - start
    print(f"received={received} lost={items - received} of {items} in {seconds:.6f} s")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 3, args[1] if len(args) > 1 else "close")
