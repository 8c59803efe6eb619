"""Exercise 05's persistent message board, in Python with the standard library only.

A valid variant of the reference solution: http.server for HTTP, urllib.parse.parse_qs for the
form (lenient, as WHATWG's urlencoded parser is: "%zz" stays text, bad UTF-8 becomes U+FFFD),
html.escape for the page, json for the data file, and a temp file plus os.replace for atomic
saves. Run: DATA_FILE=/tmp/board.json python3 server.py
"""

import html
import json
import os
import re
import sys
import tempfile
import threading
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOST = os.environ.get("HOST", "localhost")
PORT = int(os.environ.get("PORT", "8080"))
DATA_FILE = os.path.abspath(
    os.environ.get("DATA_FILE") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "messages.json")
)
MAX_BODY = 1024 * 1024
ALLOW = "GET, HEAD, POST"
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def is_message(item):
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not isinstance(item.get("posted"), str):
        return False
    try:
        datetime.fromisoformat(item["posted"])
    except ValueError:
        return False
    return True


def load_board(path):
    """The board in the data file. Only a missing file means an empty board; anything else
    stops the server before it could save over messages it failed to read."""
    try:
        with open(path, encoding="utf-8") as f:
            board = json.load(f)
    except FileNotFoundError:
        print(f"No data file at {path} yet: the board starts empty.")
        return []
    except (OSError, ValueError) as error:
        sys.exit(f"Not starting: {path} cannot be used ({error}). Repair it or move it away, then start again.")
    if not isinstance(board, list) or not all(is_message(item) for item in board):
        sys.exit(f"Not starting: {path} is JSON, but not a list of messages. Repair it or move it away, then start again.")
    print(f"Loaded {len(board)} message(s) from {path}.")
    return board


def save_board(board, path):
    """Writes the board atomically: a temp file in the same folder, then os.replace over the data file."""
    fd, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".board-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(board, f, ensure_ascii=False, indent=1)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


board = load_board(DATA_FILE)
# One request changes and saves the board at a time, so the saves land in the order of the changes.
board_lock = threading.Lock()


class TooLarge(Exception):
    pass


def text_html(text):
    """A message's text, escaped, each line break a <br> (a browser shows a raw one as a space)."""
    return "<br>".join(html.escape(line) for line in LINE_BREAK.split(text))


def page():
    if board:
        items = "\n".join(
            '<li class="message">'
            f'<p class="posted">Posted: {html.escape(m["posted"])}</p>'
            f'<p class="text">{text_html(m["text"])}</p>'
            "</li>"
            for m in board
        )
        messages = f'<ul id="messages">\n{items}\n</ul>'
    else:
        messages = "<p>No messages yet.</p>"
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Message board</title></head>
<body>
<h1>Message board</h1>
{messages}
<form method="post" action="/">
<textarea name="message" rows="4" cols="50"></textarea>
<input type="submit" value="Save">
</form>
<form method="post" action="/"><button type="submit" name="clear">Clear all messages</button></form>
</body>
</html>
"""


class BoardHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send_page(self, status, body, headers=()):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def status_page(self, status, text, headers=()):
        title = f"{status.value} {status.phrase}"
        self.send_page(status, f"<!DOCTYPE html><title>{title}</title><h1>{title}</h1><p>{html.escape(text)}</p>", headers)

    def read_body(self):
        """The request body, with Content-Length or chunked; TooLarge once it passes MAX_BODY
        (the rest is read and dropped, so that the client gets the 413, not a reset)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts, size = [], 0
            while True:
                length = int(self.rfile.readline().split(b";")[0].strip(), 16)
                chunk = self.rfile.read(length + 2)[:length] if length else b""
                if length == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                size += length
                if size <= MAX_BODY:
                    parts.append(chunk)
            if size > MAX_BODY:
                raise TooLarge()
            return b"".join(parts)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            while length > 0:
                chunk = self.rfile.read(min(length, 65536))
                if not chunk:
                    break
                length -= len(chunk)
            raise TooLarge()
        return self.rfile.read(length)

    def do_GET(self):
        if urlsplit(self.path).path != "/":
            self.status_page(HTTPStatus.NOT_FOUND, "The board is at /.")
            return
        with board_lock:
            body = page()
        self.send_page(HTTPStatus.OK, body)

    do_HEAD = do_GET

    def do_POST(self):
        try:
            body = self.read_body()
        except TooLarge:
            self.status_page(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"A post may be {MAX_BODY} bytes at most.")
            return
        if urlsplit(self.path).path != "/":
            self.status_page(HTTPStatus.NOT_FOUND, "The board is at /.")
            return
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        with board_lock:
            if "clear" in form:
                board.clear()
            else:
                text = form.get("message", [""])[0]
                if text.strip():
                    board.append({"text": text, "posted": datetime.now(timezone.utc).isoformat(timespec="seconds")})
            save_board(board, DATA_FILE)
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", "/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def refuse_method(self):
        self.status_page(HTTPStatus.METHOD_NOT_ALLOWED, f"This board answers {ALLOW}.", [("Allow", ALLOW)])

    do_PUT = do_DELETE = do_PATCH = refuse_method


class BoardServer(ThreadingHTTPServer):
    # socketserver's default backlog is 5: with more visitors connecting at the same moment, the
    # kernel refuses the rest. A board is posted to by many at once.
    request_queue_size = 128
    daemon_threads = True


if __name__ == "__main__":
    server = BoardServer((HOST, PORT), BoardHandler)
    print(f"Open your browser at http://{HOST}:{PORT}/")
    server.serve_forever()
