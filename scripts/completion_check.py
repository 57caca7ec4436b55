#!/usr/bin/env python3
"""Types command lines with a Tab into a real interactive bash, zsh or fish and prints what the
shell's completion made of each line (InstallTests runs it on an installed tree).

    completion_check.py SHELL ROOT FOLDER LINE [LINE ...]

SHELL is bash, zsh or fish; ROOT the installed prefix as it is on disk ($DESTDIR$PREFIX); FOLDER
the folder the shell starts in (and its HOME). Each shell finds the completions where a user's
shell finds an installed package's: bash through bash-completion's loader from
XDG_DATA_DIRS/bash-completion/completions, zsh from an fpath entry ROOT/share/zsh/site-functions
and compinit, fish from XDG_DATA_DIRS/fish/vendor_completions.d. PATH is ROOT/bin:/usr/bin:/bin,
so a completion that runs the program runs the installed one.

For each LINE the script types LINE, a Tab, then Ctrl-A and `echo DONE:` and Return, so the shell
prints the completed line after "DONE:"; that line (without trailing spaces) is printed, one per
LINE. Exit status 0 when every line came back, 1 when a shell did not answer in time (the
terminal's output is printed then), 2 on bad arguments or a missing shell.
"""

import os
import pty
import re
import select
import shutil
import signal
import sys
import tempfile
import time

QUIET = 0.5  # seconds without output that count as "the shell is waiting"
TIMEOUT = 20.0  # seconds for any one step


def configure(shell, root, scratch):
    """The argv and environment of an interactive SHELL that loads the completions under ROOT."""
    env = {
        "PATH": f"{root}/bin:/usr/bin:/bin",
        "HOME": scratch["home"],
        "TERM": "dumb",
        "LANG": "C.UTF-8",
        "XDG_DATA_DIRS": f"{root}/share:/usr/share",
        "XDG_CONFIG_HOME": os.path.join(scratch["dir"], "config"),
        "XDG_DATA_HOME": os.path.join(scratch["dir"], "data"),
        "XDG_CACHE_HOME": os.path.join(scratch["dir"], "cache"),
        "HISTFILE": os.path.join(scratch["dir"], "history"),
    }
    if shell == "bash":
        loader = "/usr/share/bash-completion/bash_completion"
        if not os.path.isfile(loader):
            sys.exit(f"completion_check: {loader} is missing (package bash-completion)")
        rc = os.path.join(scratch["dir"], "bashrc")
        with open(rc, "w") as f:
            f.write(f"PS1='$ '\nsource {loader}\n")
        return ["bash", "--noprofile", "--rcfile", rc, "-i"], env
    if shell == "zsh":
        zdot = os.path.join(scratch["dir"], "zdot")
        os.makedirs(zdot)
        with open(os.path.join(zdot, ".zshrc"), "w") as f:
            f.write(
                "PROMPT='$ '\nbindkey -e\n"
                f"fpath=({root}/share/zsh/site-functions $fpath)\n"
                "autoload -U compinit\ncompinit -u -D\n"
            )
        env["ZDOTDIR"] = zdot
        return ["zsh", "-i"], env
    if shell == "fish":
        conf = os.path.join(env["XDG_CONFIG_HOME"], "fish")
        os.makedirs(conf)
        with open(os.path.join(conf, "config.fish"), "w") as f:
            f.write("function fish_prompt; echo -n '$ '; end\nfunction fish_greeting; end\n")
        return ["fish", "-i"], env
    sys.exit(f"completion_check: unknown shell '{shell}' (bash, zsh or fish)")


class Terminal:
    def __init__(self, argv, env, folder):
        self.output = b""
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.chdir(folder)
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)

    def read(self, until=None, quiet=QUIET):
        """Reads until `until` (a regex on the output so far) matches, or else until the shell has
        been quiet for `quiet` seconds; gives up after TIMEOUT. Returns the match or None."""
        start, last = time.time(), time.time()
        while time.time() - start < TIMEOUT:
            if until is not None:
                m = re.search(until, self.output)
                if m:
                    return m
            elif time.time() - last >= quiet and self.output:
                return None
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.output += chunk
                last = time.time()
        if until is not None:
            raise TimeoutError
        return None

    def type(self, text):
        os.write(self.fd, text.encode())

    def close(self):
        try:
            self.type("\x03exit\r")
            deadline = time.time() + 3
            while time.time() < deadline:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    return
                time.sleep(0.05)
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (OSError, ChildProcessError):
            pass


def main(argv):
    if len(argv) < 5:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    shell, root, folder, lines = argv[1], os.path.abspath(argv[2]), os.path.abspath(argv[3]), argv[4:]
    if shutil.which(shell) is None:
        print(f"completion_check: {shell} is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        scratch = {"dir": tmp, "home": folder}
        cmd, env = configure(shell, root, scratch)
        term = Terminal(cmd, env, folder)
        try:
            term.read(quiet=1.0)  # the first prompt
            for n, line in enumerate(lines):
                term.type(line + "\t")
                term.read()
                marker = f"DONE{n}:"
                term.type(f"\x01echo {marker}\r")
                # The output line: at a line start, or after a terminal mode sequence (fish ends
                # bracketed paste before a command's output).
                m = term.read(until=rb"(?:[\r\n]|\x1b\[[0-9;?]*[A-Za-z])" + marker.encode() + rb"([^\r\n]*)[\r\n]")
                print(m.group(1).decode(errors="replace").rstrip())
                term.read()
        except TimeoutError:
            print(f"completion_check: {shell} did not answer; its terminal showed:", file=sys.stderr)
            print(repr(term.output.decode(errors="replace")[-3000:]), file=sys.stderr)
            return 1
        finally:
            term.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
