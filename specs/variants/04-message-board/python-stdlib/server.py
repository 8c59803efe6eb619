"""Exercise 04's message board on CPython's standard library: http.server and urllib.parse.

Run: PORT=8080 python3 server.py, then open the URL it prints.
A valid board unlike the TypeScript solution: a threaded http.server, parse_qs as the form parser
(lenient, as WHATWG's urlencoded parser is: "%zz" stays text, bytes that are not UTF-8 become
U+FFFD), html.escape for the text, and chunked bodies read by hand (http.server does not).
"""

import socket
import html
import os
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOST = os.environ.get("HOST", "localhost")
PORT = int(os.environ.get("PORT", "8080"))
MAX_BODY_BYTES = 1024 * 1024
ALLOWED = "GET, HEAD, POST"

messages: list[str] = []
messages_lock = threading.Lock()


class BodyTooLarge(Exception):
    pass


class BadBody(Exception):
    pass


def render_page() -> bytes:
    with messages_lock:
        shown = list(messages)
    items = "\n".join(
        '    <li class="message">' + "<br>\n".join(html.escape(line) for line in text.splitlines()) + "</li>"
        for text in shown
    )
    page = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Message board</title>
</head>
<body>
  <h1>Message board</h1>
  <ol>
{items}
  </ol>
  <form method="post" action="/">
    <textarea name="message" rows="4" cols="50"></textarea>
    <button type="submit">Save</button>
  </form>
  <form method="post" action="/">
    <button type="submit" name="clear">Clear all messages</button>
  </form>
</body>
</html>
"""
    return page.encode("utf-8")


def status_page(status: HTTPStatus, text: str) -> bytes:
    title = f"{status.value} {status.phrase}"
    return (
        f"<!doctype html><meta charset=utf-8><title>{html.escape(title)}</title>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p><p><a href=/>Back to the board</a>"
    ).encode("utf-8")


class BoardHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send_page(self, status: HTTPStatus, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def refuse(self, status: HTTPStatus, text: str, headers: dict[str, str] | None = None) -> None:
        # The rest of the body is not read: say so, and close once the answer is out. Close in
        # stages (RFC 9112, 9.6): end the sending side, then read and drop what the client still
        # sends, for a while; a close with unread data resets the connection, and a reset can
        # destroy the answer before the client has read it.
        self.close_connection = True
        self.send_page(status, status_page(status, text), {"Connection": "close", **(headers or {})})
        self.wfile.flush()
        try:
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(2)
            while self.connection.recv(65536):
                pass
        except OSError:
            pass

    def read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self.read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            raise BodyTooLarge()
        return self.rfile.read(length)

    def read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size_line = self.rfile.readline(1024)
            try:
                size = int(size_line.split(b";")[0].strip(), 16)
            except ValueError as error:
                raise BadBody() from error
            if size == 0:
                # Trailer fields, if any, end with an empty line.
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass
                return bytes(body)
            if len(body) + size > MAX_BODY_BYTES:
                raise BodyTooLarge()
            body += self.rfile.read(size)
            self.rfile.readline(1024)  # the CRLF after the chunk

    def on_board(self) -> bool:
        if urlsplit(self.path).path == "/":
            return True
        self.send_page(HTTPStatus.NOT_FOUND, status_page(HTTPStatus.NOT_FOUND, "The board is at /."))
        return False

    def do_GET(self) -> None:
        if self.on_board():
            self.send_page(HTTPStatus.OK, render_page())

    do_HEAD = do_GET

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/":
            self.refuse(HTTPStatus.NOT_FOUND, "The board is at /.")
            return
        try:
            body = self.read_body()
        except BodyTooLarge:
            self.refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"A post must be at most {MAX_BODY_BYTES} bytes.")
            return
        except BadBody:
            self.refuse(HTTPStatus.BAD_REQUEST, "The chunked body is malformed.")
            return
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        with messages_lock:
            if "clear" in form:
                messages.clear()
            else:
                text = form.get("message", [""])[0]
                if text.strip():
                    messages.append(text)
        # Post/Redirect/Get: a reload of the board repeats a GET, not this POST.
        self.send_page(HTTPStatus.SEE_OTHER, status_page(HTTPStatus.SEE_OTHER, "Saved."), {"Location": "/"})

    def not_allowed(self) -> None:
        self.send_page(
            HTTPStatus.METHOD_NOT_ALLOWED,
            status_page(HTTPStatus.METHOD_NOT_ALLOWED, f"The board answers {ALLOWED}."),
            {"Allow": ALLOWED},
        )

    do_PUT = do_DELETE = do_PATCH = not_allowed


class BoardServer(ThreadingHTTPServer):
    # 50 visitors may post at the same moment: keep their connections waiting, not refused.
    request_queue_size = 128


if __name__ == "__main__":
    server = BoardServer((HOST, PORT), BoardHandler)
    print(f"Open your browser at http://{HOST}:{PORT}/")
    server.serve_forever()
