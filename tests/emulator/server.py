"""The HTTP server: threaded, keep-alive HTTP/1.1 on loopback, TCP_NODELAY, quiet, able to drop a connection.

werkzeug's own server closes every connection; this small WSGI bridge keeps them open, as Webex does.
"""
import io
import socket
import socketserver
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import unquote_to_bytes

DROP_KEY = "emulator.drop"  # Set by the app: close the connection without any answer.


class KeepAliveWSGIHandler(BaseHTTPRequestHandler):
    """Runs each request through the WSGI app on a persistent connection."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # Without it every small answer waits about 40 ms for the client's ACK.
    server_version = "WebexEmulator/1"
    sys_version = ""

    def log_message(self, format, *args):  # noqa: A002 - the request log lives in the app, not on stderr.
        pass

    def _environ(self, body: bytes) -> dict:
        path, _mark, query = self.path.partition("?")
        environ = {
            "REQUEST_METHOD": self.command, "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"), "QUERY_STRING": query,
            "SERVER_NAME": self.server.server_address[0], "SERVER_PORT": str(self.server.server_address[1]),
            "SERVER_PROTOCOL": self.request_version, "REMOTE_ADDR": self.client_address[0],
            "CONTENT_TYPE": self.headers.get("Content-Type", ""), "CONTENT_LENGTH": str(len(body)),
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in self.headers.items():
            key = "HTTP_" + name.upper().replace("-", "_")
            if key in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                continue
            environ[key] = f"{environ[key]},{value}" if key in environ else value
        return environ

    def _read_body(self) -> bytes:
        """The whole request body, so the next request on this connection starts clean."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _run_wsgi(self):
        environ = self._environ(self._read_body())
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, headers
            return lambda data: None

        result = self.server.app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if environ.get(DROP_KEY):
            self._drop()
            return
        self._write(answer["status"], answer["headers"], body)

    def _write(self, status: str, headers, body: bytes):
        code, _space, reason = status.partition(" ")
        self.send_response(int(code), reason)
        names = {name.lower() for name, _value in headers}
        for name, value in headers:
            self.send_header(name, value)
        if "content-length" not in names and int(code) not in (204, 304):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _drop(self):
        """No answer at all: the client sees the connection closed (RemoteDisconnected)."""
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _run_wsgi


class EmulatorServer(socketserver.ThreadingMixIn, HTTPServer):
    """One thread per connection; idle keep-alive connections do not hold up shutdown."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address, app):
        self.app = app
        super().__init__(address, KeepAliveWSGIHandler)

    def server_bind(self):
        # Skip HTTPServer's getfqdn(): it can stall on hosts without DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        # A client that goes away mid-answer is normal here (faults, retries); say nothing.
        if not isinstance(sys.exc_info()[1], (ConnectionError, socket.timeout)):
            super().handle_error(request, client_address)


def make_server(app, port: int = 0) -> EmulatorServer:
    """Bind on 127.0.0.1 (loopback only); port 0 picks a free one."""
    return EmulatorServer(("127.0.0.1", port), app)
