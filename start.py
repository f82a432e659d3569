"""One command to set up and run the dashboard, one to set up and run every test (standard library only).

    python3 start.py run     # install what is missing, then open the dashboard
    python3 start.py test    # install what is missing (Chromium too, where allowed), then the whole suite
                             # (in parallel: a worker per core, and one more)
    python3 start.py setup   # only install

Idempotent: pinned packages already installed, map outlines already in static/, and Debian packages
already installed (``dpkg -s``) are left alone, so a second run installs nothing. Where Python is
managed by Debian (PEP 668), packages go into ``.venv/``. Debian packages (Chromium for the browser
test, npm for the map outlines) are installed with apt-get only as root or with password-less sudo;
otherwise the step is skipped with a message saying how to do it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REQUIREMENTS = ROOT / "requirements.txt"
VENV = ROOT / ".venv"
CHROMIUM = Path("/usr/bin/chromium")
# The whole suite in parallel (pytest-xdist; tests/conftest.py schedules), a worker per core and one
# more: the browser tests wait on Chromium and the fetch tests on sockets, locks and subprocesses, and
# the extra worker fills those waits. On 2 cores, on fresh clones: 229 s with 3 workers, 240 s with 2,
# 245 s with 4 (and, on an older suite, 4 against 2 was 1,066 s against 840 s).
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
PARALLEL = ["-n", str(CORES + 1)]
APP = "serve.py"  # app.py behind serve.py: what `run` serves, and each replica of deploy/replicas.py
# Where the packages went into .venv/, the analyst commands (README) run with its Python.
VENV_HINT = (
    "the project's packages are in .venv/: run the README's commands with its Python, e.g. "
    "`.venv/bin/python -m fetch --list`, or `source .venv/bin/activate` once per shell, then `python -m ...`"
)
# Checks inside the target interpreter whether every pinned ``name==version`` is installed.
CHECK_PINS = """
import sys
from importlib.metadata import PackageNotFoundError, version
missing = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, _, pinned = line.partition("==")
    try:
        if version(name.strip()) != pinned.strip():
            missing.append(line)
    except PackageNotFoundError:
        missing.append(line)
print("\\n".join(missing))
"""


def say(message: str) -> None:
    print(f"[start] {message}", flush=True)


def externally_managed() -> bool:
    """True when pip may not install into this interpreter (Debian's python3, PEP 668)."""
    outside_venv = sys.prefix == sys.base_prefix
    return outside_venv and (Path(sysconfig.get_path("stdlib")) / "EXTERNALLY-MANAGED").is_file()


def interpreter() -> str:
    """The Python to install into and run with: this one, or .venv's where Debian manages this one."""
    if not externally_managed():
        return sys.executable
    python = VENV / "bin" / "python"
    if not python.exists():
        say("this Python is managed by Debian (PEP 668): creating .venv/ for the project's packages")
        if not make_venv() and not (apt_install("python3-venv") and make_venv()):
            sys.exit("Creating .venv needs Debian's python3-venv: sudo apt-get install -y python3-venv")
    return str(python)


def make_venv() -> bool:
    """A fresh .venv with pip; a half-made one (no ensurepip) is removed so the next run retries."""
    if subprocess.run([sys.executable, "-m", "venv", str(VENV)]).returncode == 0:
        return True
    shutil.rmtree(VENV, ignore_errors=True)
    return False


def missing_pins(python: str, requirements: Path = REQUIREMENTS) -> list[str]:
    """The requirement lines not installed at exactly their pinned version."""
    out = subprocess.run(
        [python, "-c", CHECK_PINS, str(requirements)], check=True, capture_output=True, text=True
    ).stdout
    return [line for line in out.splitlines() if line]


def streamlit_command(python: str, *options: str) -> list[str]:
    """``streamlit run`` of the dashboard, with ``options`` (a replica adds its port and address)."""
    return [python, "-m", "streamlit", "run", APP, *options]


def install_requirements(python: str) -> None:
    missing = missing_pins(python)
    if not missing:
        say("Python packages: all pinned versions already installed")
        return
    say(f"Python packages: installing {len(missing)} missing or different pin(s)")
    subprocess.run([python, "-m", "pip", "install", "-r", str(REQUIREMENTS)], check=True)


def installed_deb(package: str) -> bool:
    if shutil.which("dpkg-query") is None:
        return False
    status = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    ).stdout
    return status.endswith("install ok installed")


def apt_prefix() -> list[str] | None:
    """How to run apt-get here: directly as root, through password-less sudo, or not at all."""
    if shutil.which("apt-get") is None:
        return None
    if os.geteuid() == 0:
        return []
    sudo = shutil.which("sudo")
    if sudo and subprocess.run([sudo, "-n", "true"], capture_output=True).returncode == 0:
        return [sudo, "-n"]
    return None


def apt_install(package: str) -> bool:
    """Install a Debian package unless it is there; False when this user may not."""
    if installed_deb(package):
        return True
    prefix = apt_prefix()
    if prefix is None:
        return False
    say(f"installing Debian's {package} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, "apt-get", "update"], check=True, env=env, stdin=subprocess.DEVNULL)
    subprocess.run(
        [*prefix, "apt-get", "install", "-y", package], check=True, env=env, stdin=subprocess.DEVNULL
    )
    return True


def install_map_outlines(python: str, required: bool) -> None:
    """World map outlines from npm (dashboard/assets.py); a no-op when already in static/topojson/."""
    if shutil.which("npm") is None and not apt_install("npm"):
        message = "npm is missing, so the map outlines cannot be installed: sudo apt-get install -y npm"
        if required:
            sys.exit(message)
        say(message + " (until then the maps load their outlines from Plotly's CDN)")
        return
    subprocess.run([python, "-m", "dashboard.assets"], check=True, cwd=ROOT)


def install_chromium() -> None:
    """Debian's Chromium for the browser test and the dashboard's image downloads (Kaleido draws in it),
    where this user may install it; else say how."""
    if CHROMIUM.exists() or apt_install("chromium"):
        say(f"browser test: using {CHROMIUM}")
        return
    say(
        "browser test will be SKIPPED and image downloads unavailable: Chromium is not installed and "
        "apt-get needs root. "
        "Enable it with `sudo apt-get install -y chromium` (or run this command as root)."
    )


def setup(for_tests: bool) -> str:
    if sys.version_info < (3, 11):  # noqa: UP036 (a newcomer may run an older python3)
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    python = interpreter()
    install_requirements(python)
    install_map_outlines(python, required=for_tests)
    install_chromium()  # the browser test, and the app's PNG/SVG downloads (Kaleido draws in it)
    if Path(python).parent.parent == VENV:
        say(VENV_HINT)
    return python


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    if command not in {"run", "test", "setup"} or len(argv) > 1:
        print(__doc__)
        return 2
    try:
        python = setup(for_tests=command == "test")
    except subprocess.CalledProcessError as exc:
        say(f"`{' '.join(map(str, exc.cmd))}` failed (exit code {exc.returncode}); its output is above.")
        return 1
    os.chdir(ROOT)
    if command == "run":
        os.execv(python, streamlit_command(python))
    if command == "test":  # in parallel (PARALLEL); each group of browser tests shares one server and browser
        return subprocess.run([python, "-m", "pytest", *PARALLEL]).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
