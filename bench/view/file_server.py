#!/usr/bin/env python3
"""file_server.py: a bare HTTP baseline for bench/view.sh's export throughput.

Usage: file_server.py MODE FILE_LIST   (MODE: sendfile or copy)
Serves, for any GET, the concatenation of the files listed (one path a line) as one
HTTP/1.1 body with Content-Length, either with sendfile(2) (zero-copy from the page cache to
the socket) or with read(2)/send(2) of 1 MiB blocks (what a server that copies through user
space does). No parsing, no MP4 work: it tells how fast any HTTP server can hand the same
bytes to curl over loopback on this machine. Prints "ready PORT", serves until killed.
"""
import os
import socket
import sys


def serve(conn, mode, paths, total):
    conn.recv(65536)  # the request; its content does not matter
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nConnection: close\r\n"
                 b"Content-Length: %d\r\n\r\n" % total)
    for path in paths:
        with open(path, "rb") as f:
            if mode == "sendfile":
                size, offset = os.fstat(f.fileno()).st_size, 0
                while offset < size:
                    offset += os.sendfile(conn.fileno(), f.fileno(), offset, size - offset)
            else:
                while block := f.read(1 << 20):
                    conn.sendall(block)


def main():
    mode, list_path = sys.argv[1], sys.argv[2]
    with open(list_path) as f:
        paths = [line.strip() for line in f if line.strip()]
    total = sum(os.path.getsize(p) for p in paths)
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    print("ready", server.getsockname()[1], flush=True)
    while True:
        conn, _ = server.accept()
        try:
            serve(conn, mode, paths, total)
        except OSError:
            pass
        finally:
            conn.close()


if __name__ == "__main__":
    main()
