#!/usr/bin/env python3
"""Loads dashboard pages in headless Chromium over the DevTools protocol (standard library only:
the WebSocket client is the few lines below) and fails on any JavaScript error, console error,
failed request, HTTP status >= 400 or content that scrolls sideways at the window width. Saves a full-page screenshot of each page, then loads
each page again with JavaScript switched off and checks its main content is still there.

usage: browser-check.py --chromium PATH --base URL --out DIR [--login USER:PASSWORD] PATH...
"""
import argparse
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request


class WebSocket:
    """A minimal RFC 6455 client: text frames out (masked), text/binary/ping/close in."""

    def __init__(self, url):
        assert url.startswith("ws://"), url
        rest = url[len("ws://"):]
        hostport, _, path = rest.partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port or 80)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        header = b""
        while b"\r\n\r\n" not in header:
            chunk = self.sock.recv(1)
            if not chunk:
                raise ConnectionError("websocket handshake: connection closed")
            header += chunk
        if b" 101 " not in header.split(b"\r\n")[0]:
            raise ConnectionError("websocket handshake refused: " + header.decode(errors="replace"))

    def send(self, text):
        payload = text.encode()
        head = bytes([0x81])
        length = len(payload)
        if length < 126:
            head += bytes([0x80 | length])
        elif length < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", length)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", length)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + masked)

    def _exactly(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("websocket closed")
            data += chunk
        return data

    def receive(self):
        message = b""
        while True:
            first, second = self._exactly(2)
            opcode = first & 0x0F
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._exactly(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._exactly(8))[0]
            mask = self._exactly(4) if second & 0x80 else None
            payload = self._exactly(length)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise ConnectionError("websocket closed by the browser")
            if opcode == 0x9:
                mask = os.urandom(4)
                self.sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
                continue
            message += payload
            if first & 0x80:
                return message.decode()


class Page:
    """One browser tab driven over the DevTools protocol, recording every problem it sees."""

    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        mine = self.next_id
        self.ws.send(json.dumps({"id": mine, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == mine:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, event, timeout=30):
        deadline = time.time() + timeout
        self.ws.sock.settimeout(timeout)
        while time.time() < deadline:
            for index, message in enumerate(self.events):
                if message["method"] == event:
                    del self.events[index]
                    return message
            self.events.append(json.loads(self.ws.receive()))
        raise TimeoutError(event)

    def drain(self, quiet=0.5):
        """Collects events until the page has been quiet for `quiet` seconds."""
        self.ws.sock.settimeout(quiet)
        try:
            while True:
                self.events.append(json.loads(self.ws.receive()))
        except (socket.timeout, TimeoutError):
            pass
        finally:
            self.ws.sock.settimeout(60)

    def problems(self):
        """Every error recorded since the last call, as sentences; clears the record."""
        out = []
        failed_ids = {}
        for message in self.events:
            method, params = message["method"], message.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                text = details.get("exception", {}).get("description") or details.get("text")
                out.append(f"JavaScript error: {text} ({details.get('url', '')}:{details.get('lineNumber', '')})")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                args = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                out.append(f"console.{params['type']}: {args}")
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                entry = params["entry"]
                out.append(f"browser log error: {entry.get('text')} {entry.get('url', '')}")
            elif method == "Network.responseReceived":
                response = params["response"]
                if response["status"] >= 400:
                    out.append(f"HTTP {response['status']} for {response['url']}")
            elif method == "Network.requestWillBeSent":
                failed_ids[params["requestId"]] = params["request"]["url"]
            elif method == "Network.loadingFailed":
                if not params.get("canceled"):
                    url = failed_ids.get(params["requestId"], params["requestId"])
                    out.append(f"request failed: {url} ({params.get('errorText')}, {params.get('blockedReason', '')})")
        self.events = []
        return out


def open_tab(port):
    for _ in range(100):
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT")
            with urllib.request.urlopen(request, timeout=5) as response:
                return json.loads(response.read())["webSocketDebuggerUrl"]
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("Chromium's DevTools endpoint did not answer")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chromium", required=True)
    parser.add_argument("--base", required=True, help="e.g. http://127.0.0.1:8080")
    parser.add_argument("--out", required=True, help="folder for the screenshots")
    parser.add_argument("--login", help="USER:PASSWORD, typed into the /login form first")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    profile = tempfile.mkdtemp(prefix="heard-browser-")
    chromium = subprocess.Popen(
        [args.chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--hide-scrollbars",
         "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failures = []
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("Chromium did not start (no DevToolsActivePort)")
        port = int(open(port_file).read().split()[0])
        page = Page(WebSocket(open_tab(port)))
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.call(f"{domain}.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=args.width, height=900, deviceScaleFactor=1, mobile=False)

        def load(url):
            page.call("Page.navigate", url=url)
            page.wait_for("Page.loadEventFired")
            page.drain()

        if args.login:
            user, _, password = args.login.partition(":")
            load(args.base + "/login")
            problems = page.problems()
            filled = page.call("Runtime.evaluate", returnByValue=True, expression=f"""
                (() => {{
                  const password = document.querySelector('input[type=password]');
                  if (!password) return 'no password field on /login';
                  const form = password.form;
                  const user = form.querySelector('input[type=text], input[type=email], input:not([type])');
                  if (!user) return 'no user field on /login';
                  user.value = {json.dumps(user)}; password.value = {json.dumps(password)};
                  form.submit();
                  return 'ok';
                }})()""")["result"]["value"]
            if filled != "ok":
                raise RuntimeError(filled)
            page.wait_for("Page.loadEventFired")
            page.drain()
            problems += page.problems()
            where = page.call("Runtime.evaluate", expression="location.pathname", returnByValue=True)["result"]["value"]
            if where.startswith("/login"):
                raise RuntimeError("login failed: still on /login")
            failures += [f"/login: {p}" for p in problems]

        for path in args.paths:
            load(args.base + path)
            found = page.problems()
            state = page.call("Runtime.evaluate", returnByValue=True, expression="""
                ({title: document.title, main: !!document.querySelector('main'), h1: (document.querySelector('h1') || {}).textContent || '',
                  path: location.pathname,
                  pageWide: document.documentElement.scrollWidth > window.innerWidth + 1,
                  scrollers: [...document.querySelectorAll('main *')].filter(e => {
                      const overflow = getComputedStyle(e).overflowX;
                      return (overflow === 'auto' || overflow === 'scroll') && e.scrollWidth > e.clientWidth + 1;
                    }).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ((e.getAttribute('aria-labelledby') || '') && '[' + e.getAttribute('aria-labelledby') + ']')),
                  unlabelled: [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                     .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name || e.id)})""")["result"]["value"]
            if not state["main"]:
                found.append("no <main> element")
            if state["pageWide"]:
                found.append(f"the page is wider than the {args.width} px window")
            if state["scrollers"]:
                found.append(f"scrolls sideways at {args.width} px: {state['scrollers']}")
            if state["unlabelled"]:
                found.append(f"form controls without a label: {state['unlabelled']}")
            if state["path"].startswith("/login") and not path.startswith("/login"):
                found.append("redirected to /login (not signed in)")
            metrics = page.call("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                             clip={"x": 0, "y": 0, "width": args.width, "height": min(size["height"], 6000), "scale": 1})
            page_name, _, query = path.partition("?")
            name = (page_name.strip("/").replace("/", "-") or "overview").removesuffix(".html")
            if query:
                name += "-" + "".join(c if c.isalnum() else "-" for c in query)
            with open(os.path.join(args.out, name + ".png"), "wb") as handle:
                handle.write(base64.b64decode(shot["data"]))
            print(f"{'FAIL' if found else 'ok  '} {path}  {state['h1']!r}  -> {name}.png")
            failures += [f"{path}: {p}" for p in found]

        # The first page as printed: the print stylesheet applies without errors.
        page.call("Emulation.setEmulatedMedia", media="print")
        load(args.base + args.paths[0])
        failures += [f"{args.paths[0]} (print): {p}" for p in page.problems()]
        metrics = page.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": args.width, "height": min(size["height"], 6000), "scale": 1})
        with open(os.path.join(args.out, "print.png"), "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))
        page.call("Emulation.setEmulatedMedia", media="")

        # Every page must work without JavaScript: same content, no errors.
        page.call("Emulation.setScriptExecutionDisabled", value=True)
        for path in args.paths:
            load(args.base + path)
            found = page.problems()
            html = page.call("DOM.getOuterHTML", nodeId=page.call("DOM.getDocument")["root"]["nodeId"])["outerHTML"]
            if "<main" not in html or "<h1" not in html:
                found.append("without JavaScript the page has no <main>/<h1>")
            failures += [f"{path} (no JavaScript): {p}" for p in found]
    finally:
        chromium.terminate()
        try:
            chromium.wait(timeout=10)
        except subprocess.TimeoutExpired:
            chromium.kill()
        shutil.rmtree(profile, ignore_errors=True)

    if failures:
        print(f"\n{len(failures)} problem(s):", file=sys.stderr)
        for failure in failures:
            print("  " + failure, file=sys.stderr)
        return 1
    print(f"\nall {len(args.paths)} pages loaded without errors, with and without JavaScript; screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
