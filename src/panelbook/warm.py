"""A warm engine for chapter kernels: interpreter start-up and the heavy imports are paid once, not per chapter.

A *zygote* process imports pandas, numpy, scipy, altair, vl-convert, ipykernel and panelbook's chapter
modules once, then waits. For each chapter the kernel manager (runner) asks it for a kernel: it forks
a child that becomes a genuine ipykernel (IPKernelApp on the manager's connection file) in a new
session, with the manager's working directory, environment and arguments. Every chapter therefore
still runs in a brand-new kernel process -- a fresh namespace, execution counts from 1, its own module
state (an Altair theme or a pandas option set by one chapter dies with its kernel) -- that starts in
milliseconds instead of seconds. The zygote itself never runs chapter code.

Lifetimes: the zygote exits when the process that started it closes its stdin (or dies: on Linux it
also gets SIGKILL then); a kernel child gets SIGKILL when the zygote dies, and is killed when the
connection of the manager that asked for it closes. Where fork is unavailable, or with
PANELBOOK_WARM=0, kernels start the ordinary way (a new interpreter per chapter).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

# Imported once by the zygote; each chapter's kernel finds them already loaded. Modules that start
# threads or runtimes at import time must not be listed (fork copies only the calling thread);
# vl_convert starts its JavaScript runtime on first use, not at import.
PRELOAD = (
    "numpy", "pandas", "scipy.stats", "altair", "vl_convert", "openpyxl", "pydantic", "pandera",
    "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "sqlite3", "myst_nb.ext.glue",
    "panelbook.publish", "panelbook.charts", "panelbook.stats", "panelbook.correlation",
    "panelbook.exports", "panelbook.reconcile",
)


def available() -> bool:
    """Whether kernels can be forked from a zygote here (POSIX fork, and not switched off)."""
    return hasattr(os, "fork") and os.environ.get("PANELBOOK_WARM", "1") != "0"


# -- the client side: started by a build, used by the kernel manager ---------------------------------
class Zygote:
    """A handle on a running zygote: start it, ask it for kernels, stop it (with every kernel)."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="panelbook-warm-"))  # private (0700): only we connect
        self.path = str(self.folder / "zygote")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from panelbook.warm import serve; serve()", self.path],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, cwd=str(self.folder),
        )

    def close(self) -> None:
        """Stop the zygote; it kills the kernels it forked."""
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "Zygote":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def start() -> Zygote | None:
    """A new zygote, or None where kernels cannot be forked."""
    return Zygote() if available() else None


_OWN: Zygote | None = None
_OWN_LOCK = threading.Lock()


def process_zygote() -> str | None:
    """This process's own zygote (started on first use, stopped at exit): how a Dask worker warms once."""
    global _OWN
    if not available():
        return None
    with _OWN_LOCK:
        if _OWN is None or _OWN.proc.poll() is not None:
            import atexit

            _OWN = Zygote()
            atexit.register(_OWN.close)
        return _OWN.path


class ForkedKernel:
    """A kernel forked by the zygote, with the parts of subprocess.Popen that jupyter_client uses."""

    stdin = stdout = stderr = None

    def __init__(self, conn: socket.socket, pid: int):
        self.conn, self.pid, self.returncode = conn, pid, None
        self._buffer = b""

    def _read(self, block: bool) -> None:
        self.conn.setblocking(block)
        try:
            data = self.conn.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # the zygote is gone, and the kernel with it
            self._finish(-signal.SIGKILL)
            return
        self._buffer += data
        if b"\n" in self._buffer:
            self._finish(int(json.loads(self._buffer.split(b"\n", 1)[0])["exit"]))

    def _finish(self, code: int) -> None:
        self.returncode = code
        self.conn.close()

    def poll(self) -> int | None:
        if self.returncode is None:
            self._read(block=False)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        while self.returncode is None:
            self._read(block=True)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _launcher_args(cmd: list[str]) -> list[str] | None:
    """The IPKernelApp arguments of a kernel command this interpreter's zygote can run, else None."""
    if len(cmd) >= 3 and os.path.abspath(cmd[0]) == os.path.abspath(sys.executable) and cmd[1:3] == ["-m", "ipykernel_launcher"]:
        return list(cmd[3:])
    return None


def fork_kernel(path: str, cmd: list[str], cwd: str, env: dict) -> ForkedKernel | None:
    """Ask the zygote at path for a kernel running cmd; None if it cannot (the caller starts one the usual way)."""
    args = _launcher_args(cmd)
    if args is None:
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(600)  # the zygote answers once its imports are done
        conn.connect(path)
        conn.sendall(json.dumps({"args": args, "cwd": cwd, "env": env}).encode() + b"\n")
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = conn.recv(4096)
            if not chunk:
                raise OSError("the zygote closed the connection")
            reply += chunk
        pid = int(json.loads(reply)["pid"])
    except (OSError, ValueError, KeyError):
        conn.close()
        return None
    return ForkedKernel(conn, pid)


class WarmLaunch:
    """Kernel manager mixin: launch the kernel by forking it from the zygote at `zygote_path`."""

    zygote_path: str | None = None

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        proc = None
        if self.zygote_path:
            env = dict(kw.get("env") or os.environ)
            proc = fork_kernel(self.zygote_path, list(kernel_cmd), str(kw.get("cwd") or os.getcwd()), env)
        if proc is None:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        prov = self.provisioner  # a LocalProvisioner: it polls, signals and waits on `process`
        prov.process, prov.pid, prov.pgid = proc, proc.pid, proc.pid  # the kernel leads its own session
        prov.cwd = kw.get("cwd")
        self._reconcile_connection_info(prov.connection_info)


# -- the zygote ---------------------------------------------------------------------------------------
def _die_with_parent() -> None:
    """On Linux, have the kernel send this process SIGKILL when its parent dies."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _preload() -> None:
    import importlib

    from .chapters import CHAPTERS

    for name in (*PRELOAD, *(f"panelbook.analysis.{c.module}" for c in CHAPTERS)):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that fails here fails again, visibly, in the chapter
            pass


def serve(path: str | None = None) -> None:
    """The zygote's main loop: fork a kernel per request until the parent closes stdin."""
    import gc
    import selectors

    path = path or sys.argv[1]
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:
        return
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)  # before the imports: requests wait in the backlog meanwhile
    listener.listen(64)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle; it then closes stdin
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # as in a kernel's environment (the debugger's import warns)
    _preload()
    gc.collect()
    gc.freeze()  # what the children inherit stays shared: the collector never writes to those pages

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, "accept")
    sel.register(sys.stdin.fileno(), selectors.EVENT_READ, "parent")
    sel.register(wake_r, selectors.EVENT_READ, "child")
    children: dict[int, socket.socket | None] = {}
    try:
        while True:
            for key, _ in sel.select(timeout=1.0):
                if key.data == "parent":
                    if not os.read(sys.stdin.fileno(), 4096):
                        return
                elif key.data == "accept":
                    conn, _ = listener.accept()
                    pid = _fork(conn, sel, listener, (wake_r, wake_w))
                    if pid:
                        children[pid] = conn
                        sel.register(conn, selectors.EVENT_READ, pid)
                elif key.data == "child":
                    try:
                        os.read(wake_r, 4096)
                    except BlockingIOError:
                        pass
                else:  # the manager's connection: it closed, so its kernel goes
                    pid = key.data
                    try:
                        closed = not key.fileobj.recv(4096)
                    except OSError:
                        closed = True
                    if closed:
                        sel.unregister(key.fileobj)
                        key.fileobj.close()
                        children[pid] = None
                        _kill(pid)
            _reap(children, sel)
    finally:
        for pid in list(children):
            _kill(pid)
        try:
            os.unlink(path)
        except OSError:
            pass


def _kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _reap(children: dict, sel) -> None:
    """Collect exited kernels and tell their managers the exit code."""
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = children.pop(pid, None)
        if conn is not None:
            sel.unregister(conn)
            try:
                conn.sendall(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
            except OSError:
                pass
            conn.close()


def _fork(conn: socket.socket, sel, listener: socket.socket, wake: tuple[int, int]) -> int | None:
    """Read one request and fork its kernel; returns the child's pid (None for a bad request)."""
    try:
        conn.settimeout(30)
        request = b""
        while not request.endswith(b"\n"):
            chunk = conn.recv(65536)
            if not chunk:
                raise OSError("closed")
            request += chunk
        req = json.loads(request)
    except (OSError, ValueError):
        conn.close()
        return None
    pid = os.fork()
    if pid == 0:  # the child: never returns
        sel.close()
        listener.close()
        conn.close()
        _become_kernel(req, wake)
    try:
        conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    except OSError:
        _kill(pid)
    return pid


def _become_kernel(req: dict, wake: tuple[int, int]) -> None:
    """In the forked child: turn into the process `python -m ipykernel_launcher ARGS` would have been."""
    code = 1
    try:
        os.setsid()  # as jupyter_client starts kernels: a session of their own
        _die_with_parent()
        signal.set_wakeup_fd(-1)
        for fd in wake:
            os.close(fd)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.chdir(req["cwd"])
        os.environ.clear()
        os.environ.update(req["env"])
        os.environ["JPY_PARENT_PID"] = str(os.getppid())  # ipykernel exits if the zygote goes
        import importlib.util

        sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, *req["args"]]
        if sys.path and sys.path[0] in ("", os.getcwd()):  # as ipykernel_launcher does
            del sys.path[0]
        if "numpy" in sys.modules:  # a fresh interpreter seeds numpy's global generator from the OS
            sys.modules["numpy"].random.seed()
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=req["args"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - report, then leave without unwinding into the zygote
        import traceback

        traceback.print_exc()
    finally:
        try:
            import atexit

            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
