"""Shell completion for bash, zsh and fish: the scripts (`kehoach --show-completion bash`), their
installation (`--install-completion`), and the answer to one press of Tab.

The shell's script runs `kehoach` with `_KEHOACH_COMPLETE=bash|zsh|fish` and the words typed so
far (COMP_WORDS, one per line, and COMP_CWORD, the index of the word being completed); `main()`
answers before the app runs, one line per candidate: `type<TAB>value<TAB>help`, type `plain` or
`file` (the shell completes a path itself). What is offered is click's own resolution over the
lazy command table: command names with their one-line help (no command module is imported for
that), a command's options with their help (that command alone is built), the values of a
choice (`--format`), and for `tasks --unit` the unit codes of the plan named before it. Help is
Vietnamese; bash shows none (it cannot), zsh and fish show it beside each candidate.

Standard library and the click that typer carries: nothing here is imported by other commands.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from kehoach import clihelp

ENV = "_KEHOACH_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
FUNCTION = "_kehoach_completion"

BASH = r"""# Gợi ý lệnh kehoach cho bash (kehoach --show-completion bash). Cần bash 4.4 trở lên.
%(func)s() {
    local IFS=$'\n' kind value help line
    local response
    response=$(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD %(var)s=bash "$1" 2>/dev/null)
    COMPREPLY=()
    for line in $response; do
        IFS=$'\t' read -r kind value help <<< "$line"
        if [[ $kind == file ]]; then
            compopt -o default
        elif [[ $kind == plain ]]; then
            COMPREPLY+=("$value")
        fi
    done
    return 0
}
complete -o nosort -F %(func)s %(prog)s
"""

ZSH = r"""#compdef %(prog)s
# Gợi ý lệnh kehoach cho zsh (kehoach --show-completion zsh), kèm giải thích tiếng Việt.
%(func)s() {
    local -a described plain response
    local line kind value help files=0
    response=("${(@f)$(env COMP_WORDS="${(F)words[1,CURRENT]}" COMP_CWORD=$((CURRENT-1)) \
%(var)s=zsh "${words[1]}" 2>/dev/null)}")
    for line in "${response[@]}"; do
        kind="${line%%%%$'\t'*}"; line="${line#*$'\t'}"
        value="${line%%%%$'\t'*}"; help="${line#*$'\t'}"
        if [[ $kind == file ]]; then
            files=1
        elif [[ $kind == plain && -n $help ]]; then
            described+=("${value//:/\\:}:$help")
        elif [[ $kind == plain ]]; then
            plain+=("$value")
        fi
    done
    (( ${#described} )) && _describe -V kehoach described
    (( ${#plain} )) && compadd -V kehoach -a plain
    (( files )) && _files
    return 0
}
if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
    %(func)s "$@"
else
    compdef %(func)s %(prog)s
fi
"""

FISH = r"""# Gợi ý lệnh kehoach cho fish (kehoach --show-completion fish), kèm giải thích tiếng Việt.
function %(func)s
    set -l previous (commandline -opc)
    set -l current (commandline -ct)
    set -l words (string join \n -- $previous "$current" | string collect)
    set -l response (env COMP_WORDS="$words" COMP_CWORD=(count $previous) %(var)s=fish %(prog)s 2>/dev/null)
    for line in $response
        set -l parts (string split -m 2 \t -- $line)
        if test "$parts[1]" = file
            __fish_complete_path (commandline -ct)
        else if test "$parts[1]" = plain
            if test -n "$parts[3]"
                printf '%%s\t%%s\n' $parts[2] $parts[3]
            else
                echo $parts[2]
            end
        end
    end
end
complete -c %(prog)s -f -a '(%(func)s)'
"""

_SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}


def script(shell: str, prog: str = "kehoach") -> str:
    return _SCRIPTS[shell] % {"func": FUNCTION, "prog": prog, "var": ENV}


def install_path(shell: str) -> Path:
    """Where each shell loads a completion by itself: bash-completion's user folder, a folder for
    zsh's fpath, fish's completions folder."""
    home = Path.home()
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return {"bash": data / "bash-completion" / "completions" / "kehoach",
            "zsh": home / ".zfunc" / "_kehoach",
            "fish": config / "fish" / "completions" / "kehoach.fish"}[shell]


def install(shell: str) -> tuple[Path, list[str]]:
    """Write the script where the shell finds it (atomically; never into a startup file such as
    ~/.bashrc, which stays the user's); what to do once more, if anything, in Vietnamese."""
    from kehoach.output import write_atomic

    path = install_path(shell)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, script(shell).encode("utf-8"))
    after = {
        "bash": ["bash nạp tệp này khi bạn gõ Tab sau `kehoach` (cần gói bash-completion, có sẵn trên "
                 "Debian, Ubuntu). Không có bash-completion thì thêm vào ~/.bashrc dòng:",
                 '    eval "$(kehoach --show-completion bash)"'],
        "zsh": ["Thêm vào ~/.zshrc, trước dòng `compinit` (hoặc trước `source $ZSH/oh-my-zsh.sh`):",
                "    fpath+=~/.zfunc; autoload -Uz compinit; compinit"],
        "fish": ["fish nạp tệp này ngay từ lần gõ Tab sau."],
    }[shell]
    return path, after


# ---- one press of Tab -----------------------------------------------------------------------------


def _click_completion() -> Any:
    try:  # typer ≥ 0.2x carries its own click
        from typer._click import shell_completion
    except ImportError:  # pragma: no cover - depends on the typer release
        from click import shell_completion  # type: ignore[no-redef]
    return shell_completion


# A parameter whose value is a path, by the name its help gives the value: Tab completes a path.
_PATHLIKE = re.compile(r"TỆP|THƯ_MỤC|KẾ_HOẠCH|THƯ_VIỆN|TÊN|\.(?:pem|p12|pdf|png)")


def _short(text: str | None, limit: int = 80) -> str:
    """A help line for a menu: its first sentence, in Vietnamese, on one line, not too long."""
    if not text:
        return ""
    text = " ".join(clihelp.translate(text).split())
    first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0].rstrip(".;")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def completions(app: Any, words: list[str], index: int) -> list[tuple[str, str, str]]:
    """(type, value, help) for the word at `index` of `words` (the command line as the shell
    split it, `words[0]` the program) in the typer `app`: click resolves which command and which
    parameter the word belongs to, as for any click program; a path parameter with nothing to
    offer answers `file`, so that the shell completes a path."""
    import typer

    completion = _click_completion()
    args = words[1:index]
    incomplete = words[index] if index < len(words) else ""
    ctx = completion._resolve_context(typer.main.get_command(app), {}, "kehoach", list(args))
    owner, incomplete = completion._resolve_incomplete(ctx, list(args), incomplete)
    out = [("file" if item.type in ("file", "dir") else "plain", str(item.value), _short(item.help))
           for item in owner.shell_complete(ctx, incomplete)]
    metavar = getattr(owner, "metavar", None) or ""
    if not out and hasattr(owner, "param_type_name") and _PATHLIKE.search(metavar):
        out = [("file", incomplete, "")]
    return out


def respond(app: Any, shell: str) -> int:
    """Answer the shell's script for the typer `app`: one line per candidate. Never a traceback
    on the screen."""
    try:
        words = os.environ.get("COMP_WORDS", "").split("\n")
        index = int(os.environ.get("COMP_CWORD", len(words) - 1))
        for kind, value, help in completions(app, words, index):
            print(f"{kind}\t{value}\t{help}".replace("\n", " ") if shell != "bash" else f"{kind}\t{value}")
    except Exception:  # a Tab must never print an error into the command line being typed
        if os.environ.get("KEHOACH_DEBUG"):
            raise
        return 1
    sys.stdout.flush()
    return 0
