#!/usr/bin/env python3
"""A TCP relay that delays every byte by a fixed time in each direction: latency-test.sh's stand-in
for `tc netem delay` on kernels built without it (CONFIG_NET_SCH_NETEM unset, as on this project's
VMs). Bytes keep their order; each chunk read is written out DELAY_MS after it was read, so a round
trip through the relay takes twice the delay more, as on a link with that one-way latency.

Usage: delay-relay.py LISTEN_PORT TARGET_HOST TARGET_PORT SOURCE_ADDR DELAY_MS
Listens on 127.0.0.1:LISTEN_PORT, connects to TARGET_HOST:TARGET_PORT from SOURCE_ADDR (so that an
iptables REDIRECT of the agent's own connections can leave the relay's alone).
"""
import asyncio
import sys
import time


async def pipe(reader, writer, delay):
    queue = asyncio.Queue()

    async def read():
        while True:
            data = await reader.read(65536)
            await queue.put((time.monotonic() + delay, data))
            if not data:
                return

    async def write():
        while True:
            due, data = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                writer.close()
                return
            writer.write(data)
            await writer.drain()

    try:
        await asyncio.gather(read(), write())
    except (ConnectionError, OSError):
        writer.close()


async def main():
    listen_port, host, port, source, delay_ms = sys.argv[1:6]
    delay = int(delay_ms) / 1000.0

    async def serve(client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                host, int(port), local_addr=(source, 0))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            pipe(client_reader, upstream_writer, delay),
            pipe(upstream_reader, client_writer, delay),
            return_exceptions=True)

    server = await asyncio.start_server(serve, "127.0.0.1", int(listen_port))
    print(f"relaying 127.0.0.1:{listen_port} -> {host}:{port} from {source}, {delay_ms} ms each way",
          flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
