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

# Imported once by the kernels' zygote; each chapter's kernel finds them already loaded. Modules that start
# threads or runtimes at import time must not be listed (fork copies only the calling thread);
# vl_convert starts its JavaScript runtime on first use, not at import.
PRELOAD = (
    "numpy", "pandas", "scipy.stats", "altair", "vl_convert", "openpyxl", "pydantic", "pandera",
    "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "sqlite3", "myst_nb.ext.glue",
    "panelbook.publish", "panelbook.charts", "panelbook.stats", "panelbook.correlation",
    "panelbook.exports", "panelbook.reconcile", "gptables", "panelbook.spreadsheets",
)
# Imported once by the book's zygote (Jupyter Book, Sphinx and the extensions it loads); each edition's
# Sphinx build is forked from it. Kept apart from the kernels' (Sphinx sets warning filters and more).
BOOK_PRELOAD = (
    "jupyter_book.cli.main", "jupyter_book.sphinx", "jupyter_book.config", "sphinx.application",
    "sphinx.builders.html", "sphinx.search.en", "myst_parser", "myst_nb", "myst_nb.sphinx_ext", "sphinx_togglebutton",
    "sphinx_copybutton", "sphinx_thebe", "sphinx_comments", "sphinx_external_toc", "sphinx.ext.intersphinx",
    "sphinx_design", "sphinx_book_theme", "pydata_sphinx_theme", "sphinx_multitoc_numbering",
    "sphinx_jupyterbook_latex", "sphinxcontrib.bibtex", "Stemmer",
)


def available() -> bool:
    """Whether kernels can be forked from a zygote here (POSIX fork, and not switched off)."""
    return hasattr(os, "fork") and os.environ.get("PANELBOOK_WARM", "1") != "0"


# -- the client side: started by a build, used by the kernel manager ---------------------------------
class Zygote:
    """A handle on a running zygote: start it, ask it for kernels (role "kernels") or book builds
    (role "book"), stop it (with every process it forked)."""

    def __init__(self, role: str = "kernels"):
        self.folder = Path(tempfile.mkdtemp(prefix="panelbook-warm-"))  # private (0700): only we connect
        self._path = str(self.folder / "zygote")
        self._listening = False
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from panelbook.warm import serve; serve()", self._path, role],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=str(self.folder),
        )

    @property
    def path(self) -> str | None:
        """The zygote's socket, once it listens (None if it failed to start)."""
        if not self._listening:
            self._listening = self.proc.stdout.readline() == b"listening\n"  # within ~0.1 s of starting
            self.proc.stdout.close()
        return self._path if self._listening else None

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


def start(role: str = "kernels") -> Zygote | None:
    """A new zygote, or None where processes cannot be forked."""
    return Zygote(role) if available() else None


class Engine:
    """Where one command's chapters and books are made: the kernels' zygote, the book's zygote and a
    pool of papermill workers, each started once (on first need) and shared by every edition the
    command builds; closed with the command."""

    def __init__(self, jobs: int = 1):
        self.jobs = max(1, jobs)
        self._zygote: Zygote | None = None
        self._book: Zygote | None = None
        self._pool = None

    def warm_up(self, kernels: bool = True) -> None:
        """Start the zygotes now (their imports overlap the caller's validation and chapters)."""
        if kernels and self._zygote is None:
            self._zygote = start("kernels")
        if self._book is None:
            self._book = start("book")

    @property
    def zygote_path(self) -> str | None:
        if self._zygote is None:
            self._zygote = start("kernels")
        return self._zygote.path if self._zygote else None

    @property
    def book_path(self) -> str | None:
        """The book zygote's socket: Sphinx builds forked from it (book.HtmlBuild)."""
        if self._book is None:
            self._book = start("book")
        return self._book.path if self._book else None

    @property
    def pool_started(self) -> bool:
        """Whether the workers are running already (they cost an interpreter's imports each to start)."""
        return self._pool is not None

    def pool(self):
        """The papermill workers (fresh interpreters, not forks of this process)."""
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=die_with_parent, initargs=(os.getpid(),))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        for z in (self._zygote, self._book):
            if z is not None:
                z.close()
        self._zygote = self._book = None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


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


class Forked:
    """A process forked by a zygote, with the parts of subprocess.Popen that jupyter_client (and
    book.HtmlBuild) use: its exit code comes through the connection that asked for it."""

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


def fork_kernel(path: str, cmd: list[str], cwd: str, env: dict) -> Forked | None:
    """Ask the zygote at path for a kernel running cmd; None if it cannot (the caller starts one the usual way)."""
    args = _launcher_args(cmd)
    return None if args is None else fork(path, {"role": "kernels", "args": args, "cwd": cwd, "env": env})


def fork_book_build(path: str, args: list[str], cwd: str, env: dict, log: str) -> Forked | None:
    """Ask the book zygote at path for `jupyter-book ARGS` (its output into `log`); None if it cannot."""
    return fork(path, {"role": "book", "args": args, "cwd": cwd, "env": env, "log": log})


def fork(path: str, request: dict) -> Forked | None:
    """Send a zygote one request; the forked process, or None (then the caller starts it the usual way)."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(600)  # the zygote answers once its imports are done
        conn.connect(path)
        conn.sendall(json.dumps(request).encode() + b"\n")
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
    return Forked(conn, pid)


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
# Set by the kernel manager for each kernel, or changing under a running process (terminal size, the
# shell's and pytest's bookkeeping): read at run time from the kernel's own environment, never by imports.
PER_KERNEL_ENV = frozenset({"JPY_PARENT_PID", "JPY_SESSION_NAME", "JPY_INTERRUPT_EVENT", "IPY_INTERRUPT_EVENT",
                            "PYDEVD_DISABLE_FILE_VALIDATION", "COLUMNS", "LINES", "PWD", "OLDPWD", "_",
                            "PYTEST_CURRENT_TEST"})

def die_with_parent(parent: int | None = None, signum: int = signal.SIGKILL) -> None:
    """Ask Linux to send this process `signum` when the process that started it dies, so a killed build
    leaves no zygote, kernel, Sphinx or chapter worker running (a no-op where prctl is unavailable).
    With `parent`: exit now if it already died before the request was made."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signum))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _preload(role: str = "kernels") -> None:
    import importlib

    from .chapters import CHAPTERS

    names = BOOK_PRELOAD if role == "book" else (*PRELOAD, *(c.analysis_module for c in CHAPTERS))
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that fails here fails again, visibly, in the chapter
            pass


def serve(path: str | None = None, role: str | None = None) -> None:
    """The zygote: import, fork the renderer (for kernels), then fork a kernel or a book build per
    request until the parent closes stdin."""
    import gc

    path = path or sys.argv[1]
    role = role or (sys.argv[2] if len(sys.argv) > 2 else "kernels")
    parent = os.getppid()
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle; it then closes stdin
    forked: dict[int, socket.socket | None] = {}  # kernels (and the renderer) -> their manager's connection
    try:
        die_with_parent(signum=signal.SIGTERM)  # then the finally below kills the kernels and removes the folder
        if os.getppid() != parent:
            return
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)  # before the imports: requests wait in the backlog meanwhile
        listener.listen(64)
        sys.stdout.write("listening\n")
        sys.stdout.flush()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())  # kernels inherit a quiet stdout, not the pipe to the build
        os.close(null)
        startup_env = dict(os.environ)
        os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # as in a kernel's environment (the debugger's import warns)
        _preload(role)
        # what the imports put in the environment (debugpy sets PYDEVD_USE_FRAME_EVAL): each kernel gets it too
        env_of_imports = {k: v for k, v in os.environ.items() if startup_env.get(k) != v and k not in PER_KERNEL_ENV}
        gc.collect()
        gc.freeze()  # what the children inherit stays shared: the collector never writes to those pages
        renderer_path, renderer = str(Path(path).with_name("renderer")), None
        if role == "kernels":
            renderer = _fork_renderer(renderer_path, listener)
        if renderer:
            forked[renderer] = None
        _serve_kernels(listener, _State(role, startup_env, env_of_imports, renderer_path if renderer else None), forked)
    finally:
        for pid in forked:
            _kill(pid)
        shutil.rmtree(Path(path).parent, ignore_errors=True)  # the private folder made for this zygote


def _serve_kernels(listener: socket.socket, zygote: "_State", forked: dict) -> None:
    import selectors

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, "accept")
    sel.register(sys.stdin.fileno(), selectors.EVENT_READ, "parent")
    sel.register(wake_r, selectors.EVENT_READ, "child")
    while True:
        for key, _ in sel.select(timeout=1.0):
            if key.data == "parent":
                if not os.read(sys.stdin.fileno(), 4096):
                    return
            elif key.data == "accept":
                conn, _ = listener.accept()
                pid = _fork(conn, sel, listener, (wake_r, wake_w), zygote)
                if pid:
                    forked[pid] = conn
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
                    forked[pid] = None
                    _kill(pid)
        _reap(forked, sel)


def _exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)


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


class _State:
    """What the zygote's imports saw (the environment it started with, and what they added to it), and
    where its chart renderer listens."""

    def __init__(self, role: str, startup_env: dict, env_of_imports: dict, renderer: str | None = None):
        self.role, self.startup_env, self.env_of_imports, self.renderer = role, startup_env, env_of_imports, renderer

    def same_environment(self, env: dict) -> bool:
        """Whether a kernel started with env would have imported the preloaded modules as we did."""
        ignore = PER_KERNEL_ENV | set(self.env_of_imports)

        def kept(e):
            return {k: v for k, v in e.items() if k not in ignore}

        return kept(env) == kept(self.startup_env)


def _fork(conn: socket.socket, sel, listener: socket.socket, wake: tuple[int, int], zygote: _State) -> int | None:
    """Read one request and fork its kernel; returns the child's pid (None for a bad request, or for
    an environment unlike the zygote's: module imports can depend on it, so that kernel starts afresh)."""
    try:
        conn.settimeout(30)
        request = b""
        while not request.endswith(b"\n"):
            chunk = conn.recv(65536)
            if not chunk:
                raise OSError("closed")
            request += chunk
        req = json.loads(request)
        if req.get("role", "kernels") != zygote.role or not zygote.same_environment(req["env"]):
            conn.sendall(b'{"error": "not a request this zygote can serve as a fresh process would"}\n')
            raise ValueError("environment")
    except (OSError, ValueError, KeyError):
        conn.close()
        return None
    req["env"] = {**zygote.env_of_imports, **req["env"]}
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        sel.close()
        listener.close()
        conn.close()
        if zygote.role == "book":
            _become_book_build(req, wake, parent)
        _become_kernel(req, wake, parent, zygote.renderer)
    try:
        conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    except OSError:
        _kill(pid)
    return pid


def _as_new_process(req: dict, wake: tuple[int, int], zygote_pid: int) -> None:
    """In a forked child: the session, signals, standard input, directory and environment a new
    process started with req's would have."""
    os.setsid()  # as jupyter_client starts kernels: a session of their own
    die_with_parent(zygote_pid)
    signal.set_wakeup_fd(-1)
    for fd in wake:
        os.close(fd)
    for signum in (signal.SIGCHLD, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    if "numpy" in sys.modules:  # a fresh interpreter seeds numpy's global generator from the OS
        sys.modules["numpy"].random.seed()


def _exit(code: int) -> None:
    try:
        import atexit

        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _become_book_build(req: dict, wake: tuple[int, int], zygote_pid: int) -> None:
    """In the forked child: `jupyter-book ARGS` with its output in req["log"]; never returns."""
    code = 1
    try:
        _as_new_process(req, wake, zygote_pid)
        log = os.open(req["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        sys.argv = ["jupyter-book", *req["args"]]
        from jupyter_book.cli.main import main

        main(req["args"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - into the log, then leave without unwinding into the zygote
        import traceback

        traceback.print_exc()
    finally:
        _exit(code)


def _become_kernel(req: dict, wake: tuple[int, int], zygote_pid: int, renderer: str | None) -> None:
    """In the forked child: turn into the process `python -m ipykernel_launcher ARGS` would have been."""
    code = 1
    try:
        _as_new_process(req, wake, zygote_pid)
        os.environ["JPY_PARENT_PID"] = str(zygote_pid)  # ipykernel exits if the zygote goes
        import importlib.util

        sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, *req["args"]]
        if sys.path and sys.path[0] in ("", os.getcwd()):  # as ipykernel_launcher does
            del sys.path[0]
        global _RENDERER
        _RENDERER = renderer
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=req["args"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - report, then leave without unwinding into the zygote
        import traceback

        traceback.print_exc()
    finally:
        _exit(code)


# -- the chart renderer -------------------------------------------------------------------------------
# vl-convert starts a JavaScript runtime on its first chart (about a second). The zygote forks one
# renderer that starts it once and draws every kernel's SVGs. Vega numbers the gradients and clip paths
# it defines with counters that live as long as the runtime (gradient_0, clip1, ...), so the renderer
# measures its counters around each chart (a tiny probe drawing) and renumbers the chart's ids as the
# kernel's own runtime would have numbered them: the SVG is byte for byte what a fresh kernel draws.
_RENDERER: str | None = None  # set in each forked kernel: the renderer's socket
_SESSION: socket.socket | None = None

_PROBE = {"width": 1, "height": 1, "marks": [{"type": "group", "clip": True, "encode": {"enter": {
    "width": {"value": 1}, "height": {"value": 1},
    "fill": {"value": {"gradient": "linear", "stops": [{"offset": 0, "color": "red"}, {"offset": 1, "color": "blue"}]}}}}}]}
_FIRST = {"gradient": 0, "clip": 1}  # where vega's counters start in a new runtime
_TAG = None


def _send(conn: socket.socket, obj) -> None:
    data = json.dumps(obj).encode()
    conn.sendall(len(data).to_bytes(8, "big") + data)


def _recv(conn: socket.socket):
    def exactly(n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = conn.recv(min(n - len(buf), 1 << 20))
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
        return buf

    return json.loads(exactly(int.from_bytes(exactly(8), "big")))


def rendered_svg(spec: dict) -> str | None:
    """The chart's SVG from this kernel's renderer, or None (no renderer, or it failed: draw it here)."""
    global _RENDERER, _SESSION
    if _RENDERER is None:
        return None
    try:
        if _SESSION is None:
            import time

            deadline = time.monotonic() + 120
            while not os.path.exists(_RENDERER) and os.path.exists(_RENDERER + ".tmp") and time.monotonic() < deadline:
                time.sleep(0.05)  # the renderer is starting its runtime: sooner than starting our own
            _SESSION = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            _SESSION.connect(_RENDERER)
        _send(_SESSION, spec)
        reply = _recv(_SESSION)
    except (OSError, ValueError):
        _RENDERER = _SESSION = None  # gone: this kernel draws its own from now on
        return None
    return reply.get("svg")


def _counters(svg: str) -> dict[str, int]:
    import re

    return {"gradient": int(re.search(r'id="gradient_(\d+)"', svg).group(1)),
            "clip": int(re.search(r'id="clip(\d+)"', svg).group(1))}


def _renumber(svg: str, shift: dict[str, int]) -> str:
    """Shift the gradient and clip ids in the SVG's tags (never in its text) by `shift`."""
    import re

    global _TAG
    if _TAG is None:
        _TAG = (re.compile(r'<(?:[^<>"]|"[^"]*")*>'),
                re.compile(r'(\s(?:id|fill|stroke|clip-path|mask)=")(url\(#)?((?:p_)?gradient_|clip)(\d+)(\)?")'))
    tag, attr = _TAG

    def one(m):
        kind = "clip" if m.group(3) == "clip" else "gradient"
        return f"{m.group(1)}{m.group(2) or ''}{m.group(3)}{int(m.group(4)) + shift[kind]}{m.group(5)}"

    if not any(shift.values()):
        return svg
    return tag.sub(lambda t: attr.sub(one, t.group(0)), svg)


def _fork_renderer(path: str, listener: socket.socket) -> int | None:
    """Fork the renderer (before any JavaScript runtime exists: fork copies one thread only)."""
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        listener.close()
        parent = os.getppid()
        die_with_parent()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        for signum in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(signum, signal.SIG_DFL)
        if os.getppid() == parent:
            _serve_renderer(path)
        code = 0
    except BaseException:  # noqa: BLE001 - the kernels then draw their own charts
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def _serve_renderer(path: str) -> None:
    import selectors

    import vl_convert as vlc

    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path + ".tmp")
    server.listen(64)
    now = {k: v + 1 for k, v in _counters(vlc.vega_to_svg(_PROBE)).items()}  # starts the runtime
    os.rename(path + ".tmp", path)  # kernels find the renderer only once it is ready
    sessions: dict[socket.socket, dict[str, int]] = {}
    sel = selectors.DefaultSelector()
    sel.register(server, selectors.EVENT_READ)
    while True:
        for key, _ in sel.select():
            if key.fileobj is server:
                conn, _ = server.accept()
                sessions[conn] = dict(_FIRST)
                sel.register(conn, selectors.EVENT_READ)
                continue
            conn = key.fileobj
            try:
                spec = _recv(conn)
            except (OSError, ValueError):
                sel.unregister(conn)
                conn.close()
                sessions.pop(conn, None)
                continue
            try:
                svg = vlc.vegalite_to_svg(spec)
            except Exception:  # noqa: BLE001 - the kernel draws it itself, and raises what vl-convert raises
                svg = None
            after = _counters(vlc.vega_to_svg(_PROBE))  # the probe takes the next ids: ours end before
            mine = sessions[conn]
            if svg is not None:
                svg = _renumber(svg, {k: mine[k] - now[k] for k in now})
            for k in now:
                mine[k] += after[k] - now[k]
                now[k] = after[k] + 1
            try:
                _send(conn, {"svg": svg})
            except OSError:
                pass
