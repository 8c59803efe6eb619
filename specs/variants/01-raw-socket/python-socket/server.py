"""Exercise 01 in Python, with the socket module alone: HTTP written by hand, byte by byte.

Run: npm start 01 -- --server "python3 server.py"   (it reads PORT and HOST from the environment)
Each connection gets a thread of its own, so a slow client does not hold up the others.
"""
import os
import socket
import threading

HOST = os.environ.get("HOST", "localhost")
PORT = int(os.environ.get("PORT", "8080"))

PAGE = """<!DOCTYPE html>
<html lang="en">
  <head><meta charset="utf-8"><title>netkata — Python sockets</title></head>
  <body><p>Hello from a Python socket server — bytes by hand, here too.</p></body>
</html>
""".encode("utf-8")

MAX_HEAD = 64 * 1024


def read_head(conn):
    """Collects bytes until the empty line that ends the head; None if the client leaves first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk or len(data) > MAX_HEAD:
            return None
        data += chunk
    return data.split(b"\r\n\r\n", 1)[0]


def respond(conn, address):
    with conn:
        print(f"Got a connection from {address[0]}:{address[1]}")
        head = read_head(conn)
        if head is None:
            return
        # Header bytes are not always UTF-8; latin-1 shows every byte as one character.
        print(head.decode("latin-1"))
        conn.sendall(
            b"HTTP/1.1 200 OK\r\n"
            b"Content-Type: text/html; charset=UTF-8\r\n"
            + f"Content-Length: {len(PAGE)}\r\n".encode("ascii")
            + b"Connection: close\r\n"
            b"\r\n"
            + PAGE
        )


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # TCP: a stream of bytes
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, PORT))
    listener.listen()
    print(f"Open your browser at http://{HOST}:{PORT}/")
    while True:
        conn, address = listener.accept()
        threading.Thread(target=respond, args=(conn, address), daemon=True).start()


if __name__ == "__main__":
    main()
