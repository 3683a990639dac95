"""A ping-pong through multiprocessing.Pipe, and the same between two threads.

Processes: Pipe() gives two connected ends; the child process answers each
number it receives with that number plus one, ROUNDS times. Threads: two
threads pass the number through a shared variable, each waiting for its
turn on a threading.Event. One round trip's cost is the figure.

    python pipe.py [rounds=10000] [processes|threads|both]
"""
import multiprocessing as mp
import sys
import threading
import time


def pong(end, rounds):
    for _ in range(rounds):
        end.send(end.recv() + 1)  # <- the answer, copied back through the pipe


def processes(rounds):
    here, there = mp.Pipe()  # <- two connected ends
    child = mp.Process(target=pong, args=(there, rounds))
    child.start()
    start = time.perf_counter()
    answered = 0
    for i in range(rounds):
        here.send(i)  # <- pickled, written to the pipe, read and unpickled by the child
        answered += here.recv() == i + 1
    seconds = time.perf_counter() - start
    child.join()
    return answered, seconds


def threads(rounds):
    ball = [0]
    ping_turn, pong_turn = threading.Event(), threading.Event()

    def pong_side():
        for _ in range(rounds):
            pong_turn.wait()
            pong_turn.clear()
            ball[0] += 1  # <- shared memory: nothing copied
            ping_turn.set()

    other = threading.Thread(target=pong_side)
    other.start()
    start = time.perf_counter()
    answered = 0
    for i in range(rounds):
        ball[0] = i
        pong_turn.set()
        ping_turn.wait()
        ping_turn.clear()
        answered += ball[0] == i + 1
    seconds = time.perf_counter() - start
    other.join()
    return answered, seconds


if __name__ == "__main__":
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    which = sys.argv[2] if len(sys.argv) > 2 else "both"
    for name, run in (("processes", processes), ("threads", threads)):
        if which in (name, "both"):
            answered, seconds = run(rounds)
            print(f"{name}: answered={answered} of {rounds} round_trip_us={seconds / rounds * 1e6:.2f} in {seconds:.6f} s")
