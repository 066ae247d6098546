"""`kehoach words`: an amount in words, as a plan writes it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from kehoach.cli.commands import command_app
from kehoach.cli.options import ColorOption
from kehoach.diagnostics import KehoachError

app = command_app()


@app.command("words", context_settings={"ignore_unknown_options": True})  # `words -5` is an amount
def words(
    amount: Annotated[str, typer.Argument(
        metavar="SỐ_TIỀN", help="Số tiền: 13000000, 13_000_000, 13.000.000 hoặc \"1.234,5 triệu đồng\".")],
    color: ColorOption = None,
) -> None:
    """In số tiền bằng chữ: `kehoach words 13000000` → Mười ba triệu đồng."""
    from kehoach.money import MoneyError, amount_in_words, parse_stated

    try:
        typer.echo(amount_in_words(parse_stated(amount.strip())))
    except MoneyError as exc:
        raise KehoachError(str(exc)) from None
