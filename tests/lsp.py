"""A minimal Language Server Protocol client over stdio, to run yaml-language-server (the engine
of VS Code's YAML extension) on files exactly as an editor does and collect its diagnostics."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

SETTINGS = {"yaml": {"validate": True, "hover": True, "completion": True, "format": {"enable": False},
                     "schemaStore": {"enable": False}, "yamlVersion": "1.2"}}


class Client:
    def __init__(self, command: list[str], root: Path) -> None:
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.version = 0  # one per didOpen, so each answer is matched to its open
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {
            "processId": None, "rootUri": root.as_uri(),
            "capabilities": {"workspace": {"configuration": True},
                             "textDocument": {"publishDiagnostics": {}, "completion": {},
                                              "hover": {"contentFormat": ["markdown", "plaintext"]}}},
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            self.messages.put(json.loads(out.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        self.next_id += 1
        ident = self.next_id
        self._send({"id": ident, "method": method, "params": params})
        return self._wait(lambda m: m.get("id") == ident and "method" not in m, timeout).get("result")

    def _wait(self, match, timeout: float) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("yaml-language-server did not answer")
            message = self.messages.get(timeout=left)
            if "method" in message and "id" in message:  # a request from the server
                result: Any = None
                if message["method"] == "workspace/configuration":
                    items = message["params"]["items"]
                    result = [SETTINGS.get(item.get("section", "")) for item in items]
                self._send({"id": message["id"], "result": result})
                continue
            if match(message):
                return message

    def _published(self, uri: str, version: int):  # type: ignore[no-untyped-def]
        # A publish for this open of `uri`: the server names the version, or (older servers) not.
        return lambda m: (m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                          and m["params"].get("version", version) == version)

    def _drain(self, uri: str) -> None:
        """Drop what the server still publishes for an earlier open of `uri` (its answer to
        didClose is an empty list): a reopened path must never get the last case's answer."""
        kept = []
        while True:
            try:
                message = self.messages.get(timeout=0.3)
            except queue.Empty:
                break
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                continue
            kept.append(message)
        for message in kept:
            self.messages.put(message)

    def diagnostics(self, path: Path, timeout: float = 60) -> list[dict[str, Any]]:
        """Open `path` and return the diagnostics the server publishes for this open of it."""
        uri = path.resolve().as_uri()
        self._drain(uri)
        self.version += 1
        version = self.version
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": version, "text": path.read_text(encoding="utf-8")}})
        message = self._wait(self._published(uri, version), timeout)
        # The server may publish once more after loading the schema: take the settled answer.
        settle = time.monotonic() + 1.5
        while time.monotonic() < settle:
            try:
                message = self._wait(self._published(uri, version), settle - time.monotonic())
            except (TimeoutError, queue.Empty):
                break
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return message["params"]["diagnostics"]

    def completion(self, path: Path, line: int, character: int, timeout: float = 60) -> list[str]:
        """Open `path` and return the labels the server offers at 0-based (line, character)."""
        uri = path.resolve().as_uri()
        self._drain(uri)
        self.version += 1
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": self.version,
            "text": path.read_text(encoding="utf-8")}})
        self._wait(self._published(uri, self.version), timeout)  # the schema is loaded by then
        result = self.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}}, timeout)
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        items = result.get("items", []) if isinstance(result, dict) else (result or [])
        return [item["label"] for item in items]

    def hover(self, path: Path, line: int, character: int, timeout: float = 60) -> str:
        """Open `path` and return the text the server shows on hover at 0-based (line, character)."""
        uri = path.resolve().as_uri()
        self._drain(uri)
        self.version += 1
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": self.version,
            "text": path.read_text(encoding="utf-8")}})
        self._wait(self._published(uri, self.version), timeout)  # the schema is loaded by then
        result = self.request("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}}, timeout)
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        contents = (result or {}).get("contents", "")
        return contents.get("value", "") if isinstance(contents, dict) else str(contents)

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            pass
        if self.proc.poll() is None:
            self.proc.kill()
