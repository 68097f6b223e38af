"""Run a command (the test suite) with PostgreSQL, Redis and RabbitMQ answering, whatever the machine has running.

`make test` runs `python -m tests.backing_services pytest …`. For each service it asks the address the tests are
configured with (`TEST_POSTGRES_URL`, `TEST_REDIS_URL`, `TEST_BROKER_URL`, each defaulting to the standard local
port). If something answers there, the tests use it. If nothing does, it installs the Debian package when its
server program is missing, starts a throwaway instance of its own (a data folder under `build/test-services/`, a
free port, nothing kept on disk that matters), points the tests at it, and stops it and removes its folder when the
command ends, however it ends (an error, Ctrl-C, a SIGTERM from CI).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
STATE = ROOT / "build" / "test-services"
START_ATTEMPTS = 600  # a quarter second each: a busy machine only makes a server start later


@dataclass(frozen=True)
class Service:
    name: str
    variable: str  # the tests read the address from it
    default: str
    package: str  # the Debian package that brings the server
    program: str  # how to tell whether the package is there
    start: Callable[[int, Path], AbstractContextManager[object]]  # the server on that port, its data in that folder

    @property
    def address(self) -> str:
        """Where the tests find it: the variable when set, else the standard local address."""
        return os.environ.get(self.variable, self.default)

    def answers(self, url: str) -> bool:
        parts = urlsplit(url)
        default_port = urlsplit(self.default).port
        try:
            socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2).close()
            return True
        except OSError:
            return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _on_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@127.0.0.1:{port}" if credentials else f"127.0.0.1:{port}"
    return urlunsplit(parts._replace(netloc=netloc))


def _wait_for(port: int, process: subprocess.Popen | None, name: str, log: Path) -> None:
    for _ in range(START_ATTEMPTS):
        if process is not None and process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.25)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise RuntimeError(f"the throwaway {name} did not start on port {port}:\n{tail}")


def _as_owner(user: str) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as its own system user."""
    return ["runuser", "-u", user, "--"] if os.geteuid() == 0 else []


def _postgres_bin(program: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {program} is not installed")
    return str(found[-1])


@dataclass(frozen=True)
class PostgresCluster:
    """A throwaway cluster the fault tests stop and start again (tests/integration/test_database_restart.py)."""

    pg_ctl: list[str]
    options: str

    def start(self) -> None:
        command = [*self.pg_ctl, "-o", self.options, "-w", "-t", "150", "start"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def stop(self, mode: str = "fast") -> None:
        """fast: every session is cut off at once, as a restart or a failover does to the service."""
        subprocess.run([*self.pg_ctl, "-m", mode, "-w", "stop"], stdout=subprocess.DEVNULL, check=False)


@contextmanager
def throwaway_postgres(port: int, folder: Path) -> Iterator[PostgresCluster]:
    data, log = folder / "data", folder / "server.log"
    folder.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    owner = _as_owner("postgres")
    subprocess.run(
        [*owner, _postgres_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # A throwaway cluster need not survive a crash: no fsync, no full pages; sockets in its own folder.
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off -c full_page_writes=off"
    cluster = PostgresCluster([*owner, _postgres_bin("pg_ctl"), "-D", str(data), "-l", str(log)], options)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop("immediate")


@contextmanager
def _process(command: list[str], port: int, name: str, log: Path, env: dict[str, str] | None = None) -> Iterator[None]:
    """A server in its own process group, stopped with everything it started."""
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        _wait_for(port, process, name, log)
        yield
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def _redis(port: int, folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True)
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    with _process([*command, "--dir", str(folder)], port, "Redis", folder / "server.log"):
        yield


class RabbitNode:
    """A node of its own name, ports, database and cookie, with no plugins (the management UI is not needed); the
    fault tests stop it and start it again on the same data (tests/integration/test_broker_restart.py)."""

    def __init__(self, port: int, folder: Path) -> None:
        self.port, self.folder = port, folder
        folder.mkdir(parents=True)
        (folder / "enabled_plugins").write_text("[].\n")
        self.env = {
            **os.environ,
            "HOME": str(folder),  # its own Erlang cookie
            "RABBITMQ_NODENAME": f"postal-test-{port}@localhost",
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(port),
            "RABBITMQ_DIST_PORT": str(free_port()),
            "RABBITMQ_MNESIA_BASE": str(folder / "mnesia"),
            "RABBITMQ_LOG_BASE": str(folder / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(folder / "enabled_plugins"),
            "RABBITMQ_CONFIG_FILE": str(folder / "rabbitmq"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(folder / "advanced.config"),
            "RABBITMQ_CONF_ENV_FILE": str(folder / "rabbitmq-env.conf"),
        }
        self.running: ExitStack | None = None

    def start(self) -> None:
        self.running = ExitStack()
        command = ["/usr/lib/rabbitmq/bin/rabbitmq-server"]
        self.running.enter_context(_process(command, self.port, "RabbitMQ", self.folder / "server.log", self.env))

    def stop(self) -> None:
        """SIGTERM: the node shuts down cleanly, keeping its durable queues and persistent messages."""
        if self.running is not None:
            self.running.close()
            self.running = None


@contextmanager
def throwaway_rabbitmq(port: int, folder: Path) -> Iterator[RabbitNode]:
    node = RabbitNode(port, folder)
    node.start()
    try:
        yield node
    finally:
        node.stop()


POSTGRES = Service(
    "PostgreSQL",
    "TEST_POSTGRES_URL",
    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "postgresql",
    "/usr/lib/postgresql",
    throwaway_postgres,
)
REDIS = Service("Redis", "TEST_REDIS_URL", "redis://127.0.0.1:6379/15", "redis-server", "redis-server", _redis)
RABBITMQ = Service(
    "RabbitMQ",
    "TEST_BROKER_URL",
    "amqp://guest:guest@127.0.0.1:5672//",
    "rabbitmq-server",
    "/usr/lib/rabbitmq/bin/rabbitmq-server",
    throwaway_rabbitmq,
)
SERVICES = (POSTGRES, REDIS, RABBITMQ)


def _installed(program: str) -> bool:
    return Path(program).exists() if program.startswith("/") else shutil.which(program) is not None


def install(packages: list[str]) -> None:
    """Debian's packages, as `make` installs Chromium and the PDF libraries: only what is missing."""
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", *packages], check=True, env=env)


@contextmanager
def backing_services() -> Iterator[dict[str, str]]:
    """The address of each service for the tests; what had to be started runs until the block ends."""
    addresses = {s.variable: s.address for s in SERVICES}
    missing = [s for s in SERVICES if not s.answers(addresses[s.variable])]
    to_install = [s.package for s in missing if not _installed(s.program)]
    if to_install:
        print(f"backing services: installing {' '.join(to_install)}", flush=True)
        install(to_install)
    with ExitStack() as started:
        for service in missing:
            port = free_port()
            folder = STATE / f"{service.name.lower()}-{os.getpid()}-{port}"
            shutil.rmtree(folder, ignore_errors=True)
            started.callback(shutil.rmtree, folder, True)
            print(
                f"backing services: nothing answers at {addresses[service.variable]}; "
                f"starting a throwaway {service.name} on port {port}",
                flush=True,
            )
            started.enter_context(service.start(port, folder))
            addresses[service.variable] = _on_port(addresses[service.variable], port)
        yield addresses


def _stop_on_signals() -> None:
    """SIGTERM and SIGHUP unwind like Ctrl-C, so every server started is stopped and its folder removed."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupt)


def main(command: list[str]) -> int:
    if not command:
        print("usage: python -m tests.backing_services COMMAND [ARG ...]", file=sys.stderr)
        return 2
    _stop_on_signals()
    with backing_services() as addresses:
        child = subprocess.Popen(command, env={**os.environ, **addresses})
        try:
            return child.wait()
        except KeyboardInterrupt:
            child.send_signal(signal.SIGINT)  # pytest stops its workers and fixtures on SIGINT
            try:
                return child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                child.kill()
                return child.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
