"""Download several pages at once with asyncio and aiohttp: the tutorial's way.

`sequential` awaits one request after another; `gather` starts them all and
waits for all; `limited` allows at most `limit` in flight with a Semaphore;
`taskgroup` (Python 3.11+) starts them all in an asyncio.TaskGroup, which —
unlike gather — cancels the other tasks as soon as one raises (here each
failure is caught and kept in its row, so none raises). Results come back in
input order in every mode.

    pip install aiohttp
    python fetch.py gather 20 http://127.0.0.1:8000/sim/delay?ms=100&bytes=2048
"""
import asyncio
import sys
import time

import aiohttp


async def fetch(session, url):
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=10)) as response:
            body = await response.read()
            return url, response.status, len(body), None
    except Exception as error:  # each failure stays in its own row
        return url, None, 0, repr(error)


async def main(mode, urls, limit=5):
    start = time.perf_counter()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        if mode == "sequential":
            results = [await fetch(session, url) for url in urls]  # <- one at a time
        elif mode == "gather":
            results = await asyncio.gather(*(fetch(session, url) for url in urls))  # <- all at once
        elif mode == "taskgroup":
            async with asyncio.TaskGroup() as group:  # <- one raising task would cancel the rest
                tasks = [group.create_task(fetch(session, url)) for url in urls]
            results = [task.result() for task in tasks]
        else:
            semaphore = asyncio.Semaphore(limit)

            async def limited(url):
                async with semaphore:  # <- at most `limit` in flight
                    return await fetch(session, url)

            results = await asyncio.gather(*(limited(url) for url in urls))
    seconds = time.perf_counter() - start
    failed = sum(1 for r in results if r[3])
    print(f"{len(results)} requests ({failed} failed) {mode} in {seconds:.6f} s")


if __name__ == "__main__":
    mode, count, url = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    asyncio.run(main(mode, [url] * count, int(sys.argv[4]) if len(sys.argv) > 4 else 5))
