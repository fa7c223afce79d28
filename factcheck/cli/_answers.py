"""The review queue's prompts: keys with their legend, cancelling, checked text.

Single keys in a terminal (``click.getchar``); one line per answer when stdin
is not a terminal. Every prompt but the menu is cancelled by Esc, Enter or
``q`` (:class:`Cancel`); the end of input or Ctrl-C quits (:class:`Quit`);
input that is not UTF-8 stops the queue (:class:`BadInput`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping

import click

from factcheck.cli._common import visible

ESC = "\x1b"


class Quit(Exception):
    """The reviewer asked to stop, or the input ran out."""


class Cancel(Exception):
    """The reviewer cancelled a prompt (Esc, Enter or q): nothing is written."""


class BadInput(Exception):
    """Standard input is not UTF-8 text: the queue stops."""


def _legend(options: Mapping[str, str], *, cancel: bool) -> str:
    keys = " ".join(f"{key}={value}" for key, value in options.items())
    return f"{keys}, Enter/Esc/q=cancel" if cancel else keys


class Answers:
    """Reads the reviewer's answers: single keys on a terminal, lines otherwise."""

    def __init__(self, *, interactive: bool) -> None:
        self.interactive = interactive
        self.at_prompt = False
        """True while a prompt waits on its line (input that ends there needs a newline)."""

    def menu(self, prompt: str, options: Mapping[str, str]) -> str:
        """A menu choice (``q`` is one of them); Esc and Enter just ask again."""
        while True:
            answer = self._ask(f"{prompt} [{_legend(options, cancel=False)}]: ", key=True)
            if answer in ("", ESC):
                continue
            if chosen := self._match(answer, options):
                return chosen
            click.echo(f"  unknown key {visible(answer)!r}; one of {'/'.join(options)}")

    def choose(self, prompt: str, options: Mapping[str, str]) -> str:
        """The value of the chosen option; Esc, Enter or ``q`` raises :class:`Cancel`."""
        while True:
            answer = self._ask(f"{prompt} [{_legend(options, cancel=True)}]: ", key=True)
            if answer in ("", ESC, "q"):
                raise Cancel
            if chosen := self._match(answer, options):
                return chosen
            click.echo(f"  unknown key {visible(answer)!r}; one of {'/'.join(options)}")

    def text(
        self,
        prompt: str,
        *,
        optional: bool = False,
        check: Callable[[str], object] | None = None,
    ) -> str | None:
        """A line of text, checked as typed (asked again until it passes).

        Esc or ``q`` cancels; Enter cancels a required answer and means "none"
        for an optional one (its legend says which).
        """
        legend = "Enter=none, Esc/q=cancel" if optional else "Enter/Esc/q=cancel"
        while True:
            line = self._ask(f"{prompt} [{legend}]: ", key=False).strip()
            if ESC in line or line == "q":
                raise Cancel
            if not line:
                if optional:
                    return None
                raise Cancel
            problem = _text_problem(line, check)
            if problem is None:
                return line
            click.echo(f"  {problem}; type it again")

    @staticmethod
    def _match(answer: str, options: Mapping[str, str]) -> str | None:
        lowered = answer.strip().lower()
        if lowered in options:
            return options[lowered]
        return lowered if lowered in options.values() else None

    def _ask(self, prompt: str, *, key: bool) -> str:
        click.echo(prompt, nl=False)
        self.at_prompt = True
        if not self.interactive:
            line = self._line()
            click.echo(visible(line))
        elif not key:
            line = self._prompt_line()
        else:
            line = self._key()
            click.echo(visible(line) if line not in ("\r", "\n", ESC) else "")
            line = "" if line in ("\r", "\n") else line
        self.at_prompt = False
        return line

    def _key(self) -> str:
        try:
            key = click.getchar()
        except (KeyboardInterrupt, EOFError, click.Abort):
            raise Quit from None
        if key in ("\x03", "\x04"):
            raise Quit
        if key.startswith(ESC):
            return ESC  # Esc alone, or an arrow/function key's sequence
        return key

    def _prompt_line(self) -> str:
        try:
            line = str(click.prompt("", default="", show_default=False, prompt_suffix=""))
        except (KeyboardInterrupt, EOFError, click.Abort):
            raise Quit from None
        _require_text(line)
        return line

    def _line(self) -> str:
        """One line of piped input, which must be UTF-8 (checked here, not on write)."""
        stream = getattr(sys.stdin, "buffer", None)
        try:
            raw = stream.readline() if stream is not None else sys.stdin.readline()
        except UnicodeDecodeError:
            raise BadInput from None
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise BadInput from None
        if not raw:
            raise Quit
        _require_text(raw)
        return str(raw).rstrip("\r\n")


def _require_text(line: str) -> None:
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes kept as lone surrogates
        raise BadInput from None


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _text_problem(line: str, check: Callable[[str], object] | None) -> str | None:
    """Why a typed line cannot be stored, in the words the library uses, or None."""
    from factcheck.model import check_storable_text

    if match := _CONTROL.search(line):
        return f"it contains a control character ({visible(match.group())})"
    try:
        check_storable_text(line)
        if check is not None:
            check(line)
    except ValueError as exc:
        return str(exc)
    return None
