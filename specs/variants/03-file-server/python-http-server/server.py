# Exercise 03 in Python, standard library only: the file server Python ships, http.server's
# SimpleHTTPRequestHandler, with what the lesson asks beyond it. Run: python3 server.py
# (or, with the specs: npm test exercises/03 -- --server "python3 server.py")
import os
import re
import urllib.parse
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = os.environ.get("HOST", "localhost")
PORT = int(os.environ.get("PORT", "8080"))

# Beside this file, wherever python was started from (step 2).
PUBLIC_DIR = Path(__file__).resolve().parent / "public"

# A "%" not followed by two hex digits: not a valid request target (step 6, RFC 9112 section 3).
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class PublicHandler(SimpleHTTPRequestHandler):
    # The lesson's table (step 3): text types name their charset. The rest comes from mimetypes,
    # and anything it does not know is application/octet-stream.
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
    }

    def send_head(self):
        # translate_path already cuts off the query, decodes, and drops every ".." (step 7);
        # what it lets through is bad %-encoding and null bytes (step 6).
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if BAD_PERCENT.search(path):
            self.send_error(HTTPStatus.BAD_REQUEST, "Malformed %-encoding in the path")
            return None
        if "\0" in urllib.parse.unquote(path):
            self.send_error(HTTPStatus.BAD_REQUEST, "The path holds a null byte")
            return None
        return super().send_head()

    def list_directory(self, path):
        # Never list a folder's files (step 8): a folder without index.html is a 404.
        self.send_error(HTTPStatus.NOT_FOUND, "No such file")
        return None


if __name__ == "__main__":
    handler = partial(PublicHandler, directory=str(PUBLIC_DIR))
    with ThreadingHTTPServer((HOST, PORT), handler) as httpd:
        print(f"Serving {PUBLIC_DIR}")
        print(f"Open your browser at http://{HOST}:{PORT}/")
        httpd.serve_forever()
