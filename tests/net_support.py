"""Network stand-ins for the egress tests.

``Listener`` is a real TCP socket that never answers: it proves whether the tool tried
to connect. ``StandInPlatform`` is a fake LMS (named so): a small real HTTP server that
answers dynamic registration with exactly what a test needs (a redirect, a wrong
issuer, a secret in an error body), which the development LMS cannot be made to do.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Listener:
    """A listening socket on ``host`` (e.g. 127.0.0.2) that counts incoming connections."""

    def __init__(self, host: str = "127.0.0.2") -> None:
        self.socket = socket.socket()
        self.socket.bind((host, 0))
        self.socket.listen(8)
        self.socket.setblocking(False)
        self.host = host
        self.port = self.socket.getsockname()[1]

    def url(self, path: str = "/", scheme: str = "http") -> str:
        return f"{scheme}://{self.host}:{self.port}{path}"

    def connections(self) -> int:
        count = 0
        while True:
            try:
                connection, _ = self.socket.accept()
            except BlockingIOError:
                return count
            connection.close()
            count += 1

    def close(self) -> None:
        self.socket.close()


class StandInPlatform:
    """``routes[path] = (status, headers, body)``; ``post_routes`` answers a POST to a path
    when it has one. Every request's path is in ``hits``, every POST's body in ``posts``,
    every request's method, path and Authorization header in ``authorizations``."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.post_routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.hits: list[str] = []
        self.posts: list[tuple[str, bytes]] = []
        self.authorizations: list[tuple[str, str, str | None]] = []
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                path = self.path.split("?")[0]
                platform.hits.append(path)
                platform.authorizations.append((self.command, path, self.headers.get("Authorization")))
                length = int(self.headers.get("Content-Length") or 0)
                sent = self.rfile.read(length)
                routes = platform.routes
                if self.command == "POST":
                    platform.posts.append((path, sent))
                    routes = {**routes, **platform.post_routes}
                status, headers, body = routes.get(path, (404, {}, b"not here"))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, *_args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer_json(self, path: str, body: object, status: int = 200) -> None:
        self.routes[path] = (status, {"Content-Type": "application/json"}, json.dumps(body).encode())

    def answer_text(self, path: str, text: str, status: int) -> None:
        self.routes[path] = (status, {"Content-Type": "text/plain"}, text.encode())

    def redirect(self, path: str, location: str) -> None:
        self.routes[path] = (302, {"Location": location}, b"")

    def configuration(self, issuer: str | None = None, path: str = "/lms") -> str:
        """Serve an OpenID configuration under ``path``; returns its URL."""
        base = self.base + path
        self.answer_json(path + "/.well-known/openid-configuration", {
            "issuer": issuer or base, "authorization_endpoint": base + "/auth",
            "token_endpoint": base + "/token", "jwks_uri": base + "/jwks",
            "registration_endpoint": base + "/register",
            "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                "product_family_code": "stand-in"}})
        return base + "/.well-known/openid-configuration"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
