"""Exercise 02 in Python: a request handler on the standard library's http.server.

Run: npm start 02 -- --server "python3 server.py"   (it reads PORT and HOST from the environment)
Only GET and HEAD are written; for any other method, BaseHTTPRequestHandler itself answers
501 Not Implemented. Its access log goes to stderr, in the Common Log Format's style.
"""
import os
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = """<!DOCTYPE html>
<html>
  <head><title>netkata — http.server</title></head>
  <body><p>Hello from Python's http.server — it parsed the request for me.</p></body>
</html>
""".encode("utf-8")


class PageHandler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps the connection open between requests; every answer then needs its length.
    protocol_version = "HTTP/1.1"

    def send_head(self):
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()

    def do_HEAD(self):
        self.send_head()

    def do_GET(self):
        self.send_head()
        self.wfile.write(PAGE)


def main():
    host = os.environ.get("HOST", "localhost")
    port = int(os.environ.get("PORT", "8080"))
    with ThreadingHTTPServer((host, port), PageHandler) as httpd:
        print(f"Open your browser at http://{host}:{port}/")
        httpd.serve_forever()


if __name__ == "__main__":
    main()
