"""Several replicas of the live dashboard behind Debian's nginx, with sticky sessions (standard library).

    python -m deploy.replicas                                 # 2 replicas, nginx on 127.0.0.1:8080
    python -m deploy.replicas --replicas 4 --listen 0.0.0.0:8080

One Streamlit process serves every viewer from one core; replicas spread viewers over the cores.
Each replica is started as ``python3 start.py run`` starts the app (``start.streamlit_command``), on
127.0.0.1 only; nginx, with the config rendered from deploy/nginx/streamlit-replicas.conf into the
work folder, is the one front door and keeps each viewer on one replica (a cookie), because a
Streamlit session, uploaded files included, lives in one process. Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import start

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx" / "streamlit-replicas.conf"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
NGINX_HINT = "nginx is not installed: install Debian's with `sudo apt-get install -y nginx`"
PER_CLIENT = 100  # live viewers (websockets) per client address, counted by nginx
UNCAPPED = 1_000_000  # the replicas' own per-address cap (dashboard/server.py), left to nginx
STREAMLIT_UPLOAD_MB = 200  # Streamlit's own default for server.maxUploadSize


class NginxMissing(RuntimeError):
    """nginx is not installed here."""


@dataclass
class Running:
    """The front door (nginx) and each replica's own address, while they run."""

    url: str
    replicas: list[str]
    workdir: Path
    processes: list[subprocess.Popen] = field(repr=False)


def say(message: str) -> None:
    print(f"[replicas] {message}", flush=True)


def find_nginx() -> str | None:
    """nginx on PATH, or Debian's /usr/sbin/nginx (which a normal user's PATH lacks)."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def max_upload_mb(config: Path = STREAMLIT_CONFIG) -> int:
    """The app's server.maxUploadSize in MB, so nginx lets through what Streamlit accepts."""
    if not config.exists():
        return STREAMLIT_UPLOAD_MB
    settings = tomllib.loads(config.read_text(encoding="utf-8"))
    return int(settings.get("server", {}).get("maxUploadSize", STREAMLIT_UPLOAD_MB))


def render(ports: Sequence[int], listen: str, per_client: int = PER_CLIENT) -> str:
    """The nginx config for replicas on ``ports`` (127.0.0.1), nginx listening on ``listen``."""
    fields = {
        "servers": "\n".join(f"        server 127.0.0.1:{port};" for port in ports),
        "listen": listen,
        "max_body": f"{max_upload_mb() + 1}m",  # the multipart form's overhead on top of the file
        "per_client": str(per_client),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in fields.items():
        text = text.replace("{{ " + name + " }}", value)
    left = [line for line in text.splitlines() if re.search(r"\{\{ \w+ \}\}", line.split("#")[0])]
    if left:
        raise ValueError(f"unfilled fields in {TEMPLATE.name}: {left}")
    return text


def nginx_command(nginx: str, workdir: Path) -> list[str]:
    """nginx in the foreground with every path under ``workdir`` (no root, no /etc/nginx)."""
    return [
        nginx,
        "-p",
        f"{workdir}/",
        "-c",
        str(workdir / "nginx.conf"),
        "-e",
        str(workdir / "logs" / "error.log"),
        "-g",
        "daemon off;",
    ]


def front_url(listen: str) -> str:
    """Where this machine reaches nginx: a wildcard or port-only ``listen`` through 127.0.0.1."""
    host, _, port = listen.rpartition(":")
    if host in ("", "*", "0.0.0.0", "[::]"):
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def wait_healthy(url: str, process: subprocess.Popen, timeout: float, what: str) -> None:
    """Until ``url``/_stcore/health answers 200; an error naming ``what`` if it exits or times out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer at {url} within {timeout:.0f} s")
        time.sleep(0.2)


def stop(processes: Sequence[subprocess.Popen]) -> None:
    """Terminate all, then wait for each (bounded), killing any that lingers."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextmanager
def running(
    ports: Sequence[int], listen: str, workdir: Path, per_client: int = PER_CLIENT, timeout: float = 120.0
) -> Iterator[Running]:
    """Start a replica on each port and nginx in front; stop them all on leaving."""
    nginx = find_nginx()
    if nginx is None:
        raise NginxMissing(NGINX_HINT)
    workdir = workdir.resolve()
    logs = workdir / "logs"
    for folder in (logs, workdir / "temp"):
        folder.mkdir(parents=True, exist_ok=True)
    (workdir / "nginx.conf").write_text(render(ports, listen, per_client), encoding="utf-8")
    command = nginx_command(nginx, workdir)
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx refused {workdir / 'nginx.conf'}:\n{checked.stderr}")
    # nginx caps live viewers per address (--per-client); serve.py's own cap per address is lifted,
    # as a replica may see every viewer as nginx's 127.0.0.1. Its cap by open files stays.
    env = {**os.environ, "DASHBOARD_SOCKETS_PER_CLIENT": str(UNCAPPED)}
    processes: list[subprocess.Popen] = []
    try:
        for port in ports:
            options = ("--server.port", str(port), "--server.address", "127.0.0.1")
            with open(logs / f"replica-{port}.log", "wb") as log:  # the child keeps its own handle
                processes.append(
                    subprocess.Popen(
                        start.streamlit_command(sys.executable, *options),
                        cwd=ROOT,
                        env=env,
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        replicas = [f"http://127.0.0.1:{port}" for port in ports]
        for url, process in zip(replicas, processes, strict=True):
            wait_healthy(url, process, timeout, f"the replica at {url} (log: {logs})")
        processes.append(subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL))
        url = front_url(listen)
        wait_healthy(url, processes[-1], timeout, f"nginx (log: {logs / 'error.log'})")
        yield Running(url, replicas, workdir, processes)
    finally:
        stop(processes[::-1])  # nginx first, so no viewer is sent to a stopped replica


def stopped(signum: int, frame: object) -> None:
    """A SIGTERM ends the run as Ctrl-C does, so nginx and the replicas are stopped too."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit processes (one per core)")
    parser.add_argument("--first-port", type=int, default=8501, help="replicas on this port and up")
    parser.add_argument("--listen", default="127.0.0.1:8080", help="nginx's address (0.0.0.0:8080: all)")
    parser.add_argument("--per-client", type=int, default=PER_CLIENT, help="live viewers per address")
    parser.add_argument("--workdir", type=Path, default=ROOT / ".replicas", help="config, logs, temp")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be 1 or more")
    ports = range(args.first_port, args.first_port + args.replicas)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even where started with SIGINT ignored
    signal.signal(signal.SIGTERM, stopped)  # `kill` or systemd: stop every replica too
    try:
        with running(ports, args.listen, args.workdir, args.per_client) as live:
            say(f"{len(ports)} replicas behind nginx: open {live.url}/ (logs in {live.workdir / 'logs'})")
            say("Ctrl-C stops nginx and every replica")
            while all(process.poll() is None for process in live.processes):
                time.sleep(1)
            say("a replica or nginx stopped on its own (see the logs): stopping the rest")
            return 1
    except KeyboardInterrupt:
        say("stopped nginx and every replica")
        return 0
    except (RuntimeError, ValueError) as exc:
        say(str(exc))
        return 1


if __name__ == "__main__":
    sys.exit(main())
