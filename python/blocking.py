"""Don't block the event loop: a ticker coroutine and a CPU-bound job.

`main`: the job runs inside a coroutine in one piece — the ticker stops.
`sliced`: the job awaits asyncio.sleep(0) between slices — the ticker keeps going.
`worker`: the job runs in another process (run_in_executor) — the loop stays free.

    python blocking.py [main|sliced|worker] [ms=500]
"""
import asyncio
import sys
import time
from concurrent.futures import ProcessPoolExecutor

FRAME = 1 / 60


def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


async def sliced(ms, slice_ms=4):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        busy(min(slice_ms, (end - time.perf_counter()) * 1000))
        await asyncio.sleep(0)  # <- let the ticker run


async def ticker(ticks, stop):
    while not stop.is_set():
        ticks.append(time.perf_counter())
        await asyncio.sleep(FRAME)


async def main(where="main", ms=500):
    ticks, stop = [], asyncio.Event()
    tick_task = asyncio.create_task(ticker(ticks, stop))
    await asyncio.sleep(0)
    start = time.perf_counter()
    if where == "main":
        busy(ms)
    elif where == "sliced":
        await sliced(ms)
    else:
        with ProcessPoolExecutor(1) as pool:
            await asyncio.get_running_loop().run_in_executor(pool, busy, ms)
    end = time.perf_counter()
    stop.set()
    await tick_task
    points = [start] + [t for t in ticks if start < t < end] + [end]
    longest = max(b - a for a, b in zip(points, points[1:]))
    print(f"{where}: longest gap between ticks {longest * 1000:.1f} ms over {ms} ms of work")


if __name__ == "__main__":
    args = sys.argv[1:]
    asyncio.run(main(args[0] if args else "main", int(args[1]) if len(args) > 1 else 500))
